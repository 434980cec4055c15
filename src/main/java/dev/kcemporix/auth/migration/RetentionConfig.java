package dev.kcemporix.auth.migration;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;

/** The body of {@code config/password-migration-retention}. */
@Described("How long imported legacy password hashes stay usable.")
@JsonPropertyOrder({"retentionEndDate", "emailReminderDate", "emailNotificationsEnabled"})
public record RetentionConfig(
        @Described("The day the remaining legacy hashes are removed (`YYYY-MM-DD`, UTC).")
                String retentionEndDate,
        @Described(
                        "The day customers still on a legacy hash get a reminder mail"
                                + " (`YYYY-MM-DD`, UTC).")
                String emailReminderDate,
        @Described("Whether the reminder and the password-reset mail at the end are sent.")
                boolean emailNotificationsEnabled) {}
