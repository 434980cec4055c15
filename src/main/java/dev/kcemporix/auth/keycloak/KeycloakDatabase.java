package dev.kcemporix.auth.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
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
     * Sets {@code user}'s attribute {@code name} from {@code expected} to {@code replacement} if it
     * still is {@code expected} in the database: true for the one transaction of several at once
     * that did. The row stays locked until the request ends, so a second request waits for the
     * first and then finds the new value; a database that refuses the second outright (H2's
     * concurrent update) answers false too. Only for customers stored by Keycloak itself (no user
     * federation). The caller sets the attribute through the model as well, for the user cache.
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
            return false;
        }
    }
}
