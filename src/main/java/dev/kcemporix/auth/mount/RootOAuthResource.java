package dev.kcemporix.auth.mount;

import java.util.Map;

import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

import dev.kcemporix.auth.service.ServiceTokenResource;

/** Root mount of {@code /oauth/token}; see {@link RootCustomerLoginResource}. */
@Path("/oauth")
public class RootOAuthResource {

    @Context
    KeycloakSession session;

    @Path("token")
    public ServiceTokenResource token() {
        return new ServiceTokenResource(Mount.root(session));
    }

    /** Paths under /oauth that are not part of the contract. */
    @Path("{path:.*}")
    public Fallback fallback() {
        return Fallback.of("unknown", Map.of());
    }

    /** At the root, Quarkus would answer OPTIONS itself, without CORS headers, unless declared here. */
    @OPTIONS
    @Path("token")
    public Response preflight() {
        return token().preflight();
    }
}
