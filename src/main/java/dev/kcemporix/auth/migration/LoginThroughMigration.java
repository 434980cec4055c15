package dev.kcemporix.auth.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.customer.NewCustomers;
import dev.kcemporix.auth.customer.NewCustomers.NewCustomer;
import dev.kcemporix.auth.keycloak.KeycloakGrants;
import dev.kcemporix.auth.keycloak.OwnTransaction;
import dev.kcemporix.auth.keycloak.StandInPasswordProvider;
import dev.kcemporix.auth.legal.LegalEntities;
import dev.kcemporix.auth.selfservice.OptIns;
import dev.kcemporix.auth.tenant.TenantRealms;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.services.cors.Cors;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.ValidationException;

/**
 * Login-through migration (docs/endpoints.md, *Moving from Emporix*): a user-federation provider
 * that Keycloak asks only when an e-mail is unknown to the realm. It never hands out users of its
 * own. When the request being served is a login with a password for exactly that e-mail (Keycloak's
 * password grant, its login form, our login endpoints, which run that grant), it asks the source
 * shop with that password; when the source accepts, the customer is created in the realm (profile,
 * customer number, legal entities) with the password under the realm's own hashing, and returned,
 * so that Keycloak's password step checks the password against the new local credential as for
 * anyone. The customer is local from the start (no federation link): the source is never asked
 * about them again.
 *
 * <p>Why at lookup time, not in {@code isValid}: a user has to exist before Keycloak checks a
 * password, and creating placeholder users for every address someone types would let a script fill
 * the realm. Creating only after the source accepted the password leaves nothing behind for an
 * unknown address or a wrong password (Keycloak answers it as an unknown user). A source that does
 * not answer is {@link MigrationUnavailable}: thrown before any authenticator counts a failure.
 */
final class LoginThroughMigration implements UserStorageProvider, UserLookupProvider {

    private static final Logger LOG = Logger.getLogger(LoginThroughMigration.class);

    /**
     * Set while this provider creates a customer: the user profile's duplicate checks look the
     * address up again.
     */
    private static final String CREATING = "emporix.migration.creating";

    /** Per request and address, what the source said: the new user's id, or {@link #REFUSED}. */
    private static final String ASKED = "emporix.migration.asked:";

    private static final String REFUSED = "";
    static final String REGISTER_METHOD = "emporix-migration";

    private final KeycloakSession session;
    private final ComponentModel component;
    private final SourceShop source;
    private final MigrationFailures failures;
    private final java.util.concurrent.Semaphore calls;
    private final SourceCircuit circuit;
    private final boolean trustLegalEntities;

