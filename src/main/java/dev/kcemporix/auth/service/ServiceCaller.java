package dev.kcemporix.auth.service;

import dev.kcemporix.auth.api.Caller;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.KeycloakBearerTokens;
import java.util.Arrays;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The machine caller of an admin-grade call (the customer import): a service access token of the
 * tenant (docs/endpoints.md, *Service access token*), checked by Keycloak's bearer-token
 * authenticator, whose scopes include one of those the call accepts. Any other token: 401; a
 * service token without the scope: 403.
 */
public final class ServiceCaller {

    private ServiceCaller() {}

    /**
     * The caller of a call for service tokens with one of {@code anyOfScopes}, as the request layer
     * resolves it.
     */
    public static Caller<AuthResult> withScope(String... anyOfScopes) {
        Set<String> scopes = Set.of(anyOfScopes);
        return new Caller<>(
                Route.Access.SERVICE,
                request ->
                        require(request.session(), request.realm(), request.bearerToken(), scopes));
    }

    public static AuthResult require(
            KeycloakSession session,
            RealmModel realm,
            String bearerToken,
            Set<String> anyOfScopes) {
        AuthResult auth = KeycloakBearerTokens.authenticate(session, realm, bearerToken);
        if (auth.user().getServiceAccountClientLink() == null
                || auth.client() == null
                || !auth.client().getId().equals(auth.user().getServiceAccountClientLink())) {
            // A customer's or an admin's token: not a service token.
            throw EmporixException.invalidToken();
        }
        String scope = auth.token().getScope();
        boolean granted =
                scope != null
                        && Arrays.stream(scope.trim().split("\\s+"))
                                .anyMatch(anyOfScopes::contains);
        if (!granted) {
            throw EmporixException.forbidden(
                    "The service token lacks the scope "
                            + String.join(" or ", anyOfScopes.stream().sorted().toList()));
        }
        return auth;
    }
}
