package dev.kcemporix.auth.customer;


import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
        LoginRequest login = LoginRequest.of(request);
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
        String accessToken = request.required(ACCESS_TOKEN);
        CustomerTokenCheck check = check(request);
        corsClientOf(request, check, accessToken);
        AuthResult auth = check.authenticate(accessToken);
        String bearer = request.bearerToken();
        if (bearer != null && !bearer.equals(accessToken)
                && !check.authenticate(bearer).session().getId().equals(auth.session().getId())) {
            throw EmporixException.invalidToken();
        }
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

    private static Response json(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }
}
