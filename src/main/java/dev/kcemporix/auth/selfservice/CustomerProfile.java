package dev.kcemporix.auth.selfservice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.EmporixException.Detail;
import dev.kcemporix.auth.legal.LegalEntities;

/**
 * {@code /me}: the customer's profile from the Keycloak user and its declared attributes, the legal
 * entities from the customer's Organizations (ids as refresh accepts them), and updates through
 * Keycloak's user profile in the account context (so its read-only and validation rules apply).
 */
final class CustomerProfile {

    private static final List<String> NAMES = List.of("firstName", "lastName");

    private final KeycloakSession session;
    private final RealmModel realm;

    CustomerProfile(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    static Map<String, Object> anonymous() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", "Anonymous");
        body.put("customerNumber", "00000000");
        body.put("accounts", List.of());
        return body;
    }

    Map<String, Object> of(UserModel user, UserSessionModel userSession) {
        String customerNumber = user.getFirstAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER);
        if (customerNumber == null || customerNumber.isBlank()) {
            customerNumber = user.getId();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", customerNumber);
        body.put("customerNumber", customerNumber);
        body.put("title", user.getFirstAttribute("title"));
        body.put("firstName", user.getFirstName());
        body.put("middleName", user.getFirstAttribute("middleName"));
        body.put("lastName", user.getLastName());
        String contactEmail = user.getFirstAttribute(CustomerProfileAttributes.CONTACT_EMAIL);
        body.put("contactEmail", contactEmail != null ? contactEmail : user.getEmail());
        for (String name : List.of("contactPhone", "company", "preferredLanguage", "preferredCurrency", "preferredSite")) {
            body.put(name, user.getFirstAttribute(name));
        }
        body.put("accounts", user.getEmail() == null ? List.of() : List.of(Map.of("id", user.getEmail())));
        List<Map<String, String>> legalEntities = legalEntities(user);
        body.put("businessModel", legalEntities.isEmpty() ? "B2C" : "B2B");
        Map<String, Object> b2b = new LinkedHashMap<>();
        b2b.put("companyRegistrationId", user.getFirstAttribute(CustomerProfileAttributes.COMPANY_REGISTRATION_ID));
        b2b.put("legalEntities", legalEntities);
        body.put("b2b", b2b);
        body.put("metadata", Map.of());
        if (userSession != null) {
            body.put("lastLogin", Instant.ofEpochSecond(userSession.getStarted()).toString());
        }
        return body;
    }

    /** Applies the fields of {@code changes} that the profile has; {@code replace} (PUT) also clears the editable fields it leaves out. */
    void update(UserModel user, JsonNode changes, boolean replace) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (String name : NAMES) {
            put(attributes, changes, name, name);
        }
        for (String name : CustomerProfileAttributes.EDITABLE) {
            put(attributes, changes, name, name);
        }
        put(attributes, changes.path("b2b"), CustomerProfileAttributes.COMPANY_REGISTRATION_ID, CustomerProfileAttributes.COMPANY_REGISTRATION_ID);
        JsonNode contact = changes.get(CustomerProfileAttributes.CONTACT_EMAIL);
        if (changes.has(CustomerProfileAttributes.CONTACT_EMAIL) && (contact == null || contact.isNull() || contact.asText().isBlank())) {
            throw EmporixException.badRequest("contactEmail cannot be unset",
                    new Detail(CustomerProfileAttributes.CONTACT_EMAIL, "required", "contactEmail cannot be unset"));
        }
        if (changes.has(CustomerProfileAttributes.CUSTOMER_NUMBER)
                && !changes.get(CustomerProfileAttributes.CUSTOMER_NUMBER).asText().equals(user.getFirstAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER))) {
            throw EmporixException.badRequest("customerNumber is read-only",
                    new Detail(CustomerProfileAttributes.CUSTOMER_NUMBER, "read_only", "customerNumber cannot be changed"));
        }
        List<String> cleared = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : attributes.entrySet()) {
            if (e.getValue().isEmpty()) {
                cleared.add(e.getKey());
            }
        }
        if (replace) {
            CustomerProfileAttributes.EDITABLE.stream()
                    .filter(name -> !name.equals(CustomerProfileAttributes.CONTACT_EMAIL) && !attributes.containsKey(name))
                    .forEach(cleared::add);
        }
        // Keycloak's user profile needs what it holds as required even when a request leaves it out.
        attributes.putIfAbsent(UserModel.USERNAME, List.of(user.getUsername()));
        if (user.getEmail() != null) {
            attributes.putIfAbsent(UserModel.EMAIL, List.of(user.getEmail()));
        }
        for (String name : NAMES) {
            String current = name.equals("firstName") ? user.getFirstName() : user.getLastName();
            if (current != null) {
                attributes.putIfAbsent(name, List.of(current));
            }
        }
        try {
            UserProfile profile = session.getProvider(UserProfileProvider.class).create(UserProfileContext.ACCOUNT, attributes, user);
            profile.update(false);
        } catch (ValidationException e) {
            throw new CustomerAccounts(session, realm).invalidProfile(e);
        }
        // Keycloak's profile update keeps an attribute it gets no value for; the customer asked to clear it.
        cleared.stream().filter(name -> !NAMES.contains(name)).forEach(user::removeAttribute);
    }

    private static void put(Map<String, List<String>> attributes, JsonNode from, String field, String attribute) {
        if (!from.has(field)) {
            return;
        }
        JsonNode value = from.get(field);
        if (value.isContainerNode()) {
            throw EmporixException.badRequest("Invalid customer data", new Detail(field, "invalid", field + " must be a string"));
        }
        attributes.put(attribute, value.isNull() || value.asText().isBlank() ? List.of() : List.of(value.asText()));
    }

    private List<Map<String, String>> legalEntities(UserModel user) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null || !organizations.isEnabled()) {
            return List.of();
        }
        List<Map<String, String>> entities = new ArrayList<>();
        for (Iterator<OrganizationModel> it = organizations.getByMember(user).iterator(); it.hasNext(); ) {
            OrganizationModel organization = it.next();
            if (organization.isEnabled()) {
                entities.add(Map.of("id", LegalEntities.idOf(organization), "name", organization.getName()));
            }
        }
        return entities;
    }
}
