package dev.kcemporix.auth.admin;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Provisions a tenant when an admin switches it on through Keycloak's admin API or console (a realm
 * update is an admin event; Keycloak publishes no provider event for a changed realm attribute), and
 * lists a storefront client an admin creates or changes in a tenant. Runs in the admin's own
 * transaction. Realms created or imported with the switch on are provisioned by
 * {@link ProvisioningTriggersFactory} on Keycloak's realm-created event.
 */
final class ProvisioningTriggers implements EventListenerProvider {

    private final KeycloakSession session;

    ProvisioningTriggers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null || (event.getOperationType() != OperationType.UPDATE && event.getOperationType() != OperationType.CREATE)) {
            return;
        }
        if (event.getResourceType() != ResourceType.REALM && event.getResourceType() != ResourceType.CLIENT) {
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
        }
        EmporixTab.syncForm(session, realm);
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void close() {
    }
}
