package dev.kcemporix.auth.keycloak;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Undoing what Keycloak's transaction cannot: an entry written at once to the single-use store
 * ({@code putIfAbsent} is not transactional) is removed again when the request that wrote it is
 * rolled back, as every refused request is ({@code api.EmporixRequest}). So a failed request leaves
 * neither a used token nor a claim behind.
 */
public final class OnRollback {

    private OnRollback() {}

    /** Removes the single-use store entry {@code key} if the request's transaction rolls back. */
    public static void removeSingleUseEntry(KeycloakSession session, String key) {
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
                                        factory, s -> s.singleUseObjects().remove(key));
                            }
                        });
    }
}
