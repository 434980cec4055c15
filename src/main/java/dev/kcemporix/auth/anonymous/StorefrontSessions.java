package dev.kcemporix.auth.anonymous;

import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import java.util.Map;
import java.util.UUID;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Whose a storefront session is. The {@code sessionId} of anonymous tokens is the visitor's
 * session, which shops key carts by; it is no credential and belongs to at most one customer. The
 * first customer who logs in with it claims it: that customer keeps it (also when logging out and
 * in again); another customer logging in with an anonymous token of that session gets a session of
 * their own (a shared device must not hand one shopper's cart to the next); and the session's
 * anonymous tokens can no longer be refreshed, so whoever kept them cannot ride the customer's
 * session.
 *
 * <p>Claims live in Keycloak's single-use store, which every node of a cluster sees, for as long as
 * an anonymous token of the session can still be presented.
 */
public final class StorefrontSessions {

    private static final String OWNER = "user";

    private final KeycloakSession session;
    private final RealmModel realm;

    public StorefrontSessions(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The storefront session id {@code customer}'s login keeps: the anonymous token's, claimed for
     * the customer unless another customer claimed it first, in which case a new one.
     */
    public String claim(AnonymousAccessToken anonymous, ClientModel client, UserModel customer) {
        String sessionId = anonymous.getSessionId();
        StoreEntry.Key key = key(sessionId);
        SingleUseStore store = SingleUseStore.of(session);
        AnonymousTokenSettings lifespans = AnonymousTokenSettings.of(realm, client);
        int lifespan = Math.max(lifespans.accessTokenLifespan(), lifespans.refreshTokenLifespan());
        if (store.putIfAbsent(key, lifespan)) {
            store.put(key, lifespan, Map.of(OWNER, customer.getId()));
            // The owner is written at commit; a login that fails after this point leaves no
            // ownerless claim.
            SingleUseStore.removeOnRollback(session, key);
            return sessionId;
        }
        Map<String, String> claim = store.get(key);
        // A claim whose owner is not written yet is a concurrent login of someone: a new session is
        // the safe side.
        return claim != null && customer.getId().equals(claim.get(OWNER))
                ? sessionId
                : UUID.randomUUID().toString();
    }

    /** Whether a customer has claimed storefront session {@code sessionId}. */
    boolean isClaimed(String sessionId) {
        return SingleUseStore.of(session).contains(key(sessionId));
    }

    private StoreEntry.Key key(String sessionId) {
        return StoreEntry.STOREFRONT_SESSION.key(realm, sessionId);
    }
}
