package dev.kcemporix.auth.selfservice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import dev.kcemporix.auth.customer.CustomerAccounts;
import dev.kcemporix.auth.customer.CustomerActionToken;
import dev.kcemporix.auth.customer.CustomerMails;
import dev.kcemporix.auth.customer.CustomerNumbers;
import dev.kcemporix.auth.customer.CustomerProfileAttributes;
import dev.kcemporix.auth.customer.NewCustomers;
import dev.kcemporix.auth.customer.NewCustomers.NewCustomer;
import dev.kcemporix.auth.customer.OneTimeTokens;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

/**
 * Sign-up and double opt-in (docs/endpoints.md, *Customer self-service*). The customer is created
 * through Keycloak's user profile (its validation and duplicate rules), the password set through
 * Keycloak's credential manager after the realm's password policy; double opt-in is the realm's own
 * "Verify email" switch: on, the account carries Keycloak's verify-email required action (so it
 * cannot log in) and the opt-in e-mail carries a one-time token.
 */
final class SignUp {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CustomerAccounts accounts;

    SignUp(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.accounts = new CustomerAccounts(session, realm);
    }

    /**
     * The request: login credentials ({@code signup} when given, else {@code email}/{@code
     * password}) and the details.
     */
    record Request(String email, String password, JsonNode details, String site) {}

