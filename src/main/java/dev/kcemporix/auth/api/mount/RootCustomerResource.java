package dev.kcemporix.auth.api.mount;

import dev.kcemporix.auth.api.Endpoint;
import dev.kcemporix.auth.api.Mount;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/** Root mount of {@code /customer/{tenant}/...}; see {@link RootCustomerLoginResource}. */
@Path("/customer")
public class RootCustomerResource {

    @Context KeycloakSession session;

    @Path("{tenant}/{path:.*}")
    public Endpoint customer(@PathParam("tenant") String tenant, @PathParam("path") String path) {
        return ApiRoutes.TABLE.endpoint(Mount.root(session), "/customer/", tenant, path);
    }

    /** {@code /customer} and {@code /customer/{tenant}} themselves. */
    @Path("{path:[^/]*}")
    public Endpoint unknown() {
        return Endpoint.none(Mount.root(session));
    }

    /**
     * At the root, Quarkus would answer OPTIONS itself, without CORS headers, unless declared here.
     */
    @OPTIONS
    @Path("{tenant}/{path:.*}")
    public Response preflight(@PathParam("tenant") String tenant, @PathParam("path") String path) {
        return customer(tenant, path).options();
    }
}
