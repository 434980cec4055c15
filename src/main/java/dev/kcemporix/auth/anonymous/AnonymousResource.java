package dev.kcemporix.auth.anonymous;

import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.Answers;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.GrantOutcome;
import dev.kcemporix.auth.keycloak.KeycloakGrants;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;

/**
 * {@code /customerlogin/auth/anonymous/...}: docs/endpoints.md, *Anonymous login and refresh*, on
 * either mount. The tokens are issued through Keycloak's token endpoint as {@link
 * AnonymousGrantType}, so that endpoint's checks apply to them as to every other token.
 */
public class AnonymousResource {

    static final Parameter CLIENT_ID = Parameter.named("client_id");

    /**
     * The deprecated {@code anonymous_token} may come along; the refresh token alone proves the
     * session.
     */
    static final Parameter REFRESH_TOKEN = Parameter.named("refresh_token");

    static final Parameter CURRENCY = Parameter.named("currency");
    static final Parameter SITE_CODE = Parameter.named("siteCode");
    static final Parameter LANGUAGE = Parameter.named("language");
    static final Parameter TARGET_LOCATION = Parameter.named("targetLocation");

    static final String TAG = "Anonymous token";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private AnonymousResource() {}

    /** The calls below {@code /customerlogin/auth/anonymous}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "GET,POST",
                                "/customerlogin/auth/anonymous/login",
                                TAG,
                                "An anonymous token for a visitor")
                        .describe(
                                "The first call of a storefront. The `sessionId` is the visitor's"
                                    + " session: a login with this token keeps it. An"
                                    + " `Authorization` header (SDKs send their last token on every"
                                    + " call) is ignored.")
                        .optional(
                                "tenant",
                                TENANT
                                        + " Required at the root unless the `Emporix-Tenant` header"
                                        + " names it (also `hybris-tenant`); on the realm mount the"
                                        + " realm of the path.")
                        .required(
                                "client_id",
                                "A storefront client of the tenant (a public Keycloak client).")
                        .optional("currency", "Kept with the visitor's session.")
                        .optional("siteCode", "Kept with the visitor's session.")
                        .optional("language", "Kept with the visitor's session.")
                        .optional("targetLocation", "Kept with the visitor's session.")
                        .answers(200, AnonymousTokenResponse.class)
                        .refuses(401)
                        .handledBy(Route.Access.ANY_TOKEN_OR_NONE, AnonymousResource::login),
                Route.of(
                                "GET,POST",
                                "/customerlogin/auth/anonymous/refresh",
                                TAG,
                                "A new anonymous token, same session")
                        .describe(
                                "The deprecated `anonymous_token` may be sent too; it is ignored"
                                        + " when `refresh_token` is present, and so is an"
                                        + " `Authorization` header.")
                        .optional("tenant", TENANT + " As for the anonymous login.")
                        .required(
                                "client_id",
                                "The storefront client the refresh token was issued to.")
                        .required(
                                "refresh_token",
                                "The anonymous refresh token (also `refreshToken`).")
                        .answers(200, AnonymousTokenResponse.class)
                        .refuses(401)
                        .handledBy(Route.Access.ANY_TOKEN_OR_NONE, AnonymousResource::refresh));
    }

    private static Response login(EmporixRequest request) {
        String clientId = storefrontClientId(request);
        SessionNotes notes = notes(request);
        AnonymousTokenService service =
                new AnonymousTokenService(request.session(), request.realm());
        return tokens(issue(request, clientId, null, client -> service.login(client, notes)));
    }

    private static Response refresh(EmporixRequest request) {
        String clientId = storefrontClientId(request);
        String refreshToken = request.required(REFRESH_TOKEN);
        SessionNotes notes = notes(request);
        AnonymousTokenService service =
                new AnonymousTokenService(request.session(), request.realm());
        return tokens(
                issue(
                        request,
                        clientId,
                        refreshToken,
                        client -> service.refresh(client, refreshToken, notes)));
    }

    /**
     * Tenant, then the storefront client named; a browser origin that client does not allow is
     * refused here.
     */
    private static String storefrontClientId(EmporixRequest request) {
        String clientId =
                request.required(CLIENT_ID, EventType.CLIENT_LOGIN, Errors.CLIENT_NOT_FOUND);
        ClientModel client = request.realm().getClientByClientId(clientId);
        if (client != null) {
            request.client(client);
        }
        return clientId;
    }

    /**
     * Runs {@link AnonymousGrantType} through Keycloak's token endpoint, with {@code issuer} as
     * what it issues.
     */
    private static AnonymousTokenResponse issue(
            EmporixRequest request,
            String clientId,
            String refreshToken,
            Function<ClientModel, AnonymousTokenResponse> issuer) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(OAuth2Constants.CLIENT_ID, clientId);
        if (refreshToken != null) {
            form.put(OAuth2Constants.REFRESH_TOKEN, refreshToken);
        }
        request.session().setAttribute(AnonymousGrantType.ISSUER, issuer);
        GrantOutcome outcome;
        try {
            outcome =
                    new KeycloakGrants(request.session(), request.realm())
                            .run(AnonymousGrantType.GRANT_TYPE, form);
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
        if (outcome.status() == 401
                || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())
                || OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error())) {
            throw EmporixException.unauthorized("Invalid client_id");
        }
        throw EmporixException.badRequest(
                outcome.errorDescription() != null
                        ? outcome.errorDescription()
                        : "Invalid request");
    }

    private static SessionNotes notes(EmporixRequest request) {
        return SessionNotes.of(
                request.optional(CURRENCY),
                request.optional(SITE_CODE),
                request.optional(LANGUAGE),
                request.optional(TARGET_LOCATION));
    }

    private static Response tokens(AnonymousTokenResponse body) {
        return Answers.json(body);
    }
}
