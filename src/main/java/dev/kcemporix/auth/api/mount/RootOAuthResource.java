package dev.kcemporix.auth.api.mount;

import dev.kcemporix.auth.api.Endpoint;
import dev.kcemporix.auth.api.Mount;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/** Root mount of {@code /oauth/...}; see {@link RootCustomerLoginResource}. */
@Path("/oauth")
public class RootOAuthResource {

    @Context KeycloakSession session;

    @Path("{path:.*}")
    public Endpoint oauth(@PathParam("path") String path) {
        return ApiRoutes.TABLE.endpoint(Mount.root(session), "/oauth/" + path);
    }

    /**
     * At the root, Quarkus would answer OPTIONS itself, without CORS headers, unless declared here.
     */
    @OPTIONS
    @Path("{path:.*}")
    public Response preflight(@PathParam("path") String path) {
        return oauth(path).options();
    }
}
