package dev.kcemporix.auth.login;

import static dev.kcemporix.auth.api.answer.Answers.json;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.EmporixException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /customer/{tenant}/...}: docs/endpoints.md, *Customer login*, *Refresh*, *Validate*,
 * *Logout*, on either mount.
 */
public class LoginResource {

    static final Parameter REFRESH_TOKEN = Parameter.named("refreshToken");
    static final Parameter LEGAL_ENTITY_ID = Parameter.named("legalEntityId");

    /** Logout's token; clients that send it only in the Authorization header are served too. */
    static final Parameter ACCESS_TOKEN = Parameter.named("accessToken").orBearerToken();

    static final String TAG = "Customer login";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private LoginResource() {}

    /** Login, refresh, validate, logout below {@code /customer/{tenant}}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "POST",
                                "/customer/{tenant}/login",
                                TAG,
                                "Customer login with e-mail and password")
                        .describe(
                                "With a one-time-code device, send `otp` too: without it (and only"
                                    + " when the password is right) the answer is 401"
                                    + " `otp_required`; a wrong code is 401 `invalid_otp`. On a"
                                    + " 401, SDKs refresh the anonymous token and send the same"
                                    + " login again: that works. Where the tenant moves customers"
                                    + " in by login-through migration, an e-mail unknown here is"
                                    + " tried at the source shop; a source that does not answer is"
                                    + " 503 `migration_unavailable`.")
                        .inPath("tenant", TENANT)
                        .required("email", "The login e-mail.")
                        .secret("password", true, "At least 6 characters.")
                        .secret("otp", false, "A one-time code, for a customer with a device.")
                        .answers(200, CustomerTokenResponse.class)
                        .refuses(401, 503)
                        .handledBy(Callers.VISITOR, LoginResource::login),
                Route.of(
                                "GET,POST",
                                "/customer/{tenant}/refreshauthtoken",
                                TAG,
                                "New customer tokens; optionally for a legal entity")
                        .describe(
                                "The refresh token proves the customer; the `Authorization` header"
                                    + " may carry the anonymous token, the customer token, or"
                                    + " nothing. With `legalEntityId` the new tokens carry that"
                                    + " legal entity (403 unless the customer belongs to it);"
                                    + " without it they carry none. 503 `not_configured` when the"
                                    + " storefront client cannot carry one.")
                        .inPath("tenant", TENANT)
                        .required("refreshToken", "The customer refresh token.")
                        .optional(
                                "legalEntityId",
                                "A legal entity of the customer, as `/me` lists them.")
                        .answers(200, CustomerTokenResponse.class)
                        .refuses(401, 503)
                        .handledBy(Route.Access.ANY_TOKEN_OR_NONE, LoginResource::refresh),
                // Validate and logout check the customer token themselves: Keycloak's own endpoints
                // record their refusals as events.
                Route.of(
                                "GET,POST",
                                "/customer/{tenant}/validateauthtoken",
                                TAG,
                                "What a customer token stands for")
                        .inPath("tenant", TENANT)
                        .answers(200, ValidationResponse.class)
                        .refuses(401)
                        .handledBy(Route.Access.CUSTOMER, LoginResource::validate),
                Route.of("GET,POST", "/customer/{tenant}/logout", TAG, "End the customer's session")
                        .describe(
                                "Afterwards the token fails validation and its refresh token fails"
                                        + " refresh.")
                        .inPath("tenant", TENANT)
                        .optional(
                                "accessToken",
                                "The customer access token (also `access_token`); may be left out"
                                        + " when the `Authorization` header carries it.")
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Route.Access.CUSTOMER, LoginResource::logout));
    }

    private static Response login(EmporixRequest request, AnonymousAccessToken anonymous) {
        ClientModel client = request.client();
        LoginRequest login;
        try {
            login = LoginRequest.of(request);
        } catch (EmporixException e) {
            // Keycloak's direct grant records a login without a user name or password as a
            // LOGIN_ERROR.
            String email = request.optional(LoginRequest.EMAIL);
            String named = email == null || email.length() <= 255 ? email : email.substring(0, 255);
            request.event(EventType.LOGIN)
                    .detail(Details.USERNAME, named)
                    .detail(Details.REASON, e.getMessage())
                    .error(
                            email == null || email.isBlank()
                                    ? Errors.USER_NOT_FOUND
                                    : Errors.INVALID_USER_CREDENTIALS);
            throw e;
        }
        return json(
                new CustomerLogin(request.session(), request.realm())
                        .login(anonymous, client, login));
    }

    private static Response refresh(EmporixRequest request) {
        String refreshToken = request.required(REFRESH_TOKEN);
        CustomerRefresh refresh = new CustomerRefresh(request.session(), request.realm());
        ClientModel client = request.client(refresh.clientOfRefreshToken(refreshToken));
        return json(refresh.refresh(client, refreshToken, request.optional(LEGAL_ENTITY_ID)));
    }

    private static Response validate(EmporixRequest request) {
        String token = request.bearerToken();
        CustomerTokenCheck check = check(request);
        corsClientOf(request, check, token);
        return json(check.validate(token));
    }

    private static Response logout(EmporixRequest request) {
        // Keycloak's logout endpoint records a LOGOUT_ERROR for a missing or refused token: so do
        // we.
        String accessToken = request.required(ACCESS_TOKEN, EventType.LOGOUT, Errors.INVALID_TOKEN);
        CustomerTokenCheck check = check(request);
        if (request.hasOrigin()) {
            // A browser's request: CORS follows the token's client, decided before anything else.
            corsClientOf(request, check, accessToken);
        }
        AuthResult auth;
        try {
            auth = check.authenticate(accessToken);
            String bearer = request.bearerToken();
            if (bearer != null
                    && !bearer.equals(accessToken)
                    && !check.authenticate(bearer)
                            .session()
                            .getId()
                            .equals(auth.session().getId())) {
                throw EmporixException.invalidToken();
            }
        } catch (EmporixException e) {
            // The refusal's event names the client the token names, as far as it can be read.
            corsClientOf(request, check, accessToken);
            request.event(EventType.LOGOUT)
                    .detail(Details.REASON, e.getMessage())
                    .error(Errors.INVALID_TOKEN);
            throw e;
        }
        // Not decoded twice on the common path: the verified token names the client.
        request.client(auth.client());
        check.logout(auth);
        return Response.noContent().build();
    }

    private static CustomerTokenCheck check(EmporixRequest request) {
        return new CustomerTokenCheck(request.session(), request.realm());
    }

    /** CORS follows the client the token names; the token itself is checked afterwards. */
    private static void corsClientOf(
            EmporixRequest request, CustomerTokenCheck check, String token) {
        ClientModel client = check.clientOfAccessToken(token);
        if (client != null) {
            request.client(client);
        }
    }
}
