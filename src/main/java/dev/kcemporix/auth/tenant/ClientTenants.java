package dev.kcemporix.auth.tenant;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.KeycloakDatabase;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The tenant of a client id, for requests that name no tenant but a client (service-token clients,
 * preflights at the root): Emporix client ids are unique across tenants, so the client id names its
 * tenant. One query on Keycloak's client table by its indexed {@code CLIENT_ID} column, never a
 * walk over every realm.
 *
 * <p>The answer is remembered for a minute in Keycloak's single-use store (cluster-wide), so that a
 * service-token client costs one query a minute rather than a database round trip per token, where
 * the same request with a tenant touches only Keycloak's caches. A remembered tenant is used only
 * while it is still an enabled tenant holding that client id (both answered from Keycloak's realm
 * cache); a client or tenant that appears elsewhere makes the admin events forget it ({@link
 * #forget}), and anything else at most a minute late.
 */
public final class ClientTenants {

    private static final String REALM_ID = "realmId";
    private static final long REMEMBERED_SECONDS = 60;

    private ClientTenants() {}

    /**
     * The one enabled tenant that has a client {@code clientId}; null when none has; 400 when
     * several have, since the request must then say which.
     */
    public static RealmModel of(KeycloakSession session, String clientId) {
        if (clientId == null) {
            return null;
        }
        SingleUseStore store = SingleUseStore.of(session);
        Map<String, String> remembered = store.get(remembered(clientId));
        if (remembered != null) {
            RealmModel realm = session.realms().getRealm(remembered.get(REALM_ID));
            if (realm != null
                    && TenantRealms.isEnabled(realm)
                    && session.clients().getClientByClientId(realm, clientId) != null) {
                return realm;
            }
        }
        List<String> realmIds =
                KeycloakDatabase.entityManager(session)
                        .createQuery(
                                "select c.realmId from ClientEntity c where c.clientId = :clientId",
                                String.class)
                        .setParameter("clientId", clientId)
                        .setMaxResults(100)
                        .getResultList();
        List<RealmModel> tenants =
                realmIds.stream()
                        .distinct()
                        .map(id -> session.realms().getRealm(id))
                        .filter(Objects::nonNull)
                        .filter(TenantRealms::isEnabled)
                        .toList();
        if (tenants.size() > 1) {
            throw EmporixException.badRequest(
                    "Several tenants have this client_id: send a tenant parameter",
                    new EmporixException.Detail(
                            "tenant",
                            "ambiguous",
                            "tenant is required: several tenants have this client_id"));
        }
        if (tenants.isEmpty()) {
            return null;
        }
        store.put(
                remembered(clientId), REMEMBERED_SECONDS, Map.of(REALM_ID, tenants.get(0).getId()));
        return tenants.get(0);
    }

    /**
     * Forgets the tenants remembered for each client id of a realm that is being switched on or
     * created.
     */
    public static void forgetClientsOf(KeycloakSession session, RealmModel realm) {
        forgetAfterCommit(session, realm.getClientsStream().map(ClientModel::getClientId).toList());
    }

    /** Forgets the tenant remembered for a client id whose holders an admin is changing. */
    public static void forget(KeycloakSession session, String clientId) {
        forgetAfterCommit(session, List.of(clientId));
    }

    /**
     * Forgets once the admin's transaction has committed: forgotten any earlier, a concurrent
     * lookup could remember the old answer again before the change is visible.
     */
    private static void forgetAfterCommit(KeycloakSession session, List<String> clientIds) {
        SingleUseStore store = SingleUseStore.of(session);
        session.getTransactionManager()
                .enlistAfterCompletion(
                        new AbstractKeycloakTransaction() {
                            @Override
                            protected void commitImpl() {
                                clientIds.forEach(clientId -> store.remove(remembered(clientId)));
                            }

                            @Override
                            protected void rollbackImpl() {}
                        });
    }

    private static StoreEntry.Key remembered(String clientId) {
        return StoreEntry.CLIENT_TENANT.deploymentKey(clientId);
    }
}
