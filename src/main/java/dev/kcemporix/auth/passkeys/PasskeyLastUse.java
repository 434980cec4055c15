package dev.kcemporix.auth.passkeys;

import dev.kcemporix.auth.keycloak.AdminCredentialChanges;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;

/**
 * When a passkey last signed a login through the API: kept on the customer, since Keycloak's
 * credential has no such field and its own login page keeps none, and dropped with the passkey
 * however it goes. The API's removal and Keycloak's delete-credential action fire a {@code
 * REMOVE_CREDENTIAL} event naming it {@code credential_id}, the account REST names it {@code
 * selected_credential_id}, and an admin's removal is an admin event ({@link
 * AdminCredentialChanges}).
 *
 * <p>A global listener: it needs no entry in the realm's event listeners, and acts for tenants
 * only.
 */
final class PasskeyLastUse implements EventListenerProvider {

    private final KeycloakSession session;

    PasskeyLastUse(KeycloakSession session) {
        this.session = session;
    }

    /** Notes now as {@code used}'s last use: a login is not refused for want of it. */
    static void keep(UserModel user, CredentialModel used) {
        if (used == null) {
            return;
        }
        try {
            user.setSingleAttribute(attribute(used.getId()), Instant.now().toString());
        } catch (ReadOnlyException e) {
            // A customer of a read-only user storage: nothing of ours can be stored.
        }
    }

    /** The last use {@code user} holds for {@code credential}, if it is a time at all. */
    static String of(UserModel user, CredentialModel credential) {
        String kept = user.getFirstAttribute(attribute(credential.getId()));
        try {
            return kept == null ? null : Instant.parse(kept).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The customer's attribute that holds passkey {@code id}'s last use. */
    static String attribute(String id) {
        return "emporix.passkeyLastUsedAt." + id;
    }

    /** The credential a successful user event removed, if it is a removal naming one. */
    static String removedBy(Event event) {
        if (event.getType() != EventType.REMOVE_CREDENTIAL
                || event.getError() != null
                || event.getDetails() == null) {
            return null;
        }
        Map<String, String> details = event.getDetails();
        String id = details.get(Details.CREDENTIAL_ID);
        return id != null ? id : details.get(Details.SELECTED_CREDENTIAL_ID);
    }

    @Override
    public void onEvent(Event event) {
        String credential = removedBy(event);
        if (credential != null && event.getUserId() != null) {
            drop(event.getRealmId(), event.getUserId(), credential);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        AdminCredentialChanges change = AdminCredentialChanges.of(event);
        if (change != null && change.removedCredentialId() != null) {
            drop(event.getRealmId(), change.userId(), change.removedCredentialId());
        }
    }

    private void drop(String realmId, String userId, String credentialId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !TenantRealms.isEnabled(realm)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        String name = attribute(credentialId);
        if (user == null || user.getFirstAttribute(name) == null) {
            return;
        }
        try {
            user.removeAttribute(name);
        } catch (ReadOnlyException e) {
            // Nothing of ours was stored for such a customer.
        }
    }

    @Override
    public void close() {}
}
