package dev.kcemporix.auth.passkeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/** Which of Keycloak's user events remove a credential, and which one. */
class PasskeyLastUseTest {

    static Event event(EventType type, String error, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setError(error);
        event.setDetails(details);
        return event;
    }

    @Test
    void aRemovalNamesItsCredentialEitherWayKeycloakWritesIt() {
        // The API's removal and Keycloak's delete-credential action.
        assertEquals(
                "c1",
                PasskeyLastUse.removedBy(
                        event(EventType.REMOVE_CREDENTIAL, null, Map.of("credential_id", "c1"))));
        // The account REST.
        assertEquals(
                "c2",
                PasskeyLastUse.removedBy(
                        event(
                                EventType.REMOVE_CREDENTIAL,
                                null,
                                Map.of("selected_credential_id", "c2"))));
    }

    @Test
    void otherEventsAndRefusedRemovalsRemoveNothing() {
        assertNull(
                PasskeyLastUse.removedBy(
                        event(
                                EventType.REMOVE_CREDENTIAL,
                                "credential_not_found",
                                Map.of("credential_id", "c1"))));
        assertNull(
                PasskeyLastUse.removedBy(
                        event(EventType.UPDATE_CREDENTIAL, null, Map.of("credential_id", "c1"))));
        assertNull(PasskeyLastUse.removedBy(event(EventType.REMOVE_CREDENTIAL, null, null)));
        assertNull(PasskeyLastUse.removedBy(event(EventType.REMOVE_CREDENTIAL, null, Map.of())));
    }
}
