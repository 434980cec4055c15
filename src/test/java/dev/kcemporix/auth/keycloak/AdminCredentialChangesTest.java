package dev.kcemporix.auth.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

/** Which of Keycloak's admin events change a user's credentials. */
class AdminCredentialChangesTest {

    static AdminCredentialChanges of(OperationType operation, String path, String error) {
        AdminEvent event = new AdminEvent();
        event.setOperationType(operation);
        event.setResourcePath(path);
        event.setError(error);
        return AdminCredentialChanges.of(event);
    }

    @Test
    void aCredentialRemovedIsAnActionOnItsPath() {
        // What Keycloak's admin API records for DELETE /users/{id}/credentials/{id}.
        assertEquals(
                new AdminCredentialChanges("u1", "c1"),
                of(OperationType.ACTION, "users/u1/credentials/c1", null));
        assertEquals(
                new AdminCredentialChanges("u1", "c1"),
                of(OperationType.DELETE, "users/u1/credentials/c1", null));
    }

    @Test
    void aPasswordResetNamesTheUserAndNoRemovedCredential() {
        assertEquals(
                new AdminCredentialChanges("u1", null),
                of(OperationType.ACTION, "users/u1/reset-password", null));
    }

    @Test
    void otherAdminEventsAndRefusalsAreNoChange() {
        assertNull(of(OperationType.ACTION, "users/u1/credentials/c1", "denied"));
        assertNull(of(OperationType.UPDATE, "users/u1/credentials/c1", null));
        assertNull(of(OperationType.UPDATE, "users/u1/reset-password", null));
        assertNull(of(OperationType.DELETE, "users/u1", null));
        assertNull(of(OperationType.ACTION, "users/u1/credentials/c1/moveToFirst", null));
        assertNull(of(OperationType.ACTION, "users/u1/credentials/c1/userLabel", null));
        assertNull(of(OperationType.ACTION, "groups/u1/credentials/c1", null));
        assertNull(of(OperationType.DELETE, null, null));
    }
}
