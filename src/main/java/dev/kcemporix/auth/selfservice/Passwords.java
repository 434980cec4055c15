package dev.kcemporix.auth.selfservice;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.customer.CustomerAccounts;
import dev.kcemporix.auth.customer.CustomerActionToken;
import dev.kcemporix.auth.customer.CustomerMails;
import dev.kcemporix.auth.customer.OneTimeTokens;
import dev.kcemporix.auth.keycloak.Events;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Password reset (an e-mail with a one-time token, then the new password) and password change (the
 * current password, then the new one), through Keycloak's credential manager and password policy.
 * Each success is a Keycloak event ({@code RESET_PASSWORD}, {@code UPDATE_PASSWORD}), on which the
 * customer's other sessions end at every endpoint (see {@code PasswordChangeLogout}).
 */
final class Passwords {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CustomerAccounts accounts;

    Passwords(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.accounts = new CustomerAccounts(session, realm);
    }

    /**
     * Sends the reset e-mail when {@code email} is an enabled customer's (also one still waiting
     * for the opt-in); does nothing visible otherwise (the answer is the same, and so is the time:
     * the e-mail goes out after the answer).
     */
    void requestReset(String email, String site, ClientModel client) {
        EventBuilder event =
                Events.of(session, realm, EventType.SEND_RESET_PASSWORD)
                        .client(client)
                        .detail(Details.EMAIL, email);
        UserModel user = session.users().getUserByEmail(realm, email);
        if (user == null || !user.isEnabled()) {
            new CustomerMails(session, realm).sendNone(CustomerMails.Kind.RESET_PASSWORD, email);
            event.error(user == null ? Errors.USER_NOT_FOUND : Errors.USER_DISABLED);
            return;
        }
        String token =
                new OneTimeTokens(session, realm).issue(user, CustomerActionToken.RESET_PASSWORD);
        new CustomerMails(session, realm)
                .send(CustomerMails.Kind.RESET_PASSWORD, user, null, site, token, Map.of());
        event.user(user).success();
    }

    /**
     * Sets the password of a reset token's customer; the token works once. The reset link reached
     * the mailbox, so the address is the customer's: an account still waiting for its opt-in is
     * active from now on.
     */
    void reset(String token, String password, ClientModel client) {
        EventBuilder event = Events.of(session, realm, EventType.RESET_PASSWORD).client(client);
        UserModel user =
                new OneTimeTokens(session, realm)
                        .redeem(token, CustomerActionToken.RESET_PASSWORD, event)
                        .user();
        event.user(user);
        try {
            accounts.checkNewPassword("password", user.getUsername(), password);
            accounts.setPassword(user, "password", password);
        } catch (EmporixException e) {
            event.detail(Details.REASON, "password_policy").error(Errors.PASSWORD_REJECTED);
            throw e;
        }
        user.setEmailVerified(true);
        user.removeRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        event.success();
    }

    /** Changes the customer's password after checking the current one. */
    void change(
            UserModel user,
            UserSessionModel current,
            ClientModel client,
            String currentPassword,
            String newPassword) {
        EventBuilder event =
                Events.of(session, realm, EventType.UPDATE_PASSWORD)
                        .client(client)
                        .user(user)
                        .session(current);
        accounts.checkPassword(user, currentPassword, event);
        try {
            accounts.checkNewPassword("newPassword", user.getUsername(), newPassword);
            accounts.setPassword(user, "newPassword", newPassword);
        } catch (EmporixException e) {
            event.detail(Details.REASON, "password_policy").error(Errors.PASSWORD_REJECTED);
            throw e;
        }
        event.success();
    }
}
