package dev.kcemporix.auth.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * The few statements the jar runs on Keycloak's own tables, in the request's transaction, where the
 * model has no call for them: a lookup by an indexed column, a compare-and-set.
 *
 * <p>Keycloak's {@code JpaConnectionProvider} is reached by name: its artifact ({@code
 * keycloak-model-jpa}) does not resolve from Maven Central, so it cannot be compiled against.
 */
public final class KeycloakDatabase {

    private static final String JPA_CONNECTION_PROVIDER =
            "org.keycloak.connections.jpa.JpaConnectionProvider";

    private KeycloakDatabase() {}

    /** The request's entity manager (its transaction is the request's). */
    public static EntityManager entityManager(KeycloakSession session) {
        try {
            Class<? extends Provider> type =
                    Class.forName(JPA_CONNECTION_PROVIDER).asSubclass(Provider.class);
            Provider jpa = session.getProvider(type);
            return (EntityManager) type.getMethod("getEntityManager").invoke(jpa);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Keycloak's JPA store is not available", e);
        }
    }

    /**
     * {@code user}'s first value of the attribute {@code name} as the database holds it now, past
     * Keycloak's user cache (which another node may not have refreshed yet); null for none.
     */
    public static String userAttribute(KeycloakSession session, UserModel user, String name) {
        return entityManager(session)
                .createQuery(
                        "select a.value from UserAttributeEntity a"
                                + " where a.user.id = :user and a.name = :name order by a.id",
                        String.class)
                .setParameter("user", user.getId())
                .setParameter("name", name)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    /**
     * Sets {@code user}'s attribute {@code name} from {@code expected} to {@code replacement} if it
     * still is {@code expected} in the database: true for the one transaction of several at once
     * that did. The row stays locked until the request ends, so a second request waits for the
     * first and then finds the new value; a database that refuses the second outright as a lock
     * conflict (H2's concurrent update, PostgreSQL's serialization failure or deadlock) answers
     * false too; any other database error is thrown. Only for customers stored by Keycloak itself
     * (no user federation). The caller sets the attribute through the model as well, for the user
     * cache.
     */
    public static boolean swapUserAttribute(
            KeycloakSession session,
            UserModel user,
            String name,
            String expected,
            String replacement) {
        try {
            return entityManager(session)
                            .createQuery(
                                    "update UserAttributeEntity a set a.value = :replacement"
                                            + " where a.user.id = :user and a.name = :name"
                                            + " and a.value = :expected")
                            .setParameter("replacement", replacement)
                            .setParameter("user", user.getId())
                            .setParameter("name", name)
                            .setParameter("expected", expected)
                            .executeUpdate()
                    > 0;
        } catch (PersistenceException e) {
            if (isLockConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /** H2's 90131 (concurrent update), SQL state 40001 or 40P01, or JPA's lock exceptions. */
    private static boolean isLockConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PessimisticLockException || t instanceof LockTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && (sql.getErrorCode() == 90131
                            || "40001".equals(sql.getSQLState())
                            || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
