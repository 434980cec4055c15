package dev.kcemporix.auth.customer;

import java.util.List;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.messages.Messages;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

/**
 * The one way a customer is created, however they come (sign-up, import, login-through migration, a
 * first token exchange): through Keycloak's user profile in the caller's context, so the realm's
 * profile validation and its duplicate checks apply; then what every customer gets: an active
 * account, the address verified only where someone vouches for it, a customer number (the one they
 * bring or a new one), their legal entities as Organization memberships. The credential is the
 * caller's (how they came decides it); {@link #announce} ends every creation with the {@code
 * REGISTER} event.
 */
public final class NewCustomers {

    /**
     * A customer to create.
     *
     * @param context the user-profile context the attributes are validated in
     * @param attributes user-profile attributes, username and e-mail included
     * @param emailVerified whether whoever brings the customer vouches for the address
     * @param claimedNumber the customer number they bring, already {@link CustomerNumbers#claim
     *     claimed} (what a taken number means is the caller's to say); null for a new one
     * @param legalEntityIds Organization ids the customer becomes a member of
     */
    public record NewCustomer(
            UserProfileContext context,
            Map<String, List<String>> attributes,
            boolean emailVerified,
            String claimedNumber,
            List<String> legalEntityIds) {}

    /** The address or username belongs to a customer already. */
    public static final class AddressTaken extends RuntimeException {
        AddressTaken() {
            super("address taken", null, false, false);
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public NewCustomers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Creates {@code customer}.
     *
     * @throws AddressTaken when its address or username is a customer's already
     * @throws ValidationException when the realm's profile refuses the attributes otherwise
     */
    public UserModel create(NewCustomer customer) {
        UserModel user;
        try {
            user =
                    session.getProvider(UserProfileProvider.class)
                            .create(customer.context(), customer.attributes())
                            .create();
        } catch (ValidationException e) {
            if (e.getErrors().stream().anyMatch(NewCustomers::isAddressTaken)) {
                throw new AddressTaken();
            }
            throw e;
        } catch (ModelDuplicateException e) {
            // Two creations of one address at once: the database's unique username decides.
            throw new AddressTaken();
        }
        user.setEnabled(true);
        user.setEmailVerified(customer.emailVerified());
        user.setSingleAttribute(
                CustomerProfileAttributes.CUSTOMER_NUMBER,
                customer.claimedNumber() != null
                        ? customer.claimedNumber()
                        : CustomerNumbers.next(session, realm));
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        for (String organizationId : customer.legalEntityIds()) {
            OrganizationModel organization = organizations.getById(organizationId);
            if (organization != null && !organizations.isMember(organization, user)) {
                organizations.addMember(organization, user);
            }
        }
        return user;
    }

    /**
     * Gives {@code user}, just created, the customer number they bring where nobody has it (claimed
     * now, after the user row exists); else they keep the new one {@link #create} gave them. For a
     * source whose word on the number is a wish, not a condition (the import's is a condition: it
     * claims first, and a taken number is its 409).
     */
    public boolean keepBroughtNumber(UserModel user, String number) {
        if (!CustomerNumbers.claim(session, realm, number)) {
            return false;
        }
        user.setSingleAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER, number);
        return true;
    }

    /**
     * The {@code REGISTER} event of a new customer, saying how they came ({@code method}); sent by
     * the caller once the customer is complete (credential set, session started), so no listener
     * sees half a customer and no event names one a refusal rolls back.
     */
    public static void announce(EventBuilder event, UserModel user, String method) {
        event.event(EventType.REGISTER)
                .user(user)
                .detail(Details.REGISTER_METHOD, method)
                .success();
    }

    /** Whether a profile validation error is Keycloak's "address or username taken". */
    public static boolean isAddressTaken(ValidationException.Error error) {
        return Messages.EMAIL_EXISTS.equals(error.getMessage())
                || Messages.USERNAME_EXISTS.equals(error.getMessage());
    }
}
