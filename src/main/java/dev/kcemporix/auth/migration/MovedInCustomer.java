package dev.kcemporix.auth.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the import and the login-through migration read alike from an Emporix customer: its customer
 * number's form and its profile fields. Both create the customer through {@link
 * dev.kcemporix.auth.customer.NewCustomers}.
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
     * The text of {@code item.field} when it is a JSON value (a string, number or boolean), else
     * null.
     */
    static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
