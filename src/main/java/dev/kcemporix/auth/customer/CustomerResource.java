package dev.kcemporix.auth.customer;


import static dev.kcemporix.auth.http.Answers.json;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.anonymous.AnonymousTokenService;
import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.http.Parameter;

/** {@code /customer/{tenant}/...}: README, *Customer login*, *Refresh*, *Validate*, *Logout*, on either mount. */
public class CustomerResource {

    static final Parameter REFRESH_TOKEN = Parameter.named("refreshToken");
    static final Parameter LEGAL_ENTITY_ID = Parameter.named("legalEntityId");
    /** Logout's token; clients that send it only in the Authorization header are served too. */
    static final Parameter ACCESS_TOKEN = Parameter.named("accessToken").orBearerToken();

    private final Mount mount;
    private final String tenant;

    public CustomerResource(Mount mount, String tenant) {
        this.mount = mount;
        this.tenant = tenant;
    }

    /** Every path below {@code /customer/{tenant}}. */
    public Endpoint route(String path) {
        return switch (path) {
            case "login" -> Endpoint.of(mount, tenant, Endpoint.POST, this::login);
            case "refreshauthtoken" -> Endpoint.of(mount, tenant, Endpoint.GET_OR_POST, this::refresh);
            case "validateauthtoken" -> Endpoint.of(mount, tenant, Endpoint.GET_OR_POST, this::validate);
            case "logout" -> Endpoint.of(mount, tenant, Endpoint.GET_OR_POST, this::logout);
            default -> Endpoint.none(mount);
        };
    }

    private Response login(EmporixRequest request) {
        AnonymousAccessToken anonymous = new AnonymousTokenService(request.session(), request.realm())
                .verifyAccessToken(request.bearerToken());
        ClientModel client = request.client(request.realm().getClientByClientId(anonymous.getClientId()));
        LoginRequest login;
        try {
            login = LoginRequest.of(request);
        } catch (EmporixException e) {
            // Keycloak's direct grant records a login without a user name or password as a LOGIN_ERROR.
            String email = request.optional(LoginRequest.EMAIL);
            String named = email == null || email.length() <= 255 ? email : email.substring(0, 255);
            request.event(EventType.LOGIN).detail(Details.USERNAME, named).detail(Details.REASON, e.getMessage())
                    .error(email == null || email.isBlank() ? Errors.USER_NOT_FOUND : Errors.INVALID_USER_CREDENTIALS);
            throw e;
        }
        return json(new CustomerLogin(request.session(), request.realm()).login(anonymous, client, login));
    }

    private Response refresh(EmporixRequest request) {
        String refreshToken = request.required(REFRESH_TOKEN);
        CustomerRefresh refresh = new CustomerRefresh(request.session(), request.realm());
        ClientModel client = request.client(refresh.clientOfRefreshToken(refreshToken));
        return json(refresh.refresh(client, refreshToken, request.optional(LEGAL_ENTITY_ID)));
    }

    private Response validate(EmporixRequest request) {
        String token = request.bearerToken();
        CustomerTokenCheck check = check(request);
        corsClientOf(request, check, token);
        return json(check.validate(token));
    }

    private Response logout(EmporixRequest request) {
        // Keycloak's logout endpoint records a LOGOUT_ERROR for a missing or refused token: so do we.
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
            if (bearer != null && !bearer.equals(accessToken)
                    && !check.authenticate(bearer).session().getId().equals(auth.session().getId())) {
                throw EmporixException.invalidToken();
            }
        } catch (EmporixException e) {
            // The refusal's event names the client the token names, as far as it can be read.
            corsClientOf(request, check, accessToken);
            request.event(EventType.LOGOUT).detail(Details.REASON, e.getMessage()).error(Errors.INVALID_TOKEN);
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
    private static void corsClientOf(EmporixRequest request, CustomerTokenCheck check, String token) {
        ClientModel client = check.clientOfAccessToken(token);
        if (client != null) {
            request.client(client);
        }
    }

}
