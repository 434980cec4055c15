package dev.kcemporix.auth.anonymous;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;

/**
 * Issues and checks anonymous tokens. Stateless by design: nothing is written anywhere when a token
 * is issued or refreshed, since this is the most frequent call a shop makes. Signing and
 * verification go through Keycloak's token manager, so the realm's active keys (and their rotation
 * in the console) apply.
 */
public final class AnonymousTokenService {

    /** Seconds a token's nbf may lie in the future, as Keycloak allows for its own tokens. */
    private static final int ALLOWED_CLOCK_SKEW = 10;

    private final KeycloakSession session;
    private final RealmModel realm;

    public AnonymousTokenService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A new visitor session: fresh {@code sessionId}. */
    public AnonymousTokenResponse login(ClientModel client, SessionNotes notes) {
        return issue(client, UUID.randomUUID().toString(), notes);
    }

    /**
     * Renews the tokens of the visitor session bound into {@code refreshToken}, unless a customer
     * has claimed that session.
     */
    public AnonymousTokenResponse refresh(
            ClientModel client, String refreshToken, SessionNotes notes) {
        AnonymousRefreshToken previous =
                verify(refreshToken, AnonymousRefreshToken.class, AnonymousRefreshToken.TYPE);
        if (!client.getClientId().equals(previous.getClientId())
                || previous.getSessionId() == null
                || new StorefrontSessions(session, realm).isClaimed(previous.getSessionId())) {
            throw EmporixException.invalidToken();
        }
        SessionNotes kept = previous.getNotes() == null ? SessionNotes.NONE : previous.getNotes();
        return issue(client, previous.getSessionId(), kept.updatedBy(notes));
    }

    /**
     * The anonymous access token of this tenant in {@code tokenString}, with its client still one
     * of the tenant's storefront clients; 401 in the gateway shape otherwise.
     */
    public AnonymousAccessToken verifyAccessToken(String tokenString) {
        AnonymousAccessToken token =
                verify(tokenString, AnonymousAccessToken.class, AnonymousAccessToken.TYPE);
        ClientModel client =
                token.getClientId() == null ? null : realm.getClientByClientId(token.getClientId());
        if (!TenantRealms.isStorefrontClient(realm, client) || token.getSessionId() == null) {
            throw EmporixException.invalidToken();
        }
        return token;
    }

    /**
     * Whether {@code token} reads as an anonymous access token; no verification (see {@link
     * #verifyAccessToken}).
     */
    public static boolean looksAnonymous(String token) {
        try {
            return AnonymousAccessToken.TYPE.equals(
                    new JWSInput(token).readJsonContent(JsonWebToken.class).getType());
        } catch (JWSInputException | RuntimeException e) {
            return false;
        }
    }

    private AnonymousTokenResponse issue(ClientModel client, String sessionId, SessionNotes notes) {
        AnonymousTokenSettings settings = AnonymousTokenSettings.of(realm, client);
        String scope = "tenant=" + realm.getName();
        SessionNotes kept = notes.isEmpty() ? null : notes;

        AnonymousAccessToken access = new AnonymousAccessToken();
        stamp(access, AnonymousAccessToken.TYPE, client, settings.accessTokenLifespan());
        access.tenant = realm.getName();
        access.sessionId = sessionId;
        access.scope = scope;
        access.notes = kept;

        AnonymousRefreshToken refresh = new AnonymousRefreshToken();
        stamp(refresh, AnonymousRefreshToken.TYPE, client, settings.refreshTokenLifespan());
        refresh.tenant = realm.getName();
        refresh.sessionId = sessionId;
        refresh.notes = kept;

        return new AnonymousTokenResponse(
                "Bearer",
                session.tokens().encode(access),
                settings.accessTokenLifespan(),
                session.tokens().encode(refresh),
                settings.refreshTokenLifespan(),
                sessionId,
                scope);
    }

    private void stamp(AnonymousToken token, String type, ClientModel client, int lifespan) {
        token.id(UUID.randomUUID().toString());
        long now = Time.currentTime();
        token.iat(now);
        token.exp(now + lifespan);
        token.issuer(issuer());
        token.type(type);
        token.clientId = client.getClientId();
    }

    private <T extends AnonymousToken> T verify(String tokenString, Class<T> kind, String type) {
        if (tokenString == null || tokenString.isBlank()) {
            throw EmporixException.invalidToken();
        }
        T token = session.tokens().decode(tokenString, kind);
        if (token == null
                || !type.equals(token.getType())
                || !issuer().equals(token.getIssuer())
                || !realm.getName().equals(token.getTenant())
                || token.getExp() == null
                || token.getIat() == null
                || token.getIat() < realm.getNotBefore()
                || !token.isNotBefore(ALLOWED_CLOCK_SKEW)) {
            throw EmporixException.invalidToken();
        }
        if (token.isExpired()) {
            throw EmporixException.expiredToken();
        }
        return token;
    }

    private String issuer() {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }
}
