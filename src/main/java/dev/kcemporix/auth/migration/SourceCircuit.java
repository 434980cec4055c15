package dev.kcemporix.auth.migration;

import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import org.keycloak.models.KeycloakSession;

/**
 * A circuit breaker in front of the source shop of login-through migration: after {@code
 * failuresToOpen} calls in a row that the source did not answer (within a minute), logins of
 * unknown addresses answer 503 at once for {@code openSeconds} instead of each waiting out the
 * deadline; then one login at a time probes the source, and the first answer closes the circuit.
 *
 * <p>Kept in Keycloak's cluster-wide single-use store, per realm and provider, so every node sees
 * the circuit open: the failures as one entry each (taken with {@code putIfAbsent}, atomic on every
 * node), the open circuit and the probe as entries that end by themselves.
 */
final class SourceCircuit {

    /**
     * What a login may do now: ask the source, ask it as the one probe of a half-open circuit, or
     * not ask it.
     */
    enum Permit {
        CALL,
        PROBE,
        REFUSE
    }

    /** Failures older than this do not count towards opening the circuit. */
    static final int FAILURE_WINDOW_SECONDS = 60;

    private final KeycloakSession session;
    private final StoreEntry.Key key;
    private final int failuresToOpen;
    private final int openSeconds;

    SourceCircuit(
            KeycloakSession session,
            String realmId,
            String componentId,
            int failuresToOpen,
            int openSeconds) {
        this.session = session;
        this.key = StoreEntry.SOURCE_CIRCUIT.key(realmId, componentId);
        this.failuresToOpen = Math.max(1, failuresToOpen);
        this.openSeconds = Math.max(1, openSeconds);
    }

    Permit permit() {
        SingleUseStore store = SingleUseStore.of(session);
        if (store.contains(key.child("open"))) {
            return Permit.REFUSE;
        }
        if (store.contains(failure(failuresToOpen))) {
            // Half open: the open time is over, the failures are not; one login asks, the others do
            // not wait for it.
            return store.putIfAbsent(key.child("probe"), SourceShop.DEADLINE_MILLIS / 1000 + 2)
                    ? Permit.PROBE
                    : Permit.REFUSE;
        }
        return Permit.CALL;
    }

    /** The source answered (accepting or refusing the password): the failures in a row are over. */
    void answered(Permit permit) {
        SingleUseStore store = SingleUseStore.of(session);
        if (permit == Permit.PROBE || store.contains(failure(1))) {
            for (int n = 1; n <= failuresToOpen; n++) {
                store.remove(failure(n));
            }
            store.remove(key.child("probe"));
        }
    }

    /**
     * A probe that did not ask after all (this node had no call to spare): another login probes.
     */
    void releaseProbe(Permit permit) {
        if (permit == Permit.PROBE) {
            SingleUseStore.of(session).remove(key.child("probe"));
        }
    }

    /** The source did not answer. */
    void failed(Permit permit) {
        SingleUseStore store = SingleUseStore.of(session);
        if (permit == Permit.PROBE) {
            store.putIfAbsent(key.child("open"), openSeconds);
            store.remove(key.child("probe"));
            return;
        }
        for (int n = 1; n <= failuresToOpen; n++) {
            if (store.putIfAbsent(failure(n), Math.max(FAILURE_WINDOW_SECONDS, 2 * openSeconds))) {
                if (n == failuresToOpen) {
                    store.putIfAbsent(key.child("open"), openSeconds);
                }
                return;
            }
        }
    }

    private StoreEntry.Key failure(int n) {
        return key.child("failure", n);
    }
}
