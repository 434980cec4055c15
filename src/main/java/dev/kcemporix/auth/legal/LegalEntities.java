package dev.kcemporix.auth.legal;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Legal entities are Keycloak Organizations: {@code legalEntityId} is an organization's id, or the
 * value of its attribute {@value #ATTRIBUTE} where ids came from elsewhere. Membership is checked
 * here, since Keycloak's organization mappers drop a non-member organization silently.
 */
public final class LegalEntities {

    public static final String ATTRIBUTE = "legalEntityId";

    /** Access token claim naming the chosen legal entity. */
    public static final String CLAIM = "legalEntityId";

    /** Keycloak session attribute: the legal entity of the token being issued in this request. */
    private static final String CHOSEN = LegalEntities.class.getName() + ".chosen";

    private final KeycloakSession session;

    public LegalEntities(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Checks that {@code user} may act for legal entity {@code legalEntityId}: organizations are on
     * for the realm, the organization exists and is enabled, and the user is a member. Otherwise
     * 403, the same for every reason, so the answer does not tell which organizations exist.
     */
    public void requireMembership(UserModel user, String legalEntityId) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null || !organizations.isEnabled()) {
            throw notAMember();
        }
        OrganizationModel organization = find(organizations, legalEntityId);
        if (organization == null
                || !organization.isEnabled()
                || !organizations.isMember(organization, user)) {
            throw notAMember();
        }
    }

    /**
     * Runs {@code issue} (a token request) with {@code legalEntityId}, whose membership the caller
     * checked, as the legal entity of the tokens it issues; see {@link LegalEntityMapper}.
     */
    public static <T> T issuingFor(
            KeycloakSession session, String legalEntityId, Supplier<T> issue) {
        session.setAttribute(CHOSEN, legalEntityId);
        try {
            return issue.get();
        } finally {
            session.removeAttribute(CHOSEN);
        }
    }

    /** The legal entity of the token being issued in this request, or null. */
    static String chosen(KeycloakSession session) {
        Object chosen = session.getAttribute(CHOSEN);
        return chosen instanceof String id ? id : null;
    }

    /**
     * The id a customer chooses {@code organization} by: its {@value #ATTRIBUTE} attribute where
     * set, else its id.
     */
    public static String idOf(OrganizationModel organization) {
        String imported =
                organization.getAttributes().getOrDefault(ATTRIBUTE, List.of()).stream()
                        .findFirst()
                        .orElse(null);
        return imported != null && !imported.isBlank() ? imported : organization.getId();
    }

    /**
     * The organization {@code legalEntityId} names (its id, or its {@value #ATTRIBUTE} attribute),
     * or null.
     */
    public OrganizationModel find(String legalEntityId) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return organizations == null ? null : find(organizations, legalEntityId);
    }

    private static OrganizationModel find(
            OrganizationProvider organizations, String legalEntityId) {
        OrganizationModel byId = organizations.getById(legalEntityId);
        if (byId != null) {
            return byId;
        }
        return organizations
                .getAllStream(Map.of(ATTRIBUTE, legalEntityId), 0, 2)
                .filter(
                        o ->
                                legalEntityId.equals(
                                        o
                                                .getAttributes()
                                                .getOrDefault(ATTRIBUTE, List.of())
                                                .stream()
                                                .findFirst()
                                                .orElse(null)))
                .findFirst()
                .orElse(null);
    }

    private static EmporixException notAMember() {
        return EmporixException.forbidden("The customer does not belong to this legal entity");
    }
}
