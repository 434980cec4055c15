package dev.kcemporix.auth.customer;


import org.keycloak.common.util.Time;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.util.TokenUtil;

import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.TenantRealms;

/**
 * Customer tokens checked and ended (README, *Validate*, *Logout*): Keycloak's bearer-token
 * authenticator decides, plus the one rule of ours that a customer token is one of the tenant's
 * storefront clients; logout is Keycloak's backchannel logout.
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
        if (!isSignedJwt(tokenString)) {
            throw EmporixException.invalidToken();
        }
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(tokenString).authenticate();
        if (auth == null) {
            throw isExpiredAccessToken(tokenString) ? EmporixException.expiredToken() : EmporixException.invalidToken();
        }
        if (auth.user().getServiceAccountClientLink() != null || !TenantRealms.isStorefrontClient(realm, auth.client())) {
            // A service account's token, or a shopper's token of a partner app, the account console, admin-cli: no customer token.
            throw EmporixException.invalidToken();
        }
        return auth;
    }
    public ValidationResponse validate(String tokenString) {
        EventBuilder event = event(EventType.INTROSPECT_TOKEN);
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
        return ValidationResponse.of(auth.token(), auth.user(), IssuedTokens.storefrontSessionId(auth.session()), realm.getName(), Time.currentTime());
    }
    /** Ends the customer's Keycloak user session, as Keycloak's own logout endpoint does. */
    public void logout(AuthResult auth) {
        EventBuilder event = event(EventType.LOGOUT).client(auth.client());
        AuthenticationManager.backchannelLogout(session, realm, auth.session(), session.getContext().getUri(),
                session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
        event.user(auth.user()).session(auth.session()).success();
    }
    /** The storefront client an access token names, when it names one of this realm; not a verification. */
    public ClientModel clientOfAccessToken(String accessToken) {
        JsonWebToken token = IssuedTokens.unverifiedOrNull(accessToken, JsonWebToken.class);
        return token == null || token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
    }
    private boolean isExpiredAccessToken(String tokenString) {
        AccessToken token = session.tokens().decode(tokenString, AccessToken.class);
        return token != null
                && TokenUtil.TOKEN_TYPE_BEARER.equals(token.getType())
                && Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()).equals(token.getIssuer())
                && token.isExpired();
    }
    /**
     * A JWS whose algorithm this Keycloak can verify. Keycloak's bearer-token authenticator fails
     * with a NullPointerException on a header without an algorithm ({@code e30.e30.e30}) or with one
     * no signature provider serves (e.g. {"alg":0}), so such a token is refused here as invalid instead.
     */
    private boolean isSignedJwt(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        try {
            String algorithm = new JWSInput(token).getHeader().getRawAlgorithm();
            return algorithm != null && session.getProvider(SignatureProvider.class, algorithm) != null;
        } catch (JWSInputException | RuntimeException e) {
            return false;
        }
    }
    private EventBuilder event(EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type);
    }
}
