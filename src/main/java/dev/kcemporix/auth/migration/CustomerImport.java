package dev.kcemporix.auth.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import dev.kcemporix.auth.customer.CustomerNumbers;
import dev.kcemporix.auth.customer.CustomerProfileAttributes;
import dev.kcemporix.auth.customer.NewCustomers;
import dev.kcemporix.auth.customer.NewCustomers.NewCustomer;
import dev.kcemporix.auth.legal.LegalEntities;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.ValidationException;

/**
 * Emporix's customer import (docs/endpoints.md, *Moving from Emporix*): up to 200 customers per
 * call, each checked, then created in a transaction of its own through Keycloak's user profile (its
 * validation and duplicate checks apply), so one bad item refuses only itself. A legacy hash
 * becomes a password credential that Keycloak verifies with {@link HybrisPasswordHash} (or its own
 * {@code pbkdf2}) and re-hashes on the first login. No answer, event or log line carries a hash,
 * pepper or uid.
 */
final class CustomerImport {

    static final int MAX_ITEMS = 200;
    static final int MAX_LEGAL_ENTITIES = 20;
    static final String EXACTLY_ONE =
            "Exactly one of 'passwordHash' or 'legacyAuth' must be provided in the account";

    private final KeycloakSession session;
    private final RealmModel realm;

    CustomerImport(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A checked item, ready to be created. */
    /**
     * {@code organizationIds}: the organizations the item's legal entities named, resolved once
     * while checking.
     */
    private record Customer(
            String number,
            String email,
            Map<String, List<String>> attributes,
            PasswordCredentialModel credential,
            List<String> organizationIds) {}

    List<ImportResult> run(ArrayNode items) {
        if (items.size() > MAX_ITEMS) {
            throw EmporixException.badRequest("At most " + MAX_ITEMS + " customers per call");
        }
        boolean windowActive = new RetentionWindow(session, realm).isActive();
        List<ImportResult> results = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            String givenNumber = item.path("id").isTextual() ? item.path("id").asText() : null;
            try {
                Customer customer = checked(item, windowActive);
                String number =
                        KeycloakModelUtils.runJobInTransactionWithResult(
                                session.getKeycloakSessionFactory(),
                                session.getContext(),
                                itemSession -> create(itemSession, customer),
                                "emporix customer import");
                results.add(ImportResult.created(index, number));
            } catch (EmporixException e) {
                results.add(ImportResult.refused(index, givenNumber, e));
            } catch (ModelDuplicateException e) {
                // The database's own unique check at commit: someone created the same address in
                // between.
                results.add(
                        ImportResult.refused(
                                index,
                                givenNumber,
                                EmporixException.of(
                                        409,
                                        "conflict_resource",
                                        "A customer with this e-mail address exists already")));
            }
        }
        return results;
    }

    private Customer checked(JsonNode item, boolean windowActive) {
        if (!item.isObject()) {
            throw EmporixException.badRequest("Each item must be a JSON object");
        }
        String number = null;
        JsonNode id = item.get("id");
        if (id != null && !id.isNull()) {
            if (!id.isTextual()
                    || !MovedInCustomer.CUSTOMER_NUMBER.matcher(id.asText()).matches()) {
                throw invalid("id", "id must be 1 to 66 letters, digits, '_' or '-'");
            }
            number = id.asText();
        }
        JsonNode account = item.path("account");
        String email =
                account.path("email").isTextual() ? account.path("email").asText().trim() : null;
        if (email == null || email.isEmpty()) {
            throw EmporixException.badRequest(
                    "account.email is required",
                    new Detail("account.email", "required", "account.email is required"));
        }
        JsonNode contactEmail = item.get("contactEmail");
        if (contactEmail != null
                && !contactEmail.isNull()
                && !(contactEmail.isTextual()
                        && contactEmail
                                .asText()
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(email.toLowerCase(Locale.ROOT)))) {
            throw invalid("contactEmail", "contactEmail must equal account.email");
        }
        boolean hash = present(account.get("passwordHash"));
        boolean legacy = present(account.get("legacyAuth"));
        if (hash == legacy) {
            throw EmporixException.badRequest(
                    EXACTLY_ONE, new Detail("account", "invalid", EXACTLY_ONE));
        }
        if (hash) {
            throw invalid(
                    "account.passwordHash",
                    "passwordHash is not supported (Emporix's hash format is not published): use"
                            + " login-through migration");
        }
        PasswordCredentialModel credential = credential(account.get("legacyAuth"), windowActive);

        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put(UserModel.USERNAME, List.of(email));
        attributes.put(UserModel.EMAIL, List.of(email));
        text(item, "firstName", attributes, UserModel.FIRST_NAME);
        text(item, "lastName", attributes, UserModel.LAST_NAME);
        for (String field : MovedInCustomer.PROFILE_FIELDS) {
            text(item, field, attributes, field);
        }
        return new Customer(
                number,
                email,
                attributes,
                credential,
                organizationIds(item.path("b2b").path("legalEntities")));
    }

