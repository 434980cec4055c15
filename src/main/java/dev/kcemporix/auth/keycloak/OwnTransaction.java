package dev.kcemporix.auth.keycloak;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Work in a Keycloak session and transaction of its own, in the same realm: what must stay although
 * the request's transaction is rolled back (a refused request's memory of a wrong password, an
 * entry given back, an error event), what must be committed before the request goes on (a customer
 * created for a login), or what must not see this request's uncommitted reads (a failure count).
 */
public final class OwnTransaction {

    private OwnTransaction() {}

    /**
     * Runs {@code work} in a transaction of its own, with realm {@code realmId} as its session's
     * realm.
     */
    public static void run(
            KeycloakSession session, String realmId, BiConsumer<KeycloakSession, RealmModel> work) {
        get(
                session,
                realmId,
                (own, realm) -> {
                    work.accept(own, realm);
                    return null;
                });
    }

    /** {@link #run}, with what {@code work} answers. */
    public static <T> T get(
            KeycloakSession session,
            String realmId,
            BiFunction<KeycloakSession, RealmModel, T> work) {
        return get(session.getKeycloakSessionFactory(), realmId, work);
    }

    /**
     * {@link #run} where no request session is at hand any more (after a commit, on a worker
     * thread).
     */
    public static void run(
            KeycloakSessionFactory factory,
            String realmId,
            BiConsumer<KeycloakSession, RealmModel> work) {
        get(
                factory,
                realmId,
                (own, realm) -> {
                    work.accept(own, realm);
                    return null;
                });
    }

    /**
     * {@link #run} once the request's transaction has ended, committed or rolled back: work that a
     * refusal must not undo and that must not wait on what the request's transaction holds.
     */
    public static void afterRequest(
            KeycloakSession session, String realmId, BiConsumer<KeycloakSession, RealmModel> work) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager()
                .enlistAfterCompletion(
                        new AbstractKeycloakTransaction() {
                            @Override
                            protected void commitImpl() {
                                run(factory, realmId, work);
                            }

                            @Override
                            protected void rollbackImpl() {
                                run(factory, realmId, work);
                            }
                        });
    }

    private static <T> T get(
            KeycloakSessionFactory factory,
            String realmId,
            BiFunction<KeycloakSession, RealmModel, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(
                factory,
                own -> {
                    RealmModel realm = own.realms().getRealm(realmId);
                    own.getContext().setRealm(realm);
                    return work.apply(own, realm);
                });
    }
}
