package dev.kcemporix.auth.passkeys;

import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A passkey ceremony between its options and its finish: the challenge the authenticator must sign,
 * whose it is (a customer registering, or a visitor's storefront session logging in), through which
 * storefront client, and until when. Kept only in Keycloak's single-use store (every node sees it)
 * under the tenant's key, and taken with {@code remove} before anything is verified: of two
 * finishes at once, on any node, one gets it.
 */
record Ceremony(Kind kind, String challenge, String subject, String client, long until) {

    enum Kind {
        REGISTRATION,
        LOGIN
    }

    /** What a ceremony id looks like; anything else is no ceremony, unlooked-up. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new ceremony with a fresh 32-byte challenge, good for {@code seconds}. */
    static Ceremony begin(Kind kind, String subject, String client, int seconds) {
        return new Ceremony(kind, random(32), subject, client, Time.currentTime() + seconds);
    }

    /** Stores the ceremony; its id. Forgotten if the request fails after all. */
    String keep(KeycloakSession session, RealmModel realm) {
        String id = random(24);
        StoreEntry.Key key = StoreEntry.PASSKEY_CEREMONY.key(realm, id);
        SingleUseStore.of(session)
                .put(
                        key,
                        Math.max(1, until - Time.currentTime()),
                        Map.of(
                                "kind", kind.name(),
                                "challenge", challenge,
                                "subject", subject,
                                "client", client,
                                "until", Long.toString(until)));
        SingleUseStore.removeOnRollback(session, key);
        return id;
    }

    /**
     * Takes the ceremony {@code id} of this tenant out of the store: null when there is none (used,
     * expired, another tenant's, never issued) or it is not of {@code kind}.
     */
    static Ceremony take(KeycloakSession session, RealmModel realm, String id, Kind kind) {
        if (id == null || !ID.matcher(id).matches()) {
            return null;
        }
        Map<String, String> stored =
                SingleUseStore.of(session).remove(StoreEntry.PASSKEY_CEREMONY.key(realm, id));
        if (stored == null || !kind.name().equals(stored.get("kind"))) {
            return null;
        }
        long until;
        try {
            until = Long.parseLong(stored.get("until"));
        } catch (NumberFormatException e) {
            return null;
        }
        if (until <= Time.currentTime()) {
            return null;
        }
        return new Ceremony(
                kind, stored.get("challenge"), stored.get("subject"), stored.get("client"), until);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
