package dev.kcemporix.auth.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.customer.CustomerNumbers;
import dev.kcemporix.auth.customer.CustomerProfileAttributes;
import java.util.List;
import java.util.regex.Pattern;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * What every customer who moves in from Emporix gets, by import or by login-through migration: an
 * active account (its address verified where the shop vouches for it), the customer number they had
 * (or a new one), their legal entities as Organization memberships, and a {@code REGISTER} event
 * that says how they came.
 */
final class MovedInCustomer {

    /** Emporix's customer number, as its import API accepts it. */
    static final Pattern CUSTOMER_NUMBER = Pattern.compile("[\\w-]{1,66}");

    /**
     * Emporix profile fields kept as user-profile attributes of the same name (first and last name
     * are Keycloak's own).
     */
    static final List<String> PROFILE_FIELDS =
            List.of(
                    "title",
                    "middleName",
                    "contactPhone",
                    "company",
                    "preferredLanguage",
                    "preferredCurrency",
                    "preferredSite");

    private MovedInCustomer() {}

    /**
     * Completes {@code user}, just created through the user profile: {@code number} (null: a new
     * one), memberships of {@code organizationIds}, the address verified or not, the {@code
     * REGISTER} event with {@code method}. Returns the customer number.
     */
    static String complete(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            String number,
            List<String> organizationIds,
            String method,
            ClientConnection connection,
            boolean emailVerified) {
        user.setEnabled(true);
        user.setEmailVerified(emailVerified);
        String customerNumber = number != null ? number : CustomerNumbers.next(session, realm);
        user.setSingleAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER, customerNumber);
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        for (String organizationId : organizationIds) {
            OrganizationModel organization = organizations.getById(organizationId);
            if (organization != null && !organizations.isMember(organization, user)) {
                organizations.addMember(organization, user);
            }
        }
        new EventBuilder(realm, session, connection)
                .event(EventType.REGISTER)
                .user(user)
                .detail(Details.REGISTER_METHOD, method)
                .success();
        return customerNumber;
    }

    /**
     * The text of {@code item.field} when it is a JSON value (a string, number or boolean), else
     * null.
     */
    static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