    LoginThroughMigration(
            KeycloakSession session,
            ComponentModel component,
            SourceShop source,
            java.util.concurrent.Semaphore calls,
            SourceCircuit circuit,
            boolean trustLegalEntities) {
        this.session = session;
        this.component = component;
        this.source = source;
        this.failures = new MigrationFailures(session);
        this.calls = calls;
        this.circuit = circuit;
        this.trustLegalEntities = trustLegalEntities;
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
    public void close() {}

    private UserModel migrated(RealmModel realm, String typed) {
        if (typed == null
                || session.getAttribute(CREATING) != null
                || session.getAttribute(StandInPasswordProvider.ATTRIBUTE) != null) {
            return null;
        }
        String email = typed.trim().toLowerCase(Locale.ROOT);
        String password = passwordTypedFor(email);
        if (password == null || isKnownHere(realm, email)) {
            return null;
        }
        // Keycloak looks an address up by e-mail, then by username: the source is asked once per
        // request.
        String asked = ASKED + component.getId() + ":" + email;
        Object earlier = session.getAttribute(asked);
        if (earlier != null) {
            return REFUSED.equals(earlier)
                    ? null
                    : session.users().getUserById(realm, (String) earlier);
        }
        session.setAttribute(asked, REFUSED);
        if (failures.tooMany(realm, email)) {
            LOG.debugf(
                    "Login-through migration (%s): too many refused passwords for one address"
                            + " lately; the source is not asked",
                    component.getName());
            return null;
        }
        JsonNode profile;
        try {
            profile = ask(realm, email, password);
        } catch (MigrationUnavailable e) {
            if (TenantRealms.isEnumerationSafe(realm)) {
                // A 503 would tell that the address has no account here: where the tenant hides
                // that, the login is the ordinary 401.
                return null;
            }
            throw e;
        }
        if (profile == null || !isProfileOf(profile, email)) {
            failures.count(realm, email);
            LOG.debugf(
                    "Login-through migration (%s): the source refused the login",
                    component.getName());
            return null;
        }
        UserModel user = moveIn(realm, email, password, profile);
        if (user != null) {
            session.setAttribute(asked, user.getId());
        }
        return user;
    }

    /**
     * The source's answer for {@code email} and {@code password} (null: it refused them). A source
     * that does not answer, a circuit that is open after repeated failures, or as many calls under
     * way on this node as allowed: {@link MigrationUnavailable} at once, counted nowhere.
     */
    private JsonNode ask(RealmModel realm, String email, String password) {
        SourceCircuit.Permit permit = circuit.permit();
        if (permit == SourceCircuit.Permit.REFUSE) {
            unavailable(realm, email, "the source failed repeatedly and is left alone for a while");
            throw new MigrationUnavailable(allowedOrigin());
        }
        if (!calls.tryAcquire()) {
            circuit.releaseProbe(permit);
            unavailable(
                    realm,
                    email,
                    "as many calls to the source as allowed are under way on this node");
            throw new MigrationUnavailable(allowedOrigin());
        }
        try {
            JsonNode profile = source.customer(email, password);
            if (Thread.currentThread().isInterrupted()) {
                // Keycloak's storage-provider timeout interrupted the lookup: no database work on
                // an interrupted thread.
                throw new SourceShop.Unavailable(
                        "the lookup outlived Keycloak's storage-provider timeout");
            }
            circuit.answered(permit);
            return profile;
        } catch (SourceShop.Unavailable e) {
            // Keycloak's timeout may have interrupted this thread: clear it before the circuit's
            // and the event's work.
            Thread.interrupted();
            // Only a source down for anyone opens the circuit: an answer a customer's own input
            // provoked must not stop every login.
            if (e.down()) {
                circuit.failed(permit);
            } else {
                circuit.answered(permit);
            }
            unavailable(realm, email, e.getMessage());
            throw new MigrationUnavailable(allowedOrigin());
        } finally {
            calls.release();
        }
    }

    /**
     * The request's browser origin, when the login's client lists it among its web origins; else
     * null.
     */
    private String allowedOrigin() {
        String origin =
                session.getContext().getRequestHeaders() == null
                        ? null
                        : session.getContext()
                                .getRequestHeaders()
                                .getHeaderString(Cors.ORIGIN_HEADER);
        ClientModel client = session.getContext().getClient();
        if (origin == null || client == null) {
            return null;
        }
        java.util.Set<String> allowed = WebOriginsUtils.resolveValidWebOrigins(session, client);
        return allowed.contains(origin)
                        || allowed.contains(Cors.ACCESS_CONTROL_ALLOW_ORIGIN_WILDCARD)
                ? origin
                : null;
    }

    /**
     * Whether the realm has the address already, as a username or an e-mail: Keycloak looks an
     * address up by e-mail first and asks us when that fails, also for a customer whose username it
     * is. Such a customer is local: their password never goes to the source.
     */
    private boolean isKnownHere(RealmModel realm, String email) {
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        return local.getUserByUsername(realm, email) != null
                || local.getUserByEmail(realm, email) != null;
    }

    /**
     * The source's {@code /me} must be the account of the address that logged in (its {@code
     * accounts}, where it lists them).
     */
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
        LOG.warnf(
                "Login-through migration (%s): the source answered the profile of another address;"
                        + " nobody moves in",
                component.getName());
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
        // A login only: Keycloak's password grant at its token endpoint or as our login runs it, or
        // its login form; never a
        // reset, registration, profile or other request whose form happens to carry grant_type, a
        // username and a password.
        String path = request.getUri() == null ? "" : request.getUri().getPath();
        boolean passwordGrant =
                "password".equals(form == null ? null : form.getFirst("grant_type"))
                        && (path.endsWith("/protocol/openid-connect/token")
                                || session.getAttribute(KeycloakGrants.PASSWORD_GRANT_RUNNING)
                                        != null);
        boolean loginForm = path.endsWith("/login-actions/authenticate");
        if (form == null || !(passwordGrant || loginForm) || form.containsKey("password-confirm")) {
            return null;
        }
        String username = form.getFirst("username");
        String password = form.getFirst("password");
        if (username == null
                || password == null
                || password.isEmpty()
                || !username.trim().equalsIgnoreCase(email)) {
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
        org.keycloak.models.ClientModel client = session.getContext().getClient();
        String userId;
        try {
            userId =
                    OwnTransaction.get(
                            session,
                            realmId,
                            (creating, creatingRealm) -> {
                                creating.setAttribute(CREATING, Boolean.TRUE);
                                UserModel created =
                                        create(
                                                creating,
                                                creatingRealm,
                                                email,
                                                password,
                                                profile,
                                                connection,
                                                client == null
                                                        ? null
                                                        : creatingRealm.getClientById(
                                                                client.getId()));
                                return created == null ? null : created.getId();
                            });
        } catch (NewCustomers.AddressTaken | ModelDuplicateException lostTheRace) {
            // The database's unique username decides, at creation or at commit.
            userId = null;
        }
        if (userId != null) {
            return session.users().getUserById(realm, userId);
        }
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        return local.getUserByEmail(realm, email);
    }

    /**
     * The customer, created through the user profile in {@code creating}; null when the realm
     * refuses the address itself.
     */
    private UserModel create(
            KeycloakSession creating,
            RealmModel realm,
            String email,
            String password,
            JsonNode profile,
            org.keycloak.common.ClientConnection connection,
            org.keycloak.models.ClientModel client) {
        // The source vouches for the password and the profile, no more: the address is verified
        // only where the source says so, and legal entities come from it only where the provider
        // trusts it with them.
        boolean verified = sourceVerified(profile, email);
        List<String> legalEntityIds =
                trustLegalEntities ? legalEntities(creating, profile) : List.of();
        NewCustomers customers = new NewCustomers(creating, realm);
        UserModel user = null;
        // Fields the source holds that this realm's profile refuses: the customer still moves in,
        // with fewer of them. A taken address goes up to the caller (the other creation won).
        for (Map<String, List<String>> attributes :
                List.of(attributes(email, profile, true), attributes(email, profile, false))) {
            try {
                user =
                        customers.create(
                                new NewCustomer(
                                        UserProfileContext.USER_API,
                                        attributes,
                                        verified,
                                        null,
                                        legalEntityIds));
                break;
            } catch (ValidationException e) {
                LOG.debugf(
                        "Login-through migration (%s): profile fields %s refused",
                        component.getName(),
                        e.getErrors().stream()
                                .map(error -> error.getAttribute())
                                .distinct()
                                .toList());
            }
        }
        if (user == null) {
            return null;
        }
        // Claimed once the user row exists: of two first logins of one address at once, the one
        // whose row the database's unique username lets through gets the number, the other never
        // claims it.
        String number = MovedInCustomer.text(profile, "customerNumber");
        if (number != null && MovedInCustomer.CUSTOMER_NUMBER.matcher(number).matches()) {
            customers.keepBroughtNumber(user, number);
        }
        if (!verified && realm.isVerifyEmail()) {
            // Else Keycloak's verify-email action would stop every login for good: the opt-in mail
            // proves the mailbox.
            OptIns.awaitFor(creating, realm, user, client);
        }
        storePassword(creating, realm, user, password);
        NewCustomers.announce(new EventBuilder(realm, creating, connection), user, REGISTER_METHOD);
        return user;
    }

    /**
     * Whether the source reports the address as verified: its profile's {@code emailVerified}, or
     * that of the account with this address. Not said: not verified (logging in proves the
     * password, not the mailbox).
     */
    static boolean sourceVerified(JsonNode profile, String email) {
        if (profile.path("emailVerified").asBoolean(false)) {
            return true;
        }
        for (JsonNode account : profile.path("accounts")) {
            if (email.equalsIgnoreCase(MovedInCustomer.text(account, "id"))
                    && account.path("emailVerified").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** The profile's attributes: all fields, or only the names. */
    private static Map<String, List<String>> attributes(
            String email, JsonNode profile, boolean allFields) {
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

    /**
     * The organizations of this realm that the source's legal entities name; the others are not
     * this tenant's.
     */
    private static List<String> legalEntities(KeycloakSession creating, JsonNode profile) {
        List<String> ids = new ArrayList<>();
        LegalEntities known = new LegalEntities(creating);
        for (JsonNode entity : profile.path("b2b").path("legalEntities")) {
            String id = MovedInCustomer.text(entity, "id");
            OrganizationModel organization = id == null ? null : known.find(id);
            if (organization != null
                    && !ids.contains(organization.getId())
                    && ids.size() < CustomerImport.MAX_LEGAL_ENTITIES) {
                ids.add(organization.getId());
            }
        }
        return ids;
    }

    /**
     * The password the source accepted, hashed as the realm hashes passwords (its policy's
     * algorithm and iterations, through Keycloak's password credential provider). The policy's
     * rules (length, history, ...) are not applied: the customer's password is the shop's, and the
     * policy holds at their next change.
     */
    private static void storePassword(
            KeycloakSession creating, RealmModel realm, UserModel user, String password) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider hash =
                policy.getHashAlgorithm() == null
                        ? null
                        : creating.getProvider(
                                PasswordHashProvider.class, policy.getHashAlgorithm());
        if (hash == null) {
            hash = creating.getProvider(PasswordHashProvider.class);
        }
        PasswordCredentialModel credential =
                hash.encodedCredential(password, policy.getHashIterations());
        credential.setCreatedDate(Time.currentTimeMillis());
        ((PasswordCredentialProvider)
                        creating.getProvider(
                                CredentialProvider.class,
                                PasswordCredentialProviderFactory.PROVIDER_ID))
                .createCredential(realm, user, credential);
    }

    /**
     * A {@code LOGIN_ERROR} event that says why, in a transaction of its own: the failed request's
     * may be rolled back.
     */
    private void unavailable(RealmModel realm, String email, String reason) {
        LOG.warnf(
                "Login-through migration (%s): the source did not answer: %s",
                component.getName(), reason);
        String realmId = realm.getId();
        var connection = session.getContext().getConnection();
        OwnTransaction.run(
                session,
                realmId,
                (eventSession, eventRealm) -> {
                    new EventBuilder(eventRealm, eventSession, connection)
                            .event(EventType.LOGIN)
                            .detail(Details.USERNAME, email)
                            .detail(
                                    Details.REASON,
                                    "login-through migration: the source did not answer")
                            .error(MigrationUnavailable.ERROR);
                });
    }
}
