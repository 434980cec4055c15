package dev.kcemporix.auth.login;

import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.Urls;

/**
 * What goes with the tokens Keycloak issued to a customer: the user session behind them, the
 * storefront's {@code sessionId} kept as a note of that session (persisted with it, so it survives
 * restarts and every node sees it), and the {@code saas_token}.
 */
final class IssuedTokens {

    /** User session note holding the storefront session id the customer logged in with. */
    static final String SESSION_ID_NOTE = "emporix.sessionId";

    private final KeycloakSession session;
    private final RealmModel realm;

    IssuedTokens(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The Keycloak user session the grant just created or refreshed, found through its refresh
     * token.
     */
    UserSessionModel userSessionOf(AccessTokenResponse tokens) {
        RefreshToken refresh = unverified(tokens.getRefreshToken(), RefreshToken.class);
        UserSessionModel userSession =
                session.sessions().getUserSession(realm, refresh.getSessionId());
        if (userSession == null) {
            throw new IllegalStateException(
                    "Keycloak issued tokens for a user session it cannot find");
        }
        return userSession;
    }

    /**
     * The storefront session id; a session started outside our login (Keycloak's own endpoints)
     * reports its own id.
     */
    static String storefrontSessionId(UserSessionModel userSession) {
        String note = userSession.getNote(SESSION_ID_NOTE);
        return note != null ? note : userSession.getId();
    }

    String saasToken(UserSessionModel userSession, Long exp, String legalEntityId) {
        UserModel user = userSession.getUser();
        SaasToken saas = new SaasToken();
        saas.id(UUID.randomUUID().toString());
        saas.iat((long) Time.currentTime());
        saas.exp(exp);
        saas.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        saas.type(SaasToken.TYPE);
        String customerNumber = user.getFirstAttribute("customerNumber");
        saas.subject(
                customerNumber == null || customerNumber.isBlank() ? user.getId() : customerNumber);
        saas.email = user.getEmail();
        saas.tenant = realm.getName();
        saas.legalEntityId = legalEntityId;
        saas.sessionId = userSession.getId();
        KeyWrapper key =
                TenantSetting.SAAS_TOKEN_ES256.flag(realm)
                        ? SaasToken.es256Key(session, realm)
                        : null;
        if (key == null) {
            return session.tokens().encode(saas);
        }
        // Signed as Keycloak's token manager signs, with the tenant's own key (kid names it).
        SignatureSignerContext signer =
                session.getProvider(SignatureProvider.class, Algorithm.ES256).signer(key);
        return new JWSBuilder().type("JWT").jsonContent(saas).sign(signer);
    }

    static <T> T unverified(String token, Class<T> kind) {
        T parsed = unverifiedOrNull(token, kind);
        if (parsed == null) {
            throw new IllegalStateException(
                    "Keycloak issued a token that does not parse as " + kind.getSimpleName());
        }
        return parsed;
    }

    static <T> T unverifiedOrNull(String token, Class<T> kind) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return new JWSInput(token).readJsonContent(kind);
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
    }
}
