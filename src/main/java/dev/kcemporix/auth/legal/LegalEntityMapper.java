package dev.kcemporix.auth.legal;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Puts the legal entity the customer chose into the access token ({@value LegalEntities#CLAIM}),
 * for the one token being issued in this request. The choice is an attribute of the Keycloak
 * session of the request, set by our refresh after it checked the membership ({@link
 * LegalEntities#issuingFor}); it is never stored with the user session. So concurrent refreshes
 * choosing different entities each get their own, and a token issued anywhere else (Keycloak's own
 * refresh, token exchange, ...) names no legal entity at all.
 */
public class LegalEntityMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "emporix-legal-entity-mapper";

    /** The client scope, on every storefront client, that carries this mapper. */
    public static final String SCOPE = "emporix-legal-entity";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, LegalEntityMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Emporix legal entity";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the legal entity (organization) a customer chose at the Emporix refresh"
                + " endpoint as the claim 'legalEntityId'. Tokens issued by any other endpoint"
                + " carry none.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(
            IDToken token,
            ProtocolMapperModel mappingModel,
            UserSessionModel userSession,
            KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        String chosen = LegalEntities.chosen(session);
        if (chosen != null) {
            token.getOtherClaims().put(LegalEntities.CLAIM, chosen);
        }
    }
}
