package dev.kcemporix.auth.selfservice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import dev.kcemporix.auth.customer.CustomerAccounts;
import dev.kcemporix.auth.customer.CustomerProfileAttributes;
import dev.kcemporix.auth.legal.LegalEntities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    ProfileResponse of(UserModel user, UserSessionModel userSession) {
        String customerNumber = user.getFirstAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER);
        if (customerNumber == null || customerNumber.isBlank()) {
            customerNumber = user.getId();
        }
        String contactEmail = user.getFirstAttribute(CustomerProfileAttributes.CONTACT_EMAIL);
        List<ProfileResponse.LegalEntity> legalEntities = legalEntities(user);
        return new ProfileResponse(
                customerNumber,
                customerNumber,
                user.getFirstAttribute("title"),
                user.getFirstName(),
                user.getFirstAttribute("middleName"),
                user.getLastName(),
                contactEmail != null ? contactEmail : user.getEmail(),
                user.getFirstAttribute("contactPhone"),
                user.getFirstAttribute("company"),
                user.getFirstAttribute("preferredLanguage"),
                user.getFirstAttribute("preferredCurrency"),
                user.getFirstAttribute("preferredSite"),
                accounts(user),
                legalEntities.isEmpty() ? "B2C" : "B2B",
                new ProfileResponse.B2b(
                        user.getFirstAttribute(CustomerProfileAttributes.COMPANY_REGISTRATION_ID),
                        legalEntities),
                Map.of(),
                userSession == null
                        ? null
                        : Instant.ofEpochSecond(userSession.getStarted()).toString());
    }

    /** The e-mail login, then one entry per identity provider the customer is linked to. */
    private List<ProfileResponse.Account> accounts(UserModel user) {
        List<ProfileResponse.Account> accounts = new ArrayList<>();
        if (user.getEmail() != null) {
            accounts.add(new ProfileResponse.Account(user.getEmail(), null));
        }
        session.users()
                .getFederatedIdentitiesStream(realm, user)
                .forEach(
                        link ->
                                accounts.add(
                                        new ProfileResponse.Account(
                                                user.getEmail() != null
                                                        ? user.getEmail()
                                                        : link.getUserName() != null
                                                                ? link.getUserName()
                                                                : link.getUserId(),
                                                link.getIdentityProvider())));
        return accounts;
    }

    /**
     * Applies the fields {@code changes} names, and only those (PATCH and the SDKs' PUT alike),
     * through Keycloak's user profile in the account context: its validation applies, and a field
     * the profile does not let the customer edit (the customer number, or whatever an admin made
     * read-only) is a 400 {@code read_only} when the request would change it. A field sent empty or
     * null is cleared; {@code contactEmail} cannot be.
     */
    void update(UserModel user, JsonNode changes) {
        Map<String, List<String>> requested = new LinkedHashMap<>();
        for (String name : NAMES) {
            put(requested, changes, name);
        }
        for (String name : CustomerProfileAttributes.EDITABLE) {
            put(requested, changes, name);
        }
        put(requested, changes, CustomerProfileAttributes.CUSTOMER_NUMBER);
        if (changes.path("b2b").isObject()) {
            put(requested, changes.path("b2b"), CustomerProfileAttributes.COMPANY_REGISTRATION_ID);
        }
        if (requested.containsKey(CustomerProfileAttributes.CONTACT_EMAIL)
                && isBlank(requested.get(CustomerProfileAttributes.CONTACT_EMAIL))) {
            throw EmporixException.badRequest(
                    "contactEmail cannot be unset",
                    new Detail(
                            CustomerProfileAttributes.CONTACT_EMAIL,
                            "required",
                            "contactEmail cannot be unset"));
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>(requested);
        // Keycloak's profile takes a root attribute left out as one to clear: what the request
        // leaves out stays as it is.
        attributes.putIfAbsent(UserModel.USERNAME, List.of(user.getUsername()));
        if (user.getEmail() != null) {
            attributes.putIfAbsent(UserModel.EMAIL, List.of(user.getEmail()));
        }
        for (String name : NAMES) {
            String current =
                    name.equals(UserModel.FIRST_NAME) ? user.getFirstName() : user.getLastName();
            if (current != null) {
                attributes.putIfAbsent(name, List.of(current));
            }
        }
        UserProfile profile =
                session.getProvider(UserProfileProvider.class)
                        .create(UserProfileContext.ACCOUNT, attributes, user);
        for (Map.Entry<String, List<String>> field : requested.entrySet()) {
            if (profile.getAttributes().isReadOnly(field.getKey())
                    && !sameValue(user.getFirstAttribute(field.getKey()), field.getValue())) {
                throw EmporixException.badRequest(
                        field.getKey() + " is read-only",
                        new Detail(
                                field.getKey(),
                                "read_only",
                                field.getKey() + " cannot be changed"));
            }
        }
        try {
            profile.update(false);
        } catch (ValidationException e) {
            throw new CustomerAccounts(session, realm).invalidProfile(e.getErrors());
        }
    }

    /**
     * A field of the request: its value, or a blank one (which Keycloak's profile clears) when it
     * is null or empty.
     */
    private static void put(Map<String, List<String>> attributes, JsonNode from, String field) {
        if (!from.has(field)) {
            return;
        }
        JsonNode value = from.get(field);
        if (value.isContainerNode()) {
            throw EmporixException.badRequest(
                    "Invalid customer data",
                    new Detail(field, "invalid", field + " must be a string"));
        }
        attributes.put(field, List.of(value.isNull() ? "" : value.asText()));
    }

    private static boolean isBlank(List<String> values) {
        return values.stream().allMatch(v -> v == null || v.isBlank());
    }

    private static boolean sameValue(String current, List<String> requested) {
        return isBlank(requested)
                ? current == null || current.isBlank()
                : requested.get(0).equals(current);
    }

    private List<ProfileResponse.LegalEntity> legalEntities(UserModel user) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null || !organizations.isEnabled()) {
            return List.of();
        }
        List<ProfileResponse.LegalEntity> entities = new ArrayList<>();
        for (Iterator<OrganizationModel> it = organizations.getByMember(user).iterator();
                it.hasNext(); ) {
            OrganizationModel organization = it.next();
            if (organization.isEnabled()) {
                entities.add(
                        new ProfileResponse.LegalEntity(
                                LegalEntities.idOf(organization), organization.getName()));
            }
        }
        return entities;
    }
}
