package dev.kcemporix.auth.migration;

import dev.kcemporix.auth.keycloak.AddressDigests;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Refused logins of login-through migration, counted per address: the address has no user here yet,
 * so Keycloak's brute-force detector has nothing to count on, and the realm must not become a
 * password-guessing oracle against the source. With the realm's brute-force protection on, after
 * its failure factor of refusals within its maximum wait (Realm settings → Security defenses), the
 * source is not asked for that address until that time has passed since the refusals: the login is
 * the ordinary 401.
 *
 * <p>Counted in Keycloak's cluster-wide single-use store, keyed by a digest of the address, as one
 * entry per refusal: refusal n takes slot n with {@code putIfAbsent}, which is atomic on every
 * node, so two refusals at the same moment take two slots and both count.
 */
final class MigrationFailures {

    private final KeycloakSession session;

    MigrationFailures(KeycloakSession session) {
        this.session = session;
    }

    boolean tooMany(RealmModel realm, String email) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        return SingleUseStore.of(session).contains(slot(realm, email, factor(realm)));
    }

    void count(RealmModel realm, String email) {
        if (!realm.isBruteForceProtected()) {
            return;
        }
        SingleUseStore store = SingleUseStore.of(session);
        int lifespan = Math.max(60, realm.getMaxFailureWaitSeconds());
        for (int n = 1; n <= factor(realm); n++) {
            if (store.putIfAbsent(slot(realm, email, n), lifespan)) {
                return;
            }
        }
    }

    private static int factor(RealmModel realm) {
        return Math.max(1, realm.getFailureFactor());
    }

    private static StoreEntry.Key slot(RealmModel realm, String email, int n) {
        return StoreEntry.MIGRATION_REFUSED.key(realm, AddressDigests.of(email), n);
    }
}
