package dev.kcemporix.auth.anonymous;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;

import dev.kcemporix.auth.grant.GrantOutcome;
import dev.kcemporix.auth.grant.KeycloakGrants;
import dev.kcemporix.auth.http.Answers;
import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.http.Parameter;

/**
 * {@code /customerlogin/auth/anonymous/...}: README, *Anonymous login and refresh*, on either mount. The tokens are
 * issued through Keycloak's token endpoint as {@link AnonymousGrantType}, so that endpoint's checks
 * apply to them as to every other token.
 */
public class AnonymousResource {

    static final Parameter CLIENT_ID = Parameter.named("client_id");
    /** The deprecated {@code anonymous_token} may come along; the refresh token alone proves the session. */
    static final Parameter REFRESH_TOKEN = Parameter.named("refresh_token");
    static final Parameter CURRENCY = Parameter.named("currency");
    static final Parameter SITE_CODE = Parameter.named("siteCode");
    static final Parameter LANGUAGE = Parameter.named("language");
    static final Parameter TARGET_LOCATION = Parameter.named("targetLocation");

    private final Mount mount;

    public AnonymousResource(Mount mount) {
        this.mount = mount;
    }

    /** Every path below {@code /customerlogin/auth/anonymous}. */
    public Endpoint route(String path) {
        return switch (path) {
            case "login" -> Endpoint.of(mount, null, Endpoint.GET_OR_POST, this::login);
            case "refresh" -> Endpoint.of(mount, null, Endpoint.GET_OR_POST, this::refresh);
            default -> Endpoint.none(mount);
        };
    }

    private Response login(EmporixRequest request) {
        String clientId = storefrontClientId(request);
        SessionNotes notes = notes(request);
        AnonymousTokenService service = new AnonymousTokenService(request.session(), request.realm());
        return tokens(issue(request, clientId, null, client -> service.login(client, notes)));
    }

    private Response refresh(EmporixRequest request) {
        String clientId = storefrontClientId(request);
        String refreshToken = request.required(REFRESH_TOKEN);
        SessionNotes notes = notes(request);
        AnonymousTokenService service = new AnonymousTokenService(request.session(), request.realm());
        return tokens(issue(request, clientId, refreshToken, client -> service.refresh(client, refreshToken, notes)));
    }

    /** Tenant, then the storefront client named; a browser origin that client does not allow is refused here. */
    private static String storefrontClientId(EmporixRequest request) {
        String clientId = request.required(CLIENT_ID, EventType.CLIENT_LOGIN, Errors.CLIENT_NOT_FOUND);
        ClientModel client = request.realm().getClientByClientId(clientId);
        if (client != null) {
            request.client(client);
        }
        return clientId;
    }

    /** Runs {@link AnonymousGrantType} through Keycloak's token endpoint, with {@code issuer} as what it issues. */
    private static AnonymousTokenResponse issue(EmporixRequest request, String clientId, String refreshToken,
            Function<ClientModel, AnonymousTokenResponse> issuer) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(OAuth2Constants.CLIENT_ID, clientId);
        if (refreshToken != null) {
            form.put(OAuth2Constants.REFRESH_TOKEN, refreshToken);
        }
        request.session().setAttribute(AnonymousGrantType.ISSUER, issuer);
        GrantOutcome outcome;
        try {
            outcome = new KeycloakGrants(request.session(), request.realm()).run(AnonymousGrantType.GRANT_TYPE, form);
        } finally {
            request.session().removeAttribute(AnonymousGrantType.ISSUER);
        }
        if (outcome.succeeded()) {
            return outcome.body(AnonymousTokenResponse.class);
        }
        EmporixException refusal = outcome.endpointRefusal();
        if (refusal != null) {
            throw refusal;
        }
        if (outcome.status() == 401 || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())
                || OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error())) {
            throw EmporixException.unauthorized("Invalid client_id");
        }
        throw EmporixException.badRequest(outcome.errorDescription() != null ? outcome.errorDescription() : "Invalid request");
    }

    private static SessionNotes notes(EmporixRequest request) {
        return SessionNotes.of(request.optional(CURRENCY), request.optional(SITE_CODE),
                request.optional(LANGUAGE), request.optional(TARGET_LOCATION));
    }

    private static Response tokens(AnonymousTokenResponse body) {
        return Answers.json(body);
    }
}
