package dev.kcemporix.auth.api.mount;

import dev.kcemporix.auth.api.Endpoint;
import dev.kcemporix.auth.api.Mount;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/**
 * Root mount of {@code /customerlogin/...}, where Emporix serves it, so a storefront only swaps the
 * host name. Keycloak's Quarkus build registers a {@code @Path} class from a provider jar with
 * {@code META-INF/beans.xml}; that is not a documented extension point, hence the realm mount too.
 */
@Path("/customerlogin")
public class RootCustomerLoginResource {

    @Context KeycloakSession session;

    @Path("auth/anonymous/{path:.*}")
    public Endpoint anonymous(@PathParam("path") String path) {
        return ApiRoutes.TABLE.endpoint(
                Mount.root(session), "/customerlogin/auth/anonymous/" + path);
    }

    /** Paths under /customerlogin that are not part of the contract. */
    @Path("{path:.*}")
    public Endpoint unknown() {
        return Endpoint.none(Mount.root(session));
    }

    /**
     * At the root, Quarkus would answer OPTIONS itself, without CORS headers, unless declared here.
     */
    @OPTIONS
    @Path("auth/anonymous/{path:.*}")
    public Response preflight(@PathParam("path") String path) {
        return anonymous(path).options();
    }
}
