package dev.kcemporix.auth.assisted;

import dev.kcemporix.auth.anonymous.AnonymousTokenService;
import dev.kcemporix.auth.api.Caller;
import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.KeycloakBearerTokens;
import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.Arrays;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * A staff member acting for customers: a user of the tenant's realm whose access token, checked by
 * Keycloak's bearer-token authenticator, comes from a client that is no storefront client and
 * carries the client scope {@value AssistedBuyingResource#MANAGE}. Keycloak puts that scope in a
 * token only for users holding a role of the scope's role mappings (provisioning maps it to {@value
 * AssistedBuyingResource#STAFF_ROLE}); that role is required here too, at every call, so a token
 * outlives no revoked role and a scope an admin unmapped grants nothing. Refused: no token or an
 * invalid one, 401; a visitor's, a customer's or a service token, a token without the scope or the
 * role, or a tenant with assisted buying off, 403.
 *
 * @param user the staff member
 * @param client the client their token came from
 */
record Employee(UserModel user, ClientModel client) {

    /** The caller of the assisted-buying calls, as the request layer resolves it. */
    static final Caller<Employee> CALLER = new Caller<>(Route.Access.EMPLOYEE, Employee::of);

    private static Employee of(EmporixRequest request) {
        RealmModel realm = request.realm();
        String token = request.bearerToken();
        if (token != null && AnonymousTokenService.looksAnonymous(token)) {
            // A genuine visitor's token is forbidden here; any other is no token at all.
            new AnonymousTokenService(request.session(), realm).verifyAccessToken(token);
            throw EmporixException.forbidden("A visitor may not act for customers");
        }
        if (token == null) {
            throw EmporixException.invalidToken();
        }
        AuthResult auth = KeycloakBearerTokens.authenticate(request.session(), realm, token);
        if (!TenantSetting.ASSISTED_BUYING.flag(realm)) {
            throw EmporixException.forbidden("Assisted buying is off for this tenant");
        }
        if (auth.user().getServiceAccountClientLink() != null) {
            throw EmporixException.forbidden("A service token may not act for customers");
        }
        if (auth.client() == null || TenantRealms.isStorefrontClient(realm, auth.client())) {
            throw EmporixException.forbidden("A customer token may not act for customers");
        }
        String scope = auth.token().getScope();
        boolean granted =
                scope != null
                        && Arrays.asList(scope.trim().split("\\s+"))
                                .contains(AssistedBuyingResource.MANAGE);
        if (!granted || !holdsStaffRole(realm, auth.user())) {
            throw EmporixException.forbidden(
                    "The token lacks the scope " + AssistedBuyingResource.MANAGE);
        }
        return new Employee(auth.user(), auth.client());
    }

    /**
     * Whether {@code user} holds the staff role now: whatever role mappings an admin gave the
     * scope, a token alone is never enough.
     */
    static boolean holdsStaffRole(RealmModel realm, UserModel user) {
        RoleModel staff = realm.getRole(AssistedBuyingResource.STAFF_ROLE);
        return user != null && user.isEnabled() && staff != null && user.hasRole(staff);
    }
}
