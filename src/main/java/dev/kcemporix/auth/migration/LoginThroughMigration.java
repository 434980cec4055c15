package dev.kcemporix.auth.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.PasswordCredentialProvider;
import org.keycloak.credential.PasswordCredentialProviderFactory;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.messages.Messages;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import dev.kcemporix.auth.grant.StandInPasswordProvider;
import dev.kcemporix.auth.legal.LegalEntities;

/**
 * Login-through migration (README, *Moving from Emporix*): a user-federation provider that Keycloak
 * asks only when an e-mail is unknown to the realm. It never hands out users of its own. When the
 * request being served is a login with a password for exactly that e-mail (Keycloak's password
 * grant, its login form, our login endpoints, which run that grant), it asks the source shop with
 * that password; when the source accepts, the customer is created in the realm (profile, customer
 * number, legal entities) with the password under the realm's own hashing, and returned, so that
 * Keycloak's password step checks the password against the new local credential as for anyone. The
 * customer is local from the start (no federation link): the source is never asked about them again.
 *
 * <p>Why at lookup time, not in {@code isValid}: a user has to exist before Keycloak checks a
 * password, and creating placeholder users for every address someone types would let a script fill
 * the realm. Creating only after the source accepted the password leaves nothing behind for an
 * unknown address or a wrong password (Keycloak answers it as an unknown user). A source that does
 * not answer is {@link MigrationUnavailable}: thrown before any authenticator counts a failure.
 */
final class LoginThroughMigration implements UserStorageProvider, UserLookupProvider {

    private static final Logger LOG = Logger.getLogger(LoginThroughMigration.class);
    /** Set while this provider creates a customer: the user profile's duplicate checks look the address up again. */
    private static final String CREATING = "emporix.migration.creating";
    /** Per request and address, what the source said: the new user's id, or {@link #REFUSED}. */
    private static final String ASKED = "emporix.migration.asked:";
    private static final String REFUSED = "";
    static final String REGISTER_METHOD = "emporix-migration";

    private final KeycloakSession session;
    private final ComponentModel component;
    private final SourceShop source;
    private final MigrationFailures failures;

    LoginThroughMigration(KeycloakSession session, ComponentModel component, SourceShop source) {
        this.session = session;
        this.component = component;
        this.source = source;
        this.failures = new MigrationFailures(session);
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        return null;
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        return migrated(realm, username);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        return migrated(realm, email);
    }

    @Override
    public void close() {
    }

    private UserModel migrated(RealmModel realm, String typed) {
        if (typed == null || session.getAttribute(CREATING) != null || session.getAttribute(StandInPasswordProvider.ATTRIBUTE) != null) {
            return null;
        }
        String email = typed.trim().toLowerCase(Locale.ROOT);
        String password = passwordTypedFor(email);
        if (password == null || isKnownHere(realm, email)) {
            return null;
        }
        // Keycloak looks an address up by e-mail, then by username: the source is asked once per request.
        String asked = ASKED + component.getId() + ":" + email;
        Object earlier = session.getAttribute(asked);
        if (earlier != null) {
            return REFUSED.equals(earlier) ? null : session.users().getUserById(realm, (String) earlier);
        }
        session.setAttribute(asked, REFUSED);
        if (failures.tooMany(realm, email)) {
            LOG.debugf("Login-through migration (%s): too many refused passwords for one address lately; the source is not asked", component.getName());
            return null;
        }
        JsonNode profile;
        try {
            profile = source.customer(email, password);
            if (Thread.currentThread().isInterrupted()) {
                // Keycloak's storage-provider timeout interrupted the lookup: no database work on an interrupted thread.
                throw new SourceShop.Unavailable("the lookup outlived Keycloak's storage-provider timeout");
            }
        } catch (SourceShop.Unavailable e) {
            // Keycloak's timeout may have interrupted this thread: clear it before the event's transaction.
            Thread.interrupted();
            unavailable(realm, email, e.getMessage());
            throw new MigrationUnavailable();
        }
        if (profile == null || !isProfileOf(profile, email)) {
            failures.count(realm, email);
            LOG.debugf("Login-through migration (%s): the source refused the login", component.getName());
            return null;
        }
        UserModel user = moveIn(realm, email, password, profile);
        if (user != null) {
            session.setAttribute(asked, user.getId());
        }
        return user;
    }

