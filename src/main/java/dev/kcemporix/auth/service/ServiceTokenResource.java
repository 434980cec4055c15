package dev.kcemporix.auth.service;

import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.RequestParameters;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.Answers;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.GrantOutcome;
import dev.kcemporix.auth.keycloak.KeycloakGrants;
import dev.kcemporix.auth.tenant.ClientTenants;
import dev.kcemporix.auth.tenant.EmporixScopes;
import dev.kcemporix.auth.tenant.TenantRealms;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessTokenResponse;

/**
 * {@code POST /oauth/token}: docs/endpoints.md, *Service access token*. Keycloak's own {@code
 * client_credentials} grant issues the token (client authentication, service account, {@code
 * CLIENT_LOGIN} events).
 */
public class ServiceTokenResource {

    private static final Logger LOG = Logger.getLogger(ServiceTokenResource.class);

    static final Parameter GRANT_TYPE = Parameter.named(OAuth2Constants.GRANT_TYPE);
    static final Parameter CLIENT_ID = Parameter.named(OAuth2Constants.CLIENT_ID);
    static final Parameter CLIENT_SECRET = Parameter.named(OAuth2Constants.CLIENT_SECRET);
    static final Parameter SCOPE = Parameter.named(OAuth2Constants.SCOPE);

    static final String TAG = "Service token";

    private ServiceTokenResource() {}

    /** {@code /oauth/token}. */
    public static List<Route> routes() {
        return List.of(
                Route.of("POST", "/oauth/token", TAG, "A service access token (client credentials)")
                        .describe(
                                "Form, JSON or query parameters alike. The tenant: the realm of the"
                                        + " realm mount, else `tenant`, else a `tenant=T` entry in"
                                        + " `scope`, else (root mount) the one tenant that has this"
                                        + " client id; several: 400 saying so.")
                        .required("grant_type", "`client_credentials`.")
                        .required(
                                "client_id",
                                "A confidential client with a service account (or HTTP Basic).")
                        .secret("client_secret", false, "Its secret (or HTTP Basic).")
                        .optional(
                                "scope",
                                "Scopes wanted, space separated; those the client lacks are left"
                                        + " out.")
                        .optional(
                                "tenant", "The tenant, where the client id alone does not name it.")
                        .answers(200, ServiceTokenResponse.class)
                        .refuses(401)
                        .findingUnnamedTenant(ServiceTokenResource::unnamedTenant)
                        .handledBy(Route.Access.CLIENT, ServiceTokenResource::token));
    }

    private static Response token(EmporixRequest request) {
        String basicClientId = basicClientId(request);
        String clientId = request.optional(CLIENT_ID);
        RealmModel realm = request.realm();

        String grantType = request.required(GRANT_TYPE);
        if (!OAuth2Constants.CLIENT_CREDENTIALS.equals(grantType)) {
            throw EmporixException.of(
                    400,
                    "unsupported_grant_type",
                    "Only grant_type client_credentials is supported");
        }
        String secret = request.optional(CLIENT_SECRET);
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client != null) {
            request.client(client);
        }
        // As Keycloak's client authentication records them, before the 400.
        if (basicClientId == null && clientId == null) {
            request.event(EventType.CLIENT_LOGIN)
                    .detail(Details.REASON, "client_id missing")
                    .error(Errors.CLIENT_NOT_FOUND);
            throw RequestParameters.missing(OAuth2Constants.CLIENT_ID);
        }
        if (basicClientId == null && secret == null) {
            request.event(EventType.CLIENT_LOGIN)
                    .detail(Details.REASON, "client_secret missing")
                    .error(Errors.INVALID_CLIENT_CREDENTIALS);
            throw RequestParameters.missing(OAuth2Constants.CLIENT_SECRET);
        }

        Map<String, String> form = new LinkedHashMap<>();
        if (clientId != null) {
            form.put(OAuth2Constants.CLIENT_ID, clientId);
        }
        if (secret != null) {
            form.put(OAuth2Constants.CLIENT_SECRET, secret);
        }
        String scope = grantedScope(client, request.optional(SCOPE));
        if (!scope.isEmpty()) {
            form.put(OAuth2Constants.SCOPE, scope);
        }
        GrantOutcome outcome =
                new KeycloakGrants(request.session(), realm)
                        .run(OAuth2Constants.CLIENT_CREDENTIALS, form);
        if (!outcome.succeeded()) {
            throw failure(outcome);
        }
        return Answers.json(body(outcome.tokens(), realm));
    }

    /**
     * No tenant named: {@code tenant=T} inside scope, else (root mount) the one tenant that has the
     * client id; a client id no tenant has is an unknown client (401).
     */
    private static RealmModel unnamedTenant(EmporixRequest request) {
        String clientId =
                request.optional(CLIENT_ID) != null
                        ? request.optional(CLIENT_ID)
                        : basicClientId(request);
        String inScope = tenantInScope(request.optional(SCOPE));
        if (inScope != null) {
            RealmModel realm = TenantRealms.find(request.session(), inScope);
            if (realm == null) {
                throw EmporixException.notFound("Tenant not found");
            }
            return realm;
        }
        if (clientId == null) {
            throw RequestParameters.missing(OAuth2Constants.CLIENT_ID);
        }
        RealmModel realm = ClientTenants.of(request.session(), clientId);
        if (realm == null) {
            // No tenant has this client: as for an unknown client of a named tenant.
            throw EmporixException.unauthorized("Invalid client or client credentials");
        }
        return realm;
    }

    /** The tenant named in a scope string as {@code tenant=T}, or null. */
    static String tenantInScope(String scope) {
        if (scope == null) {
            return null;
        }
        for (String entry : scope.trim().split("\\s+")) {
            if (entry.startsWith("tenant=") && entry.length() > "tenant=".length()) {
                return entry.substring("tenant=".length());
            }
        }
        return null;
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

    /**
     * The client id of an {@code Authorization: Basic} client credential (RFC 6749 2.3.1), or null.
     */
    private static String basicClientId(EmporixRequest request) {
        String header = request.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded =
                    new String(
                            Base64.getDecoder().decode(header.substring(6).trim()),
                            StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String id =
                    java.net.URLDecoder.decode(
                            colon < 0 ? decoded : decoded.substring(0, colon),
                            StandardCharsets.UTF_8);
            return id.isEmpty() ? null : id;
        } catch (IllegalArgumentException e) {
            // Not Base64: Keycloak's client authenticator refuses it below, as at its own endpoint.
            return "";
        }
    }

    private static EmporixException failure(GrantOutcome outcome) {
        EmporixException refusal = outcome.endpointRefusal();
        if (refusal != null) {
            if (outcome.isServerError()) {
                LOG.warnf(
                        "client_credentials grant failed with %d: %s",
                        outcome.status(), outcome.error());
            }
            return refusal;
        }
        if (outcome.status() == 401
                || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())
                || OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error())) {
            return EmporixException.unauthorized("Invalid client or client credentials");
        }
        return EmporixException.badRequest(
                outcome.errorDescription() != null
                        ? outcome.errorDescription()
                        : "Invalid token request");
    }

    /** The contract's service token body. */
    private static ServiceTokenResponse body(AccessTokenResponse tokens, RealmModel realm) {
        return new ServiceTokenResponse(
                tokens.getToken(),
                "Bearer",
                tokens.getExpiresIn(),
                "",
                0,
                realm.getSsoSessionIdleTimeout(),
                EmporixScopes.of(tokens.getScope(), realm.getName()));
    }
}
