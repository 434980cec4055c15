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
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

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

    LoginThroughMigration(KeycloakSession session, ComponentModel component, SourceShop source) {
        this.session = session;
        this.component = component;
        this.source = source;
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
        if (typed == null || session.getAttribute(CREATING) != null) {
            return null;
        }
        String email = typed.trim().toLowerCase(Locale.ROOT);
        String password = passwordTypedFor(email);
        if (password == null) {
            return null;
        }
        // Keycloak looks an address up by e-mail, then by username: the source is asked once per request.
        String asked = ASKED + component.getId() + ":" + email;
        Object earlier = session.getAttribute(asked);
        if (earlier != null) {
            return REFUSED.equals(earlier) ? null : session.users().getUserById(realm, (String) earlier);
        }
        session.setAttribute(asked, REFUSED);
        JsonNode profile;
        try {
            profile = source.customer(email, password);
            if (Thread.currentThread().isInterrupted()) {
                // Keycloak's storage-provider timeout interrupted the lookup: no database work on an interrupted thread.
                throw new SourceShop.Unavailable("the lookup outlived Keycloak's storage-provider timeout");
            }
        } catch (SourceShop.Unavailable e) {
            unavailable(realm, email, e.getMessage());
            throw new MigrationUnavailable();
        }
        if (profile == null) {
            LOG.debugf("Login-through migration (%s): the source refused the login", component.getName());
            return null;
        }
        UserModel user = create(realm, email, password, profile);
        if (user != null) {
            session.setAttribute(asked, user.getId());
        }
        return user;
    }

    /**
     * The password of the request being served when it is a login of {@code email}: a form with
     * {@code username} (that address) and {@code password}, as Keycloak's token endpoint and login
     * form read them. Not a registration form: someone signing up is not logging in.
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
        if (form == null || form.containsKey("password-confirm")) {
            return null;
        }
        String username = form.getFirst("username");
        String password = form.getFirst("password");
        if (username == null || password == null || password.isEmpty() || !username.trim().equalsIgnoreCase(email)) {
            return null;
        }
        return password;
    }

    /** The customer the source knows, created through the user profile; null when the realm refuses the address itself. */
    private UserModel create(RealmModel realm, String email, String password, JsonNode profile) {
        session.setAttribute(CREATING, Boolean.TRUE);
        try {
            UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
            UserModel user;
            try {
                user = profiles.create(UserProfileContext.USER_API, attributes(email, profile)).create();
            } catch (ValidationException e) {
                // A field the source holds that this realm's profile refuses: the customer still moves in, without it.
                LOG.debugf("Login-through migration (%s): profile fields %s refused, the customer moves in without them",
                        component.getName(), e.getErrors().stream().map(error -> error.getAttribute()).distinct().toList());
                try {
                    user = profiles.create(UserProfileContext.USER_API, Map.of(UserModel.USERNAME, List.of(email), UserModel.EMAIL, List.of(email)))
                            .create();
                } catch (ValidationException | ModelDuplicateException again) {
                    // The address is someone's username here: that account answers, not the source's.
                    return null;
                }
            }
            String number = MovedInCustomer.text(profile, "customerNumber");
            if (number == null || !MovedInCustomer.CUSTOMER_NUMBER.matcher(number).matches() || !MovedInCustomer.isFree(session, realm, number)) {
                number = null;
            }
            MovedInCustomer.complete(session, realm, user, number, legalEntities(profile), REGISTER_METHOD, session.getContext().getConnection());
            storePassword(realm, user, password);
            return user;
        } finally {
            session.removeAttribute(CREATING);
        }
    }

    private static Map<String, List<String>> attributes(String email, JsonNode profile) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put(UserModel.USERNAME, List.of(email));
        attributes.put(UserModel.EMAIL, List.of(email));
        put(attributes, UserModel.FIRST_NAME, MovedInCustomer.text(profile, "firstName"));
        put(attributes, UserModel.LAST_NAME, MovedInCustomer.text(profile, "lastName"));
        for (String field : MovedInCustomer.PROFILE_FIELDS) {
            put(attributes, field, MovedInCustomer.text(profile, field));
        }
        return attributes;
    }

    private static void put(Map<String, List<String>> attributes, String name, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(name, List.of(value));
        }
    }

    /** The organizations of this realm that the source's legal entities name; the others are not this tenant's. */
    private List<String> legalEntities(JsonNode profile) {
        List<String> ids = new ArrayList<>();
        LegalEntities known = new LegalEntities(session);
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
    private void storePassword(RealmModel realm, UserModel user, String password) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider hash = policy.getHashAlgorithm() == null ? null
                : session.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm());
        if (hash == null) {
            hash = session.getProvider(PasswordHashProvider.class);
        }
        PasswordCredentialModel credential = hash.encodedCredential(password, policy.getHashIterations());
        credential.setCreatedDate(Time.currentTimeMillis());
        ((PasswordCredentialProvider) session.getProvider(CredentialProvider.class, PasswordCredentialProviderFactory.PROVIDER_ID))
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