    /**
     * Whether the realm has the address already, as a username or an e-mail: Keycloak looks an
     * address up by e-mail first and asks us when that fails, also for a customer whose username it
     * is. Such a customer is local: their password never goes to the source.
     */
    private boolean isKnownHere(RealmModel realm, String email) {
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        return local.getUserByUsername(realm, email) != null || local.getUserByEmail(realm, email) != null;
    }

    /** The source's {@code /me} must be the account of the address that logged in (its {@code accounts}, where it lists them). */
    private boolean isProfileOf(JsonNode profile, String email) {
        JsonNode accounts = profile.path("accounts");
        if (!accounts.isArray() || accounts.isEmpty()) {
            return true;
        }
        for (JsonNode account : accounts) {
            if (email.equalsIgnoreCase(MovedInCustomer.text(account, "id"))) {
                return true;
            }
        }
        LOG.warnf("Login-through migration (%s): the source answered the profile of another address; nobody moves in", component.getName());
        return false;
    }

    /**
     * The password of the request being served when it is a login of {@code email}: a form with
     * {@code username} (that address) and {@code password}, as Keycloak's token endpoint and login
     * form read them.
     */
    private String passwordTypedFor(String email) {
        if (email.indexOf('@') < 1) {
            return null;
        }
        HttpRequest request = session.getContext().getHttpRequest();
        if (request == null || !"POST".equals(request.getHttpMethod())) {
            return null;
        }
        MultivaluedMap<String, String> form;
        try {
            form = request.getDecodedFormParameters();
        } catch (RuntimeException notAForm) {
            return null;
        }
        // A login only: Keycloak's password grant (also as our endpoints run it) or its login form; never a
        // registration, profile or other form that happens to carry a username and a password.
        boolean passwordGrant = "password".equals(form == null ? null : form.getFirst("grant_type"));
        boolean loginForm = request.getUri() != null && request.getUri().getPath().endsWith("/login-actions/authenticate");
        if (form == null || !(passwordGrant || loginForm) || form.containsKey("password-confirm")) {
            return null;
        }
        String username = form.getFirst("username");
        String password = form.getFirst("password");
        if (username == null || password == null || password.isEmpty() || !username.trim().equalsIgnoreCase(email)) {
            return null;
        }
        return password;
    }