    /**
     * Creates the customer; the new customer number. Follows the realm's "User registration" switch
     * (off: 403, and no account). The password and the profile are validated first, the same for
     * every address, and only then is the address looked up: a taken address is a 409, or, in an
     * enumeration-safe tenant, answers as a new account would (a customer number, the same hashing
     * work) while its owner gets a mail instead.
     */
    String signUp(Request request, ClientModel client) {
        EventBuilder event =
                Events.of(session, realm, EventType.REGISTER)
                        .client(client)
                        .detail(Details.USERNAME, request.email())
                        .detail(Details.EMAIL, request.email());
        if (!realm.isRegistrationAllowed()) {
            event.error(Errors.REGISTRATION_DISABLED);
            throw EmporixException.forbidden("Sign-up is not open for this tenant");
        }
        accounts.checkNewPassword("password", request.email(), request.password());
        Map<String, List<String>> attributes = attributes(request);
        try {
            session.getProvider(UserProfileProvider.class)
                    .create(UserProfileContext.REGISTRATION, attributes)
                    .validate();
        } catch (ValidationException e) {
            // Keycloak's duplicate checks are part of the profile's validation: left for after the
            // same validation as a new address gets.
            List<ValidationException.Error> invalid =
                    e.getErrors().stream()
                            .filter(error -> !NewCustomers.isAddressTaken(error))
                            .toList();
            if (!invalid.isEmpty()) {
                event.detail(Details.REASON, "invalid user profile")
                        .error(Errors.INVALID_REGISTRATION);
                throw accounts.invalidProfile(invalid);
            }
        }
        UserModel existing = session.users().getUserByEmail(realm, request.email());
        if (existing == null) {
            existing = session.users().getUserByUsername(realm, request.email());
        }
        if (existing != null) {
            event.error(Errors.EMAIL_IN_USE);
            if (!TenantRealms.isEnumerationSafe(realm)) {
                throw addressTaken();
            }
            // Enumeration-safe: the same answer and the same work as a new account, and a note to
            // the owner.
            hashLikeANewAccount(request.password());
            new CustomerMails(session, realm)
                    .send(
                            CustomerMails.Kind.ACCOUNT_EXISTS,
                            existing,
                            null,
                            request.site(),
                            null,
                            Map.of());
            return CustomerNumbers.next(session, realm);
        }
        UserModel user;
        try {
            // A signed-up address is the customer's word only: verified by the opt-in, if ever.
            user =
                    new NewCustomers(session, realm)
                            .create(
                                    new NewCustomer(
                                            UserProfileContext.REGISTRATION,
                                            attributes,
                                            false,
                                            null,
                                            List.of()));
        } catch (NewCustomers.AddressTaken e) {
            // Taken since the look-up above, by a sign-up at the same moment.
            event.error(Errors.EMAIL_IN_USE);
            if (!TenantRealms.isEnumerationSafe(realm)) {
                throw addressTaken();
            }
            return CustomerNumbers.next(session, realm);
        } catch (ValidationException e) {
            event.detail(Details.REASON, "invalid user profile").error(Errors.INVALID_REGISTRATION);
            throw accounts.invalidProfile(e.getErrors());
        }
        accounts.setPassword(user, "password", request.password());
        if (realm.isVerifyEmail()) {
            user.addRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
            sendOptIn(user, client, request.site());
        }
        NewCustomers.announce(event, user, "emporix");
        return user.getFirstAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER);
    }

    private static EmporixException addressTaken() {
        return EmporixException.of(
                409, "conflict_resource", "A customer with this e-mail address exists already");
    }

    /** The opt-in e-mail, with a new one-time token. */
    void sendOptIn(UserModel user, ClientModel client, String site) {
        String token = new OneTimeTokens(session, realm).issue(user, CustomerActionToken.OPT_IN);
        new CustomerMails(session, realm)
                .send(CustomerMails.Kind.OPT_IN, user, null, site, token, Map.of());
        EventBuilder event =
                Events.of(session, realm, EventType.SEND_VERIFY_EMAIL)
                        .user(user)
                        .detail(Details.EMAIL, user.getEmail());
        (client != null ? event.client(client) : event).success();
    }

    /**
     * For a customer who moved in with an address nobody vouched for, in a realm that wants
     * verified addresses: the account waits for its opt-in as after a sign-up with double opt-in,
     * and the opt-in mail goes out (its link logs them in); the resend works as for any waiting
     * account.
     */
    static void awaitOptIn(
            KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        user.addRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        new SignUp(session, realm).sendOptIn(user, client, user.getFirstAttribute("preferredSite"));
    }

    /**
     * Activates the account of an opt-in token: e-mail verified, verify-email action done. The
     * caller then logs the customer in; a refused login rolls the activation back.
     */
    UserModel optIn(String token, ClientModel client) {
        EventBuilder event = Events.of(session, realm, EventType.VERIFY_EMAIL).client(client);
        UserModel user =
                new OneTimeTokens(session, realm)
                        .redeem(token, CustomerActionToken.OPT_IN, event)
                        .user();
        if (!user.isEnabled()) {
            event.user(user).error(Errors.USER_DISABLED);
            throw EmporixException.unauthorized("The account is disabled");
        }
        user.setEmailVerified(true);
        user.removeRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        event.user(user).detail(Details.EMAIL, user.getEmail()).success();
        return user;
    }

    /** A new opt-in e-mail for an account that waits for one; nothing for any other address. */
    void resendOptIn(String email, ClientModel client) {
        UserModel user = session.users().getUserByEmail(realm, email);
        if (user != null && user.isEnabled() && OneTimeTokens.awaitsOptIn(user)) {
            sendOptIn(user, client, null);
        } else {
            new CustomerMails(session, realm).sendNone(CustomerMails.Kind.OPT_IN, email);
            Events.of(session, realm, EventType.SEND_VERIFY_EMAIL)
                    .client(client)
                    .detail(Details.EMAIL, email)
                    .error(Errors.USER_NOT_FOUND);
        }
    }

    private Map<String, List<String>> attributes(Request request) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put(UserModel.USERNAME, List.of(request.email()));
        attributes.put(UserModel.EMAIL, List.of(request.email()));
        JsonNode details = request.details();
        copy(details, "firstName", UserModel.FIRST_NAME, attributes);
        copy(details, "lastName", UserModel.LAST_NAME, attributes);
        for (String name : CustomerProfileAttributes.EDITABLE) {
            copy(details, name, name, attributes);
        }
        copy(
                details.path("b2b"),
                CustomerProfileAttributes.COMPANY_REGISTRATION_ID,
                CustomerProfileAttributes.COMPANY_REGISTRATION_ID,
                attributes);
        return attributes;
    }

    private static void copy(
            JsonNode from, String field, String attribute, Map<String, List<String>> into) {
        JsonNode value = from.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isValueNode()) {
            throw EmporixException.badRequest(
                    "Invalid customer data",
                    new Detail(field, "invalid", field + " must be a string"));
        }
        if (!value.asText().isBlank()) {
            into.put(attribute, List.of(value.asText()));
        }
    }

    /**
     * Hashes the password as storing it would, so a duplicate sign-up takes as long as a new one.
     */
    private void hashLikeANewAccount(String password) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        String algorithm = policy.getHashAlgorithm();
        PasswordHashProvider hash =
                algorithm == null
                        ? session.getProvider(PasswordHashProvider.class)
                        : session.getProvider(PasswordHashProvider.class, algorithm);
        if (hash != null) {
            hash.encodedCredential(password, policy.getHashIterations());
        }
    }
}
