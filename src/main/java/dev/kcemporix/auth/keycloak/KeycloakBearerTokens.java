package dev.kcemporix.auth.keycloak;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.io.IOException;
import org.keycloak.common.util.Base64Url;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSHeader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.util.JsonSerialization;
import org.keycloak.util.TokenUtil;

/**
 * A bearer token of the tenant checked by Keycloak's bearer-token authenticator (signature, issuer,
 * expiry, token type, revocation, live session, enabled user), for any client: the features then
 * decide whose tokens they take (storefront customers, service accounts). Refusals are the
 * gateway's two shapes: expired, or invalid.
 */
public final class KeycloakBearerTokens {

    private KeycloakBearerTokens() {}

    public static AuthResult authenticate(
            KeycloakSession session, RealmModel realm, String tokenString) {
        if (!isSignedJwt(session, tokenString)) {
            throw EmporixException.invalidToken();
        }
        AuthResult auth =
                new AppAuthManager.BearerTokenAuthenticator(session)
                        .setRealm(realm)
                        .setTokenString(tokenString)
                        .authenticate();
        if (auth == null) {
            throw isExpiredAccessToken(session, realm, tokenString)
                    ? EmporixException.expiredToken()
                    : EmporixException.invalidToken();
        }
        return auth;
    }

    private static boolean isExpiredAccessToken(
            KeycloakSession session, RealmModel realm, String tokenString) {
        AccessToken token = session.tokens().decode(tokenString, AccessToken.class);
        return token != null
                && TokenUtil.TOKEN_TYPE_BEARER.equals(token.getType())
                && Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName())
                        .equals(token.getIssuer())
                && token.isExpired();
    }

    /**
     * A JWS whose algorithm this Keycloak can verify. Keycloak's bearer-token authenticator fails
     * with a NullPointerException on a header without an algorithm ({@code e30.e30.e30}) or with
     * one no signature provider serves (e.g. {"alg":0}), so such a token is refused here as invalid
     * instead.
     */
    private static boolean isSignedJwt(KeycloakSession session, String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        // The header alone (Keycloak's authenticator parses and verifies the whole token next).
        int dot = token.indexOf('.');
        if (dot <= 0 || token.indexOf('.', dot + 1) < 0) {
            return false;
        }
        try {
            String algorithm =
                    JsonSerialization.readValue(
                                    Base64Url.decode(token.substring(0, dot)), JWSHeader.class)
                            .getRawAlgorithm();
            return algorithm != null
                    && session.getProvider(SignatureProvider.class, algorithm) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
