package dev.kcemporix.auth.login;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.Impersonation;
import dev.kcemporix.auth.keycloak.KeycloakBearerTokens;
import dev.kcemporix.auth.keycloak.LoginFactors;
import dev.kcemporix.auth.tenant.TenantRealms;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Customer tokens checked and ended (docs/endpoints.md, *Validate*, *Logout*): Keycloak's
 * bearer-token authenticator decides, plus the one rule of ours that a customer token is one of the
 * tenant's storefront clients; logout is Keycloak's backchannel logout.
 */
public final class CustomerTokenCheck {

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerTokenCheck(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The customer behind a bearer token, checked by Keycloak's bearer-token authenticator
     * (signature, issuer, expiry, revocation, live session, enabled user); service-account tokens
     * are not customer tokens.
     */
    public AuthResult authenticate(String tokenString) {
        AuthResult auth = KeycloakBearerTokens.authenticate(session, realm, tokenString);
        if (auth.user().getServiceAccountClientLink() != null
                || !TenantRealms.isStorefrontClient(realm, auth.client())) {
            // A service account's token, or a shopper's token of a partner app, the account
            // console, admin-cli: no customer token.
            throw EmporixException.invalidToken();
        }
        Impersonation impersonation = Impersonation.of(auth.session());
        if (impersonation != null && impersonation.isOver(session, realm, Time.currentTime())) {
            // An assisted session past its cap (its tokens end there already, unless a client
            // lacked the mapper that cuts them), or its staff member disabled or gone.
            throw EmporixException.invalidToken();
        }
        if (LoginFactors.lacksRequiredCode(session, realm, auth.session())) {
            // A brokered login of a customer with a device, its code redeemed at Keycloak's own
            // token endpoint: no code, no customer.
            throw EmporixException.invalidToken();
        }
        return auth;
    }

    public ValidationResponse validate(String tokenString) {
        EventBuilder event = Events.of(session, realm, EventType.INTROSPECT_TOKEN);
        ClientModel named = clientOfAccessToken(tokenString);
        if (named != null) {
            event.client(named);
        }
        AuthResult auth;
        try {
            auth = authenticate(tokenString);
        } catch (EmporixException e) {
            event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_TOKEN);
            throw e;
        }
        event.client(auth.client()).user(auth.user()).session(auth.session()).success();
        Impersonation impersonation = Impersonation.of(auth.session());
        return ValidationResponse.of(
                auth.token(),
                auth.user(),
                IssuedTokens.storefrontSessionId(auth.session()),
                realm.getName(),
                Time.currentTime(),
                impersonation == null ? null : impersonation.actorId());
    }

    /** Ends the customer's Keycloak user session, as Keycloak's own logout endpoint does. */
    public void logout(AuthResult auth) {
        EventBuilder event = Events.of(session, realm, EventType.LOGOUT).client(auth.client());
        AuthenticationManager.backchannelLogout(
                session,
                realm,
                auth.session(),
                session.getContext().getUri(),
                session.getContext().getConnection(),
                session.getContext().getRequestHeaders(),
                true);
        event.user(auth.user()).session(auth.session()).success();
    }

    /**
     * The storefront client an access token names, when it names one of this realm; not a
     * verification.
     */
    public ClientModel clientOfAccessToken(String accessToken) {
        JsonWebToken token = IssuedTokens.unverifiedOrNull(accessToken, JsonWebToken.class);
        return token == null || token.getIssuedFor() == null
                ? null
                : realm.getClientByClientId(token.getIssuedFor());
    }
}