    /**
     * Creates the customer the source knows, in a transaction of its own, and answers them as this
     * session sees them. Two first logins of one address at once: the second finds the first's
     * customer (the database's unique username decides) and checks the password against theirs.
     * Null when the realm refuses the address itself.
     */
    private UserModel moveIn(RealmModel realm, String email, String password, JsonNode profile) {
        String realmId = realm.getId();
        var connection = session.getContext().getConnection();
        String userId;
        try {
            userId = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), creating -> {
                RealmModel creatingRealm = creating.realms().getRealm(realmId);
                creating.getContext().setRealm(creatingRealm);
                creating.setAttribute(CREATING, Boolean.TRUE);
                UserModel created = create(creating, creatingRealm, email, password, profile, connection);
                return created == null ? null : created.getId();
            });
        } catch (ModelDuplicateException | ValidationException lostTheRace) {
            userId = null;
        }
        if (userId != null) {
            return session.users().getUserById(realm, userId);
        }
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        return local.getUserByEmail(realm, email);
    }

    /** The customer, created through the user profile in {@code creating}; null when the realm refuses the address itself. */
    private UserModel create(KeycloakSession creating, RealmModel realm, String email, String password, JsonNode profile,
            org.keycloak.common.ClientConnection connection) {
        UserProfileProvider profiles = creating.getProvider(UserProfileProvider.class);
        UserModel user = null;
        // Fields the source holds that this realm's profile refuses: the customer still moves in, with fewer of them.
        for (Map<String, List<String>> attributes : List.of(attributes(email, profile, true), attributes(email, profile, false))) {
            try {
                user = profiles.create(UserProfileContext.USER_API, attributes).create();
                break;
            } catch (ValidationException e) {
                LOG.debugf("Login-through migration (%s): profile fields %s refused", component.getName(),
                        e.getErrors().stream().map(error -> error.getAttribute()).distinct().toList());
                if (e.getErrors().stream().anyMatch(error -> Messages.EMAIL_EXISTS.equals(error.getMessage())
                        || Messages.USERNAME_EXISTS.equals(error.getMessage()))) {
                    throw e;
                }
            }
        }
        if (user == null) {
            return null;
        }
        String number = MovedInCustomer.text(profile, "customerNumber");
        if (number == null || !MovedInCustomer.CUSTOMER_NUMBER.matcher(number).matches() || !MovedInCustomer.isFree(creating, realm, number)) {
            number = null;
        }
        MovedInCustomer.complete(creating, realm, user, number, legalEntities(creating, profile), REGISTER_METHOD, connection);
        storePassword(creating, realm, user, password);
        return user;
    }

    /** The profile's attributes: all fields, or only the names. */
    private static Map<String, List<String>> attributes(String email, JsonNode profile, boolean allFields) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put(UserModel.USERNAME, List.of(email));
        attributes.put(UserModel.EMAIL, List.of(email));
        put(attributes, UserModel.FIRST_NAME, MovedInCustomer.text(profile, "firstName"));
        put(attributes, UserModel.LAST_NAME, MovedInCustomer.text(profile, "lastName"));
        if (allFields) {
            for (String field : MovedInCustomer.PROFILE_FIELDS) {
                put(attributes, field, MovedInCustomer.text(profile, field));
            }
        }
        return attributes;
    }

    private static void put(Map<String, List<String>> attributes, String name, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(name, List.of(value));
        }
    }

    /** The organizations of this realm that the source's legal entities name; the others are not this tenant's. */
    private static List<String> legalEntities(KeycloakSession creating, JsonNode profile) {
        List<String> ids = new ArrayList<>();
        LegalEntities known = new LegalEntities(creating);
        for (JsonNode entity : profile.path("b2b").path("legalEntities")) {
            String id = MovedInCustomer.text(entity, "id");
            OrganizationModel organization = id == null ? null : known.find(id);
            if (organization != null && !ids.contains(organization.getId()) && ids.size() < CustomerImport.MAX_LEGAL_ENTITIES) {
                ids.add(organization.getId());
            }
        }
        return ids;
    }

    /**
     * The password the source accepted, hashed as the realm hashes passwords (its policy's algorithm
     * and iterations, through Keycloak's password credential provider). The policy's rules (length,
     * history, ...) are not applied: the customer's password is the shop's, and the policy holds at
     * their next change.
     */
    private static void storePassword(KeycloakSession creating, RealmModel realm, UserModel user, String password) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider hash = policy.getHashAlgorithm() == null ? null
                : creating.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm());
        if (hash == null) {
            hash = creating.getProvider(PasswordHashProvider.class);
        }
        PasswordCredentialModel credential = hash.encodedCredential(password, policy.getHashIterations());
        credential.setCreatedDate(Time.currentTimeMillis());
        ((PasswordCredentialProvider) creating.getProvider(CredentialProvider.class, PasswordCredentialProviderFactory.PROVIDER_ID))
                .createCredential(realm, user, credential);
    }

    /** A {@code LOGIN_ERROR} event that says why, in a transaction of its own: the failed request's may be rolled back. */
    private void unavailable(RealmModel realm, String email, String reason) {
        LOG.warnf("Login-through migration (%s): the source did not answer: %s", component.getName(), reason);
        String realmId = realm.getId();
        var connection = session.getContext().getConnection();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), eventSession -> {
            RealmModel eventRealm = eventSession.realms().getRealm(realmId);
            eventSession.getContext().setRealm(eventRealm);
            new EventBuilder(eventRealm, eventSession, connection).event(EventType.LOGIN).detail(Details.USERNAME, email)
                    .detail(Details.REASON, "login-through migration: the source did not answer").error(MigrationUnavailable.ERROR);
        });
    }
}
