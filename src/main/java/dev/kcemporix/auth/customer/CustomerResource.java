package dev.kcemporix.auth.customer;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.ClientModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.anonymous.AnonymousTokenService;
import dev.kcemporix.auth.error.EmporixException;
import dev.kcemporix.auth.mount.Exchange;
import dev.kcemporix.auth.mount.Fallback;
import dev.kcemporix.auth.mount.Mount;
import dev.kcemporix.auth.mount.Params;

/** {@code /customer/{tenant}/...}: contract sections 2 to 5, on either mount. */
public class CustomerResource {

    private final Mount mount;
    private final String tenant;

    public CustomerResource(Mount mount, String tenant) {
        this.mount = mount;
        this.tenant = tenant;
    }

    @POST
    // Not multipart: Quarkus would parse such a body before we see it, and fail on a bad one with a 500.
    @Consumes({"application/*", "text/*"})
    @Path("login")
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(String body) {
        return new Exchange(mount).respond(exchange -> {
            exchange.tenant(tenant);
            AnonymousAccessToken anonymous = new AnonymousTokenService(exchange.session(), exchange.realm())
                    .verifyAccessToken(exchange.bearerToken());
            ClientModel client = exchange.client(exchange.realm().getClientByClientId(anonymous.getIssuedFor()));
            String contentType = exchange.session().getContext().getHttpRequest().getHttpHeaders().getHeaderString("Content-Type");
            LoginRequest request = LoginRequest.parse(contentType, body);
            return json(service(exchange).login(anonymous, client, request));
        });
    }

    @GET
    @Path("refreshauthtoken")
    @Produces(MediaType.APPLICATION_JSON)
    public Response refresh() {
        return new Exchange(mount).respond(exchange -> {
            exchange.tenant(tenant);
            Params params = queryParams();
            String refreshToken = params.required("refreshToken");
            CustomerTokenService service = service(exchange);
            ClientModel client = exchange.client(service.clientOfRefreshToken(refreshToken));
            return json(service.refresh(client, refreshToken, params.optional("legalEntityId")));
        });
    }

    @GET
    @Path("validateauthtoken")
    @Produces(MediaType.APPLICATION_JSON)
    public Response validate() {
        return new Exchange(mount).respond(exchange -> {
            exchange.tenant(tenant);
            String token = exchange.bearerToken();
            CustomerTokenService service = service(exchange);
            corsClientOf(exchange, service, token);
            return json(service.validate(token));
        });
    }

    @GET
    @Path("logout")
    @Produces(MediaType.APPLICATION_JSON)
    public Response logout() {
        return new Exchange(mount).respond(exchange -> {
            exchange.tenant(tenant);
            String accessToken = queryParams().required("accessToken");
            CustomerTokenService service = service(exchange);
            corsClientOf(exchange, service, accessToken);
            AuthResult auth = service.authenticate(accessToken);
            String bearer = exchange.bearerToken();
            if (bearer != null && !bearer.equals(accessToken)
                    && !service.authenticate(bearer).session().getId().equals(auth.session().getId())) {
                throw EmporixException.invalidToken();
            }
            service.logout(auth);
            return Response.noContent().build();
        });
    }

    /** CORS preflight of any endpoint here; reached through {@link #fallback}, which takes every OPTIONS. */
    public Response preflight() {
        return new Exchange(mount).preflight(tenant, null);
    }

    private static final Map<String, Set<String>> METHODS = Map.of(
            "login", Set.of("POST"), "refreshauthtoken", Set.of("GET"), "validateauthtoken", Set.of("GET"), "logout", Set.of("GET"));

    /** Unknown paths and wrong methods, answered in the contract's shape. */
    @Path("{path:.*}")
    public Fallback fallback(@PathParam("path") String path) {
        return Fallback.of(path, METHODS, this::preflight);
    }

    private CustomerTokenService service(Exchange exchange) {
        return new CustomerTokenService(exchange.session(), exchange.realm());
    }

    private Params queryParams() {
        return new Params(mount.session().getContext().getUri().getQueryParameters());
    }

    /** CORS follows the client the token names; the token itself is checked afterwards. */
    private static void corsClientOf(Exchange exchange, CustomerTokenService service, String token) {
        ClientModel client = service.clientOfAccessToken(token);
        if (client != null) {
            exchange.client(client);
        }
    }

    private static Response json(Map<String, Object> body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }
}
