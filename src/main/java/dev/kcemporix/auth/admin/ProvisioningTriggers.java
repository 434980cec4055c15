package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.tenant.ClientTenants;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Provisions a tenant when an admin switches it on through Keycloak's admin API or console (a realm
 * update is an admin event; Keycloak publishes no provider event for a changed realm attribute),
 * and lists a storefront client an admin creates or changes in a tenant; either change may give a
 * client id a second tenant, so the tenant remembered for it is forgotten ({@link ClientTenants}).
 * Runs in the admin's own transaction. Realms created or imported with the switch on are
 * provisioned by {@link ProvisioningTriggersFactory} on Keycloak's realm-created event.
 */
final class ProvisioningTriggers implements EventListenerProvider {

    private final KeycloakSession session;

    ProvisioningTriggers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null
                || (event.getOperationType() != OperationType.UPDATE
                        && event.getOperationType() != OperationType.CREATE)) {
            return;
        }
        if (event.getResourceType() != ResourceType.REALM
                && event.getResourceType() != ResourceType.CLIENT) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        TenantProvisioning provisioning = new TenantProvisioning(session);
        provisioning.provision(realm, false);
        if (event.getResourceType() == ResourceType.CLIENT) {
            provisioning.listStorefrontClients(realm);
            forgetTenantOf(realm, event.getResourcePath());
        } else {
            // A realm switched on now holds its client ids too: the tenant of each may have become
            // ambiguous.
            ClientTenants.forgetClientsOf(session, realm);
        }
        EmporixTab.syncForm(session, realm);
    }

    /**
     * A client created or renamed ("clients/{id}") may now share its client id with another
     * tenant's.
     */
    private void forgetTenantOf(RealmModel realm, String resourcePath) {
        if (resourcePath == null || !resourcePath.startsWith("clients/")) {
            return;
        }
        String id = resourcePath.substring("clients/".length());
        ClientModel client = id.contains("/") ? null : realm.getClientById(id);
        if (client != null) {
            ClientTenants.forget(session, client.getClientId());
        }
    }

    @Override
    public void onEvent(Event event) {}

    @Override
    public void close() {}
}
