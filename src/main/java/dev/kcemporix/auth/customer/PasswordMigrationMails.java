package dev.kcemporix.auth.customer;

import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The two mails of the password-migration retention window (docs/endpoints.md, *Moving from
 * Emporix*), for the job that sends them (migration's retention job): the reminder before the end
 * day, and after the legacy hash is gone, the reset mail of self-service (a one-time token to the
 * storefront's reset page). Sent at once from the job's session. The reset link lives as long as
 * Keycloak's admin-initiated actions (Realm settings → Tokens): a mail nobody asked for just now
 * may be read hours later.
 */
public final class PasswordMigrationMails {

    private final KeycloakSession session;
    private final RealmModel realm;

    public PasswordMigrationMails(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * "Log in before {@code retentionEndDate}, or set a new password after it." False when not
     * sent.
     */
    public boolean remind(UserModel user, String retentionEndDate) {
        return new CustomerMails(session, realm)
                .sendNow(
                        CustomerMails.Kind.PASSWORD_MIGRATION_REMINDER,
                        user,
                        null,
                        0,
                        Map.of("retentionEndDate", retentionEndDate));
    }

    /**
     * "Your old password no longer works: set a new one" with a reset link. False when not sent.
     */
    public boolean resetAfterRemoval(UserModel user) {
        int lifespan = realm.getActionTokenGeneratedByAdminLifespan();
        String token =
                new OneTimeTokens(session, realm)
                        .issue(user, CustomerActionToken.RESET_PASSWORD, lifespan);
        return new CustomerMails(session, realm)
                .sendNow(
                        CustomerMails.Kind.PASSWORD_MIGRATION_RESET,
                        user,
                        token,
                        lifespan,
                        Map.of());
    }
}
