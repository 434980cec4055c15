package dev.kcemporix.auth.selfservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;
import java.util.List;
import java.util.Map;

/** The body of {@code /me} for a customer token. */
@Described("The customer's profile. A field the customer never filled in is left out.")
@JsonPropertyOrder({
    "id",
    "customerNumber",
    "title",
    "firstName",
    "middleName",
    "lastName",
    "contactEmail",
    "contactPhone",
    "company",
    "preferredLanguage",
    "preferredCurrency",
    "preferredSite",
    "accounts",
    "businessModel",
    "b2b",
    "metadata",
    "lastLogin"
})
public record ProfileResponse(
        @Described("The customer number (as `customerNumber`).") String id,
        @Described(
                        "The customer number: the imported or assigned number, else the Keycloak"
                                + " user id.")
                String customerNumber,
        @Described("Title, such as `MR` or `MS`.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String title,
        @Described("First name.") @JsonInclude(JsonInclude.Include.NON_NULL) String firstName,
        @Described("Middle name.") @JsonInclude(JsonInclude.Include.NON_NULL) String middleName,
        @Described("Last name.") @JsonInclude(JsonInclude.Include.NON_NULL) String lastName,
        @Described("Where the shop writes to; the login e-mail unless set apart.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String contactEmail,
        @Described("Phone number.") @JsonInclude(JsonInclude.Include.NON_NULL) String contactPhone,
        @Described("Company name.") @JsonInclude(JsonInclude.Include.NON_NULL) String company,
        @Described("Preferred language, such as `en`.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String preferredLanguage,
        @Described("Preferred currency, such as `EUR`.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String preferredCurrency,
        @Described("Preferred site (shop) code.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String preferredSite,
        @Described(
                        "The logins: an entry whose `id` is the login e-mail (none for a customer"
                                + " without one), and one per linked identity provider.")
                List<Account> accounts,
        @Described("`B2B` when the customer belongs to a legal entity, else `B2C`.")
                String businessModel,
        @Described("Business details.") B2b b2b,
        @Described("Always an empty object here; Emporix keeps its own bookkeeping in it.")
                Map<String, Object> metadata,
        @Described("When the session of this token started (ISO-8601).")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String lastLogin) {

    @Described("A login of the customer.")
    public record Account(
            @Described(
                            "The login e-mail (for a provider's login without one, the customer's"
                                    + " name at the provider).")
                    String id,
            @Described(
                            "The alias of the identity provider this login goes through; absent for"
                                    + " the e-mail and password login.")
                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    String providerId) {}

    @Described("The customer's business details.")
    public record B2b(
            @Described("Company registration id.") @JsonInclude(JsonInclude.Include.NON_NULL)
                    String companyRegistrationId,
            @Described(
                            "The legal entities the customer belongs to: the ids"
                                    + " `refreshauthtoken?legalEntityId=` accepts.")
                    List<LegalEntity> legalEntities) {}

    @Described("A legal entity (a Keycloak organization) the customer belongs to.")
    public record LegalEntity(
            @Described("What `legalEntityId` takes.") String id,
            @Described("Its name.") String name) {}
}
