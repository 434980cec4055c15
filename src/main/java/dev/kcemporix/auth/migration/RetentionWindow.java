package dev.kcemporix.auth.migration;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * The retention window of imported legacy password hashes (docs/endpoints.md, *Moving from
 * Emporix*): kept as realm attributes, so every node reads the same window. Days are UTC, by
 * Keycloak's clock ({@link Time}, which the job and tests can move).
 */
final class RetentionWindow {

    static final String END = "emporix.migration.retentionEndDate";
    static final String REMINDER = "emporix.migration.emailReminderDate";
    static final String NOTIFICATIONS = "emporix.migration.emailNotificationsEnabled";

    /** User attribute of a customer imported with a legacy hash, until the hash is known gone. */
    static final String LEGACY_MARK = "emporix.migration.legacyHash";

    /**
     * Stored credential algorithms of SAP Commerce hashes (imports before 0.2 stored PBKDF2 hashes
     * as Keycloak's {@code pbkdf2}, marked).
     */
    static final Set<String> LEGACY_ALGORITHMS =
            Set.of(
                    HybrisDigest.SHA512.algorithm(),
                    HybrisDigest.SHA256.algorithm(),
                    HybrisDigest.MD5.algorithm(),
                    HybrisPbkdf2.ALGORITHM);

    private final KeycloakSession session;
    private final RealmModel realm;

    RetentionWindow(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    static LocalDate today() {
        return Instant.ofEpochMilli(Time.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The stored window, or null. */
    RetentionConfig config() {
        String end = realm.getAttribute(END);
        if (end == null || end.isBlank()) {
            return null;
        }
        return new RetentionConfig(
                end,
                realm.getAttribute(REMINDER),
                !"false".equals(realm.getAttribute(NOTIFICATIONS)));
    }

    /**
     * Whether a window is set and its end day has come (the old passwords are refused from then on,
     * and the job removes them).
     */
    static boolean hasEnded(RealmModel realm) {
        String end = realm.getAttribute(END);
        if (end == null || end.isBlank()) {
            return false;
        }
        try {
            return !today().isBefore(LocalDate.parse(end));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Whether legacy hashes may be imported: a window is set and its end day has not come. */
    boolean isActive() {
        RetentionConfig config = config();
        return config != null && today().isBefore(LocalDate.parse(config.retentionEndDate()));
    }

    /**
     * Stores a window: the end a future day; the reminder a day before it (default: 7 days before,
     * not before tomorrow).
     */
    RetentionConfig store(String endText, String reminderText, String notificationsText) {
        LocalDate today = today();
        LocalDate end = date("retentionEndDate", endText, true);
        if (!end.isAfter(today)) {
            throw invalid("retentionEndDate", "must be a future date");
        }
        LocalDate reminder = date("emailReminderDate", reminderText, false);
        if (reminder == null) {
            reminder = end.minusDays(7);
            if (!reminder.isAfter(today)) {
                reminder = today.plusDays(1);
            }
        } else if (reminder.isAfter(end) || !reminder.isAfter(today)) {
            throw invalid("emailReminderDate", "must be a future date, not after retentionEndDate");
        }
        boolean notifications;
        if (notificationsText == null || notificationsText.isBlank()) {
            notifications = true;
        } else if (notificationsText.equals("true") || notificationsText.equals("false")) {
            notifications = Boolean.parseBoolean(notificationsText);
        } else {
            throw invalid("emailNotificationsEnabled", "must be true or false");
        }
        realm.setAttribute(END, end.toString());
        realm.setAttribute(REMINDER, reminder.toString());
        realm.setAttribute(NOTIFICATIONS, Boolean.toString(notifications));
        return config();
    }

    /** Removes the window; refused while a customer still has a legacy hash. */
    void remove() {
        if (anyLegacyHashLeft()) {
            throw EmporixException.badRequest(
                    "Customers still have legacy password hashes: the retention configuration stays"
                            + " until they are gone");
        }
        session.users()
                .searchForUserByUserAttributeStream(realm, LEGACY_MARK, "true")
                .toList()
                .forEach(
                        user -> {
                            user.removeAttribute(LEGACY_MARK);
                            user.removeAttribute(RetentionJob.REMINDED_FOR);
                            user.removeAttribute(RetentionJob.RESET_OWED);
                        });
        realm.removeAttribute(END);
        realm.removeAttribute(REMINDER);
        realm.removeAttribute(NOTIFICATIONS);
    }

    /** Marks a customer imported with a legacy hash. */
    static void mark(UserModel user) {
        user.setSingleAttribute(LEGACY_MARK, "true");
    }

    /**
     * Whether any customer marked at import still has the imported hash (read lazily, stopping at
     * the first).
     */
    boolean anyLegacyHashLeft() {
        return session.users()
                .searchForUserByUserAttributeStream(realm, LEGACY_MARK, "true")
                .anyMatch(RetentionWindow::hasLegacyHash);
    }

    /**
     * A SAP Commerce digest, or an imported PBKDF2 hash Keycloak has not re-hashed yet (its marker
     * is still there).
     */
    static boolean hasLegacyHash(UserModel user) {
        return user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(PasswordCredentialModel::createFromCredentialModel)
                .anyMatch(RetentionWindow::isLegacy);
    }

    static boolean isLegacy(PasswordCredentialModel credential) {
        return LEGACY_ALGORITHMS.contains(credential.getPasswordCredentialData().getAlgorithm())
                || credential.getPasswordCredentialData().getAdditionalParameters() != null
                        && credential
                                .getPasswordCredentialData()
                                .getAdditionalParameters()
                                .containsKey(HybrisPbkdf2.IMPORTED);
    }

    private static LocalDate date(String field, String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw EmporixException.badRequest(
                        field + " is required",
                        new EmporixException.Detail(field, "required", field + " is required"));
            }
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be a date YYYY-MM-DD");
        }
    }

    private static EmporixException invalid(String field, String message) {
        return EmporixException.badRequest(
                field + " " + message,
                new EmporixException.Detail(field, "invalid", field + " " + message));
    }
}
