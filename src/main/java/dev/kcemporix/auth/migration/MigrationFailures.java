package dev.kcemporix.auth.migration;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

import dev.kcemporix.auth.http.AddressDigests;

/**
 * Refused logins of login-through migration, counted per address: the address has no user here yet,
 * so Keycloak's brute-force detector has nothing to count on, and the realm must not become a
 * password-guessing oracle against the source. With the realm's brute-force protection on, after
 * its failure factor of refusals within its maximum wait (Realm settings → Security defenses), the
 * source is not asked for that address until that time has passed since the last refusal: the
 * login is the ordinary 401. Counted in Keycloak's cluster-wide single-use store (every node sees
 * the count), keyed by a digest of the address.
 */
final class MigrationFailures {

    private static final String PREFIX = "emporix.migration.refused.";
    private static final String COUNT = "count";

    private final KeycloakSession session;

    MigrationFailures(KeycloakSession session) {
        this.session = session;
    }

    boolean tooMany(RealmModel realm, String email) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        return count(session.singleUseObjects().get(key(realm, email))) >= Math.max(1, realm.getFailureFactor());
    }

    void count(RealmModel realm, String email) {
        if (!realm.isBruteForceProtected()) {
            return;
        }
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = key(realm, email);
        // Not atomic: two refusals at the same moment may count once. The factor is a threshold, not an exact budget.
        int refused = count(store.get(key)) + 1;
        store.put(key, Math.max(60, realm.getMaxFailureWaitSeconds()), Map.of(COUNT, Integer.toString(refused)));
    }

    private static int count(Map<String, String> notes) {
        try {
            return notes == null ? 0 : Integer.parseInt(notes.getOrDefault(COUNT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(RealmModel realm, String email) {
        return PREFIX + realm.getId() + "." + AddressDigests.of(email);
    }
}
