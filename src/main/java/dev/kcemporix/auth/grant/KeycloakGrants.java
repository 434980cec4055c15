package dev.kcemporix.auth.grant;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.refresh.RefreshTokenException;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.cors.Cors;

/**
 * Runs one of Keycloak's own grant providers ({@code password}, {@code refresh_token},
 * {@code client_credentials}) the way Keycloak's token endpoint does: client authentication through
 * Keycloak's client authenticators, client policies, the grant itself, and its events
 * ({@code LOGIN}, {@code REFRESH_TOKEN}, {@code CLIENT_LOGIN} and their errors). Brute-force
 * protection, disabled users, required actions, session limits and token rotation all come with it.
 */
public final class KeycloakGrants {

    private static final Logger LOG = Logger.getLogger(KeycloakGrants.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public KeycloakGrants(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Runs {@code grantType} with {@code form} as the token request's form. The form names the
     * client ({@code client_id}, plus {@code client_secret} for a confidential one).
     */
    public GrantOutcome run(String grantType, Map<String, String> form) {
        OAuth2GrantType grant = session.getProvider(OAuth2GrantType.class, grantType);
        if (grant == null) {
            throw new IllegalStateException("Keycloak has no grant provider " + grantType);
        }
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        form.forEach(params::putSingle);
        params.putSingle(OAuth2Constants.GRANT_TYPE, grantType);

        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(grant.getEventType())
                .detail(Details.GRANT_TYPE, grantType);
        // Origins are checked by our own endpoint before this point; the grant only needs a Cors to call.
        Cors cors = Cors.builder().auth().allowedMethods("GET", "POST");

        HttpRequest original = session.getContext().getHttpRequest();
        session.getContext().setHttpRequest(new FormRequest(original, params));
        try {
            AuthorizeClientUtil.ClientAuthResult client = AuthorizeClientUtil.authorizeClient(session, event, null);
            grant.preProcess(session, params);
            OAuth2GrantType.Context context = new OAuth2GrantType.Context(session,
                    OIDCAdvancedConfigWrapper.fromClientModel(client.getClient()), client.getClientAuthAttributes(),
                    params, event, cors, new TokenManager());
            return outcome(grant.process(context));
        } catch (WebApplicationException e) {
            return outcome(e.getResponse());
        } catch (RefreshTokenException e) {
            // As Keycloak's token endpoint reports it.
            event.detail(Details.REASON, e.getErrorDescription()).error(Errors.INVALID_TOKEN);
            return GrantOutcome.failure(400, e.getError(), e.getErrorDescription());
        } catch (TokenInterceptorException e) {
            return GrantOutcome.failure(400, e.getError(), e.getDescription());
        } catch (ClientPolicyException e) {
            event.detail(Details.REASON, Details.CLIENT_POLICY_ERROR).error(e.getError());
            return GrantOutcome.failure(e.getErrorStatus().getStatusCode(), e.getError(), e.getErrorDetail());
        } finally {
            session.getContext().setHttpRequest(original);
        }
    }

    private static GrantOutcome outcome(Response response) {
        Object entity = response.getEntity();
        if (response.getStatus() == 200 && entity instanceof AccessTokenResponse tokens) {
            return GrantOutcome.success(tokens);
        }
        if (entity instanceof OAuth2ErrorRepresentation error) {
            return GrantOutcome.failure(response.getStatus(), error.getError(), error.getErrorDescription());
        }
        if (entity instanceof Map<?, ?> map) {
            return GrantOutcome.failure(response.getStatus(), string(map.get("error")), string(map.get("error_description")));
        }
        LOG.debugf("Grant answered %d with %s", response.getStatus(), entity == null ? "no body" : entity.getClass().getName());
        return GrantOutcome.failure(response.getStatus(), null, null);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
