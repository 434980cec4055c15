package dev.kcemporix.auth.keycloak;

import java.util.Map;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The jar's only way into Keycloak's single-use store, by the keys of {@link StoreEntry}. Every
 * write has a lifespan: there is no {@code replace}, which Keycloak's Infinispan store carries out
 * without one, so an entry it wrote would never leave memory; {@code put} overwrites with one.
 *
 * <p>Writes act at once on every node, outside the request's transaction. Taken from a session
 * before its commit, a store can be used in the work that runs after it.
 */
public final class SingleUseStore {

    private final SingleUseObjectProvider store;

    private SingleUseStore(SingleUseObjectProvider store) {
        this.store = store;
    }

    public static SingleUseStore of(KeycloakSession session) {
        return new SingleUseStore(session.singleUseObjects());
    }

    /** Writes an empty entry unless there is one: true for the one caller that wrote it. */
    public boolean putIfAbsent(StoreEntry.Key key, long lifespanSeconds) {
        return store.putIfAbsent(key.value(), lifespanSeconds);
    }

    public void put(StoreEntry.Key key, long lifespanSeconds, Map<String, String> value) {
        store.put(key.value(), lifespanSeconds, value);
    }

    public Map<String, String> get(StoreEntry.Key key) {
        return store.get(key.value());
    }

    /** Removes the entry and gives its value: of two callers at once, one gets it. */
    public Map<String, String> remove(StoreEntry.Key key) {
        return store.remove(key.value());
    }

    public boolean contains(StoreEntry.Key key) {
        return store.contains(key.value());
    }

    /**
     * Removes {@code key}'s entry if the request's transaction rolls back, as every refused request
     * is ({@code api.EmporixRequest}): an entry written at once (a used token, a claim) goes with
     * the failed request that wrote it.
     */
    public static void removeOnRollback(KeycloakSession session, StoreEntry.Key key) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager()
                .enlistAfterCompletion(
                        new AbstractKeycloakTransaction() {
                            @Override
                            protected void commitImpl() {}

                            @Override
                            protected void rollbackImpl() {
                                // In a session of its own: the request's session is ending.
                                KeycloakModelUtils.runJobInTransaction(
                                        factory, s -> of(s).remove(key));
                            }
                        });
    }
}
