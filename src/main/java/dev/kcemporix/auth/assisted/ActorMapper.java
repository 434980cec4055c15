package dev.kcemporix.auth.assisted;

import dev.kcemporix.auth.keycloak.Impersonation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * Names the staff member in every token of a session they opened for a customer: {@code act:
 * {"sub": <their user id>}} (RFC 8693, as Keycloak 26.8 does for impersonated sessions), and ends
 * each token at the assisted session's cap, wherever Keycloak issues it (our endpoints, its own
 * token endpoint, a refresh). It runs last of all the client's mappers ({@link #getPriority}), and
 * ignores its "add to token" switches, so no mapper or setting of the realm can drop the claim or
 * lengthen the token; the assisted login refuses a client without it.
 */
public class ActorMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "emporix-actor-mapper";

    /** The client scope, on every storefront client, that carries this mapper. */
    public static final String SCOPE = "emporix-assisted-buying";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Emporix assisted buying actor";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "In a session a staff member opened for a customer (assisted buying, impersonation),"
                + " adds the claim act: {sub: <staff member's user id>} and ends every token at the"
                + " session's cap. Runs after every other mapper.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    /** After every other mapper: a realm's own mapper cannot remove or change the claim. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public AccessToken transformAccessToken(
            AccessToken token,
            ProtocolMapperModel mappingModel,
            KeycloakSession session,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        name(token, session, userSession);
        return token;
    }

    @Override
    public IDToken transformIDToken(
            IDToken token,
            ProtocolMapperModel mappingModel,
            KeycloakSession session,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        name(token, session, userSession);
        return token;
    }

    @Override
    public AccessToken transformIntrospectionToken(
            AccessToken token,
            ProtocolMapperModel mappingModel,
            KeycloakSession session,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        name(token, session, userSession);
        return token;
    }

    private static void name(IDToken token, KeycloakSession session, UserSessionModel userSession) {
        Impersonation actor = Impersonation.of(session, userSession);
        if (actor == null) {
            return;
        }
        token.getOtherClaims().put(Impersonation.CLAIM, Map.of("sub", actor.actorId()));
        // The customer's one-time-code step let staff through without a code: no "otp" in amr.
        if (token.getOtherClaims().get("amr") instanceof Collection<?> amr && amr.contains("otp")) {
            token.getOtherClaims().put("amr", amr.stream().filter(m -> !"otp".equals(m)).toList());
        }
        if (actor.until() > 0 && (token.getExp() == null || token.getExp() > actor.until())) {
            token.exp(actor.until());
        }
    }
}
