package dev.kcemporix.auth.service;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import dev.kcemporix.auth.error.EmporixException;
import dev.kcemporix.auth.grant.GrantOutcome;
import dev.kcemporix.auth.grant.KeycloakGrants;
import dev.kcemporix.auth.mount.Exchange;
import dev.kcemporix.auth.mount.Fallback;
import dev.kcemporix.auth.mount.Mount;
import dev.kcemporix.auth.mount.Params;
import dev.kcemporix.auth.scope.EmporixScopes;

/**
 * {@code POST /oauth/token}: contract section 6. Keycloak's own {@code client_credentials} grant
 * issues the token (client authentication, service account, {@code CLIENT_LOGIN} events).
 */
public class ServiceTokenResource {

    private static final Logger LOG = Logger.getLogger(ServiceTokenResource.class);

    private final Mount mount;

    public ServiceTokenResource(Mount mount) {
        this.mount = mount;
    }

    @POST
    // Not multipart: Quarkus would parse such a body before we see it, and fail on a bad one with a 500.
    @Consumes({"application/*", "text/*"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(String body) {
        return new Exchange(mount).respond(exchange -> {
            String contentType = exchange.session().getContext().getHttpRequest().getHttpHeaders().getHeaderString("Content-Type");
            ServiceTokenRequest request = ServiceTokenRequest.parse(contentType, body,
                    exchange.session().getContext().getUri().getQueryParameters());
            RealmModel realm = exchange.tenant(tenant(request));

            String grantType = request.get(OAuth2Constants.GRANT_TYPE);
            if (grantType == null) {
                throw Params.missing(OAuth2Constants.GRANT_TYPE);
            }
            if (!OAuth2Constants.CLIENT_CREDENTIALS.equals(grantType)) {
                throw EmporixException.of(400, "unsupported_grant_type", "Only grant_type client_credentials is supported");
            }
            boolean basicAuth = isBasicAuth(exchange);
            String clientId = request.get(OAuth2Constants.CLIENT_ID);
            String secret = request.get(OAuth2Constants.CLIENT_SECRET);
            if (!basicAuth && clientId == null) {
                throw Params.missing(OAuth2Constants.CLIENT_ID);
            }
            if (!basicAuth && secret == null) {
                throw Params.missing(OAuth2Constants.CLIENT_SECRET);
            }
            ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
            if (client != null) {
                exchange.client(client);
            }

            Map<String, String> form = new LinkedHashMap<>();
            if (clientId != null) {
                form.put(OAuth2Constants.CLIENT_ID, clientId);
            }
            if (secret != null) {
                form.put(OAuth2Constants.CLIENT_SECRET, secret);
            }
            String scope = grantedScope(client, request.get(OAuth2Constants.SCOPE));
            if (!scope.isEmpty()) {
                form.put(OAuth2Constants.SCOPE, scope);
            }
            GrantOutcome outcome = new KeycloakGrants(exchange.session(), realm).run(OAuth2Constants.CLIENT_CREDENTIALS, form);
            if (!outcome.succeeded()) {
                throw failure(outcome);
            }
            return Response.ok(ServiceTokenResponse.of(outcome.tokens(), realm), MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store").build();
        });
    }

    @OPTIONS
    public Response preflight() {
        String tenant = mount.pathRealm() != null ? mount.pathRealm().getName()
                : new Params(mount.session().getContext().getUri().getQueryParameters()).optional("tenant", "hybris-tenant");
        return new Exchange(mount).preflight(tenant, null);
    }

    // Wrong methods on the token path, answered in the contract's shape.

    @GET
    public Response get() {
        return fallback().get();
    }

    @PUT
    public Response put() {
        return fallback().put();
    }

    @DELETE
    public Response delete() {
        return fallback().delete();
    }

    @PATCH
    public Response patch() {
        return fallback().patch();
    }

    /** Paths below the token path are not part of the contract. */
    @Path("{path:.+}")
    public Fallback below() {
        return Fallback.of("unknown", Map.of());
    }

    private static Fallback fallback() {
        return Fallback.of("", Map.of("", Set.of("POST")));
    }

    /**
     * The realm mount's realm (a tenant parameter naming another is a 404 there); else a tenant
     * parameter; else {@code tenant=T} inside scope.
     */
    private String tenant(ServiceTokenRequest request) {
        String named = request.get("tenant", "hybris-tenant");
        if (named == null && mount.pathRealm() != null) {
            named = mount.pathRealm().getName();
        }
        if (named == null) {
            named = ServiceTokenRequest.tenantInScope(request.get(OAuth2Constants.SCOPE));
        }
        if (named == null) {
            throw EmporixException.badRequest("No tenant: send a tenant parameter or tenant=T in scope",
                    new EmporixException.Detail("tenant", "required", "tenant is required"));
        }
        return named;
    }

    /**
     * The requested scopes the client has (default or optional client scopes); others are left out,
     * as Emporix does, instead of failing the request as Keycloak would.
     */
    private static String grantedScope(ClientModel client, String requested) {
        if (client == null || requested == null) {
            return "";
        }
        Set<String> available = new HashSet<>(client.getClientScopes(true).keySet());
        available.addAll(client.getClientScopes(false).keySet());
        return Arrays.stream(requested.trim().split("\\s+"))
                .filter(available::contains)
                .distinct()
                .collect(Collectors.joining(" "));
    }

    private static boolean isBasicAuth(Exchange exchange) {
        String header = exchange.session().getContext().getHttpRequest().getHttpHeaders().getHeaderString("Authorization");
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static EmporixException failure(GrantOutcome outcome) {
        if (outcome.isServerError()) {
            LOG.warnf("client_credentials grant failed with %d: %s", outcome.status(), outcome.error());
            return EmporixException.of(500, "internal_server_error", "The server could not process the request");
        }
        if (outcome.status() == 401 || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())
                || OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error())) {
            return EmporixException.unauthorized("Invalid client or client credentials");
        }
        return EmporixException.badRequest(outcome.errorDescription() != null ? outcome.errorDescription() : "Invalid token request");
    }

    /** The contract's service token body. */
    static final class ServiceTokenResponse {
        private ServiceTokenResponse() {
        }

        static Map<String, Object> of(org.keycloak.representations.AccessTokenResponse tokens, RealmModel realm) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", tokens.getToken());
            body.put("token_type", "Bearer");
            body.put("expires_in", tokens.getExpiresIn());
            body.put("refresh_token", "");
            body.put("refresh_token_expires_in", 0);
            body.put("session_idle_time", realm.getSsoSessionIdleTimeout());
            body.put("scope", EmporixScopes.of(tokens.getScope(), realm.getName()));
            return body;
        }
    }
}
