package dev.kcemporix.auth.customer;

import java.util.List;

/**
 * The Emporix customer profile fields that live as Keycloak user attributes (besides Keycloak's own
 * username, email, firstName and lastName). Provisioning declares them in the tenant's user
 * profile, so Keycloak keeps them; customers see and edit them, except the customer number.
 */
public final class CustomerProfileAttributes {

    public static final String CUSTOMER_NUMBER = "customerNumber";
    public static final String CONTACT_EMAIL = "contactEmail";
    public static final String COMPANY_REGISTRATION_ID = "companyRegistrationId";

    /** Editable by the customer: sign-up's customerDetails and /me. */
    public static final List<String> EDITABLE =
            List.of(
                    "title",
                    "middleName",
                    CONTACT_EMAIL,
                    "contactPhone",
                    "company",
                    "preferredLanguage",
                    "preferredCurrency",
                    "preferredSite",
                    COMPANY_REGISTRATION_ID);

    private CustomerProfileAttributes() {}
}
