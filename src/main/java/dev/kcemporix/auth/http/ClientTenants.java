package dev.kcemporix.auth.http;

import java.util.List;
import java.util.Objects;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;
import org.keycloak.models.RealmModel;

/**
 * The tenant of a client id, for requests that name no tenant but a client (service-token
 * clients, preflights at the root): Emporix client ids are unique across tenants, so the client
 * id names its tenant. One query on Keycloak's client
 * table by its indexed {@code CLIENT_ID} column, never a walk over every realm.
 *
 * <p>Keycloak's {@code JpaConnectionProvider} is reached by name: its artifact
 * ({@code keycloak-model-jpa}) does not resolve from Maven Central, so it cannot be compiled against.
 */
public final class ClientTenants {

    private static final String JPA_CONNECTION_PROVIDER = "org.keycloak.connections.jpa.JpaConnectionProvider";

    private ClientTenants() {
    }

    /**
     * The one enabled tenant that has a client {@code clientId}; null when none has; 400 when
     * several have, since the request must then say which.
     */
    public static RealmModel of(KeycloakSession session, String clientId) {
        if (clientId == null) {
            return null;
        }
        List<String> realmIds = entityManager(session)
                .createQuery("select c.realmId from ClientEntity c where c.clientId = :clientId", String.class)
                .setParameter("clientId", clientId)
                .setMaxResults(100)
                .getResultList();
        List<RealmModel> tenants = realmIds.stream().distinct()
                .map(id -> session.realms().getRealm(id))
                .filter(Objects::nonNull)
                .filter(TenantRealms::isEnabled)
                .toList();
        if (tenants.size() > 1) {
            throw EmporixException.badRequest("Several tenants have this client_id: send a tenant parameter",
                    new EmporixException.Detail("tenant", "ambiguous", "tenant is required: several tenants have this client_id"));
        }
        return tenants.isEmpty() ? null : tenants.get(0);
    }

    private static EntityManager entityManager(KeycloakSession session) {
        try {
            Class<? extends Provider> type = Class.forName(JPA_CONNECTION_PROVIDER).asSubclass(Provider.class);
            Provider jpa = session.getProvider(type);
            return (EntityManager) type.getMethod("getEntityManager").invoke(jpa);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Keycloak's JPA store is not available", e);
        }
    }
}
