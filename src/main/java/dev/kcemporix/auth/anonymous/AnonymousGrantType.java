package dev.kcemporix.auth.anonymous;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.tenant.TenantRealms;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.services.CorsErrorResponseException;

/**
 * Anonymous tokens as a grant of Keycloak's token endpoint, so that issuing one passes every check
 * of that endpoint that issuing a token passes (realm enabled, SSL required, client authentication,
 * enabled client, DPoP, parameter limits) through Keycloak's own code, exactly like our logins.
 *
 * <p>Only our anonymous endpoints use it: they hand the grant what to issue as an attribute of the
 * Keycloak session. Posted to Keycloak's own token endpoint, where no such attribute exists, it
 * answers like a grant type Keycloak does not know.
 */
public final class AnonymousGrantType implements OAuth2GrantType {

    public static final String GRANT_TYPE = "urn:kcemporix:params:oauth:grant-type:anonymous";

    /**
     * Session attribute: a {@code Function<ClientModel, AnonymousTokenResponse>} issuing the
     * tokens.
     */
    static final String ISSUER = AnonymousGrantType.class.getName() + ".issuer";

    @Override
    public EventType getEventType() {
        // What failures of client authentication are recorded as; success is not an event (the most
        // frequent call of a shop).
        return EventType.CLIENT_LOGIN;
    }

    // No @Override: Keycloak 26.7 declares this, 26.5 does not (this jar runs on both).
    public Set<String> getTokenParameterNames() {
        return Set.of(OAuth2Constants.REFRESH_TOKEN);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Response process(Context context) {
        KeycloakSession session = context.getSession();
        Function<ClientModel, AnonymousTokenResponse> issuer =
                (Function<ClientModel, AnonymousTokenResponse>) session.getAttribute(ISSUER);
        if (issuer == null || !TenantRealms.isEnabled(context.getRealm())) {
            throw new CorsErrorResponseException(
                    context.getCors(),
                    OAuthErrorException.UNSUPPORTED_GRANT_TYPE,
                    "Unsupported grant_type",
                    Response.Status.BAD_REQUEST);
        }
        ClientModel client = context.getClient();
        if (!TenantRealms.isStorefrontClient(context.getRealm(), client)) {
            // A client with a secret, a partner app or one of Keycloak's own (admin-cli, the
            // consoles) is no storefront.
            context.getEvent()
                    .detail(Details.REASON, "Not a storefront client of the tenant")
                    .error(Errors.NOT_ALLOWED);
            throw new CorsErrorResponseException(
                    context.getCors(),
                    OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "Anonymous tokens are for the tenant's storefront clients",
                    Response.Status.UNAUTHORIZED);
        }
        try {
            return Response.ok(issuer.apply(client), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (EmporixException e) {
            // A refused anonymous refresh token: Keycloak's own refresh records its refusal, so
            // this one is recorded too.
            context.getEvent()
                    .event(EventType.REFRESH_TOKEN)
                    .detail(Details.REASON, e.getMessage())
                    .error(Errors.INVALID_TOKEN);
            throw e;
        }
    }

    @Override
    public void close() {}
}
