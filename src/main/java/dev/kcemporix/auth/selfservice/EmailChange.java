package dev.kcemporix.auth.selfservice;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import dev.kcemporix.auth.customer.CustomerAccounts;
import dev.kcemporix.auth.customer.CustomerActionToken;
import dev.kcemporix.auth.customer.CustomerMails;
import dev.kcemporix.auth.customer.CustomerProfileAttributes;
import dev.kcemporix.auth.customer.OneTimeTokens;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

/**
 * Changing the login e-mail: the customer asks with the current password (a leaked token alone
 * moves no account), a one-time token goes to the new address and a notice to the old one, and the
 * new address confirms. The address changes through Keycloak's user profile (its format and
 * duplicate rules), as an {@code UPDATE_EMAIL} event; a refused request is an {@code
 * UPDATE_EMAIL_ERROR}.
 */
final class EmailChange {

    /** An e-mail address as one token: a local part, an @, a domain with a dot, nothing else. */
    static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("[^\\s@<>\"]+@[^\\s@<>\"]+\\.[^\\s@<>\"]+");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CustomerAccounts accounts;

    EmailChange(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.accounts = new CustomerAccounts(session, realm);
    }

    /**
     * What the customer sends: the current login e-mail (optional), the password, the new address.
     */
    record Request(
            String currentEmail, String password, String newEmail, boolean syncContactEmail) {}

    /**
     * Checks the request and mails the token. A taken address is a 409, or, in an enumeration-safe
     * tenant, answers like a free one (after the same checks) and its owner gets a note instead.
     */
    void request(UserModel user, ClientModel client, Request request) {
        EventBuilder event =
                Events.of(session, realm, EventType.UPDATE_EMAIL)
                        .client(client)
                        .user(user)
                        .detail(Details.UPDATED_EMAIL, request.newEmail());
        if (request.currentEmail() != null
                && !request.currentEmail().trim().equalsIgnoreCase(user.getEmail())) {
            event.detail(Details.REASON, "email is not the current login e-mail")
                    .error(Errors.INVALID_INPUT);
            throw EmporixException.badRequest(
                    "email is not the current login e-mail",
                    new Detail("email", "invalid", "email must be the current login e-mail"));
        }
        accounts.checkPassword(user, request.password(), event);
        String newEmail = request.newEmail();
        // One address, no words around it: the old address's notice quotes it, so it carries no
        // message of the asker's.
        if (!ADDRESS.matcher(newEmail).matches() || newEmail.length() > 255) {
            event.detail(Details.REASON, "invalid e-mail address").error(Errors.INVALID_EMAIL);
            throw EmporixException.badRequest(
                    "Invalid e-mail address",
                    new Detail("newEmail", "invalid", "newEmail must be an e-mail address"));
        }
        CustomerMails mails = new CustomerMails(session, realm);
        String token =
                new OneTimeTokens(session, realm)
                        .issueEmailChange(user, newEmail, request.syncContactEmail());
        UserModel owner = session.users().getUserByEmail(realm, newEmail);
        boolean taken = owner != null && !owner.getId().equals(user.getId());
        if (taken && !TenantRealms.isEnumerationSafe(realm)) {
            event.error(Errors.EMAIL_IN_USE);
            throw EmporixException.of(
                    409, "conflict_resource", "A customer with this e-mail address exists already");
        }
        // The old address hears of every change asked for, to a taken address too: the requester's
        // own inbox tells nothing either.
        // Asked for, not done: throttled like the other mails of a kind (the move itself is told at
        // the confirmation, never throttled).
        mails.send(
                CustomerMails.Kind.EMAIL_CHANGE_NOTICE,
                user,
                null,
                null,
                null,
                Map.of("newEmail", newEmail));
        if (taken) {
            mails.send(CustomerMails.Kind.ADDRESS_IN_USE, owner, null, null, null, Map.of());
            event.error(Errors.EMAIL_IN_USE);
            return;
        }
        // The link names the account it moves, so the owner of the new address does not confirm a
        // stranger's account.
        mails.send(
                CustomerMails.Kind.CHANGE_EMAIL,
                user,
                newEmail,
                null,
                token,
                Map.of(
                        "currentEmail",
                        user.getEmail() != null ? user.getEmail() : user.getUsername()));
        Events.of(session, realm, EventType.SEND_VERIFY_EMAIL)
                .client(client)
                .user(user)
                .detail(Details.EMAIL, newEmail)
                .success();
    }

    void confirm(String token, ClientModel client) {
        EventBuilder event = Events.of(session, realm, EventType.UPDATE_EMAIL).client(client);
        OneTimeTokens.Redeemed redeemed =
                new OneTimeTokens(session, realm)
                        .redeem(token, CustomerActionToken.CHANGE_EMAIL, event);
        UserModel user = redeemed.user();
        String newEmail = redeemed.token().getNewEmail();
        if (newEmail == null || newEmail.isBlank()) {
            event.user(user)
                    .detail(Details.REASON, "no new address in the token")
                    .error(Errors.INVALID_CODE);
            throw EmporixException.of(400, "invalid_token", "The link is not valid");
        }
        String previous = user.getEmail();
        // The whole profile, as Keycloak's user profile validates the whole of it.
        Map<String, List<String>> changes = new LinkedHashMap<>(user.getAttributes());
        changes.put(UserModel.EMAIL, List.of(newEmail));
        if (redeemed.token().isSyncContactEmail()) {
            changes.put(CustomerProfileAttributes.CONTACT_EMAIL, List.of(newEmail));
        }
        try {
            UserProfile profile =
                    session.getProvider(UserProfileProvider.class)
                            .create(UserProfileContext.USER_API, changes, user);
            profile.update(false);
        } catch (ValidationException e) {
            event.user(user).error(Errors.INVALID_INPUT);
            boolean duplicate =
                    e.getErrors().stream()
                            .anyMatch(
                                    err ->
                                            err.getMessage() != null
                                                    && err.getMessage()
                                                            .toLowerCase()
                                                            .contains("exists"));
            throw duplicate
                    ? EmporixException.of(
                            409,
                            "conflict_resource",
                            "A customer with this e-mail address exists already")
                    : accounts.invalidProfile(e.getErrors());
        }
        // The Emporix login is the e-mail: a username that was the old address follows it (the user
        // profile keeps usernames read-only unless the realm lets users edit them).
        if (previous != null
                && previous.equalsIgnoreCase(user.getUsername())
                && !newEmail.equalsIgnoreCase(user.getUsername())) {
            if (session.users().getUserByUsername(realm, newEmail) != null) {
                event.user(user)
                        .detail(Details.REASON, "username taken")
                        .error(Errors.USERNAME_IN_USE);
                throw EmporixException.of(
                        409,
                        "conflict_resource",
                        "A customer with this e-mail address exists already");
            }
            user.setUsername(newEmail);
        }
        user.setEmailVerified(true);
        event.user(user)
                .detail(Details.PREVIOUS_EMAIL, previous)
                .detail(Details.UPDATED_EMAIL, newEmail)
                .success();
    }
}
