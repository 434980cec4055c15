package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.tenant.TenantRealms;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Every customer of a tenant has a customer number, however they came: the extension's own
 * creations give one, and a customer Keycloak registers itself (its first-broker-login page, its
 * registration form) gets one with Keycloak's {@code REGISTER} event, in the same transaction.
 *
 * <p>A global listener: it needs no entry in the realm's event listeners, and acts for tenants
 * only.
 */
final class RegisteredCustomerNumbers implements EventListenerProvider {

    private final KeycloakSession session;

    RegisteredCustomerNumbers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.REGISTER
                || event.getError() != null
                || event.getUserId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !TenantRealms.isEnabled(realm)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user != null
                && user.getFirstAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER) == null) {
            user.setSingleAttribute(
                    CustomerProfileAttributes.CUSTOMER_NUMBER,
                    CustomerNumbers.next(session, realm));
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {}

    @Override
    public void close() {}
}