    private static PasswordCredentialModel credential(JsonNode legacyAuth, boolean windowActive) {
        if (!windowActive) {
            throw invalid(
                    "account.legacyAuth",
                    "legacyAuth needs an active password-migration retention configuration");
        }
        String algorithm = legacyAuth.path("algorithm").asText(null);
        String hash = legacyAuth.path("hash").isTextual() ? legacyAuth.path("hash").asText() : null;
        if (hash == null || hash.isBlank()) {
            throw EmporixException.badRequest(
                    "account.legacyAuth.hash is required",
                    new Detail(
                            "account.legacyAuth.hash",
                            "required",
                            "account.legacyAuth.hash is required"));
        }
        if (HybrisPbkdf2.ALGORITHM.equals(algorithm)) {
            try {
                return HybrisPbkdf2.credential(hash);
            } catch (IllegalArgumentException e) {
                throw invalid(
                        "account.legacyAuth.hash",
                        "hash is not a hybris-pbkdf2 hash: " + e.getMessage());
            }
        }
        HybrisDigest digest = HybrisDigest.byAlgorithm(algorithm);
        if (digest == null) {
            throw invalid(
                    "account.legacyAuth.algorithm",
                    "algorithm must be one of hybris-sha512-uid-salt, hybris-sha256-uid-salt, "
                            + "hybris-md5-uid-salt, hybris-pbkdf2");
        }
        if (digest.decode(hash) == null) {
            throw invalid(
                    "account.legacyAuth.hash",
                    "hash is not a " + algorithm + " digest in hex or Base64");
        }
        JsonNode uid = legacyAuth.path("context").path("originalUid");
        if (!uid.isTextual() || uid.asText().isEmpty()) {
            throw EmporixException.badRequest(
                    "account.legacyAuth.context.originalUid is required for " + algorithm,
                    new Detail(
                            "account.legacyAuth.context.originalUid",
                            "required",
                            "originalUid is required"));
        }
        // The uid as the credential's salt: secret data, which no admin or account representation
        // shows.
        return PasswordCredentialModel.createFromValues(
                algorithm, uid.asText().getBytes(StandardCharsets.UTF_8), 1, hash.trim());
    }

    private List<String> organizationIds(JsonNode legalEntities) {
        List<String> ids = new ArrayList<>();
        if (legalEntities.isMissingNode() || legalEntities.isNull()) {
            return ids;
        }
        if (!legalEntities.isArray()) {
            throw invalid("b2b.legalEntities", "b2b.legalEntities must be an array of {id}");
        }
        if (legalEntities.size() > MAX_LEGAL_ENTITIES) {
            throw invalid(
                    "b2b.legalEntities",
                    "at most " + MAX_LEGAL_ENTITIES + " legal entities per customer");
        }
        LegalEntities known = new LegalEntities(session);
        for (JsonNode entity : legalEntities) {
            OrganizationModel organization =
                    entity.path("id").isTextual() ? known.find(entity.path("id").asText()) : null;
            if (organization == null) {
                throw invalid(
                        "b2b.legalEntities",
                        "b2b.legalEntities names a legal entity the tenant does not have");
            }
            if (!ids.contains(organization.getId())) {
                ids.add(organization.getId());
            }
        }
        return ids;
    }

    /**
     * Creates one checked customer in {@code itemSession}'s own transaction; a refusal rolls back
     * only this item.
     */
    private String create(KeycloakSession itemSession, Customer customer) {
        RealmModel itemRealm = itemSession.getContext().getRealm();
        if (customer.number() != null
                && !CustomerNumbers.claim(itemSession, itemRealm, customer.number())) {
            throw EmporixException.of(
                    409,
                    "conflict_resource",
                    "A customer with this customer number exists already");
        }
        if (itemSession.users().getUserByEmail(itemRealm, customer.email()) != null
                || itemSession.users().getUserByUsername(itemRealm, customer.email()) != null) {
            throw EmporixException.of(
                    409, "conflict_resource", "A customer with this e-mail address exists already");
        }
        UserModel user;
        try {
            // The shop had the address as the customer's login: an import carries it verified, as
            // Emporix's own import does.
            user =
                    new NewCustomers(itemSession, itemRealm)
                            .create(
                                    new NewCustomer(
                                            UserProfileContext.USER_API,
                                            customer.attributes(),
                                            true,
                                            customer.number(),
                                            customer.organizationIds()));
        } catch (NewCustomers.AddressTaken e) {
            throw EmporixException.of(
                    409, "conflict_resource", "A customer with this e-mail address exists already");
        } catch (ValidationException e) {
            throw EmporixException.badRequest(
                    "The customer's profile is not valid",
                    e.getErrors().stream()
                            .map(
                                    error ->
                                            new Detail(
                                                    error.getAttribute(),
                                                    error.getMessage(),
                                                    error.getAttribute() + " is not valid"))
                            .toArray(Detail[]::new));
        }
        user.credentialManager().createStoredCredential(customer.credential());
        RetentionWindow.mark(user);
        NewCustomers.announce(
                new EventBuilder(itemRealm, itemSession, session.getContext().getConnection()),
                user,
                "emporix-import");
        return user.getFirstAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static void text(
            JsonNode item, String field, Map<String, List<String>> attributes, String attribute) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isValueNode()) {
            throw invalid(field, field + " must be a string");
        }
        attributes.put(attribute, List.of(value.asText()));
    }

    private static EmporixException invalid(String field, String message) {
        return EmporixException.badRequest(message, new Detail(field, "invalid", message));
    }
}
