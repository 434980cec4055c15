package dev.kcemporix.auth.keycloak;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

/**
 * An admin's change to a user's credentials, read from Keycloak's admin event: a password reset
 * ({@code PUT users/{id}/reset-password}) or a credential removed ({@code DELETE
 * users/{id}/credentials/{id}}). Keycloak records both as an {@code ACTION} on that path; a {@code
 * DELETE} is taken as one too.
 */
public record AdminCredentialChanges(String userId, String removedCredentialId) {

    private static final Pattern PATH =
            Pattern.compile("users/([^/]+)/(?:reset-password|credentials/([^/]+))");

    /** The change {@code event} records, or null when it records none (or a refused one). */
    public static AdminCredentialChanges of(AdminEvent event) {
        boolean change =
                (event.getOperationType() == OperationType.ACTION
                                || event.getOperationType() == OperationType.DELETE)
                        && event.getError() == null
                        && event.getResourcePath() != null;
        Matcher path = change ? PATH.matcher(event.getResourcePath()) : null;
        return path != null && path.matches()
                ? new AdminCredentialChanges(path.group(1), path.group(2))
                : null;
    }
}
