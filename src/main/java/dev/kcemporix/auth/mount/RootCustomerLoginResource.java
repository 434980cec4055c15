package dev.kcemporix.auth.mount;

import java.util.Map;

import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

import dev.kcemporix.auth.anonymous.AnonymousResource;

/**
 * Root mount of {@code /customerlogin/...}, where Emporix serves it, so a storefront only swaps the
 * host name. Keycloak's Quarkus build registers a {@code @Path} class from a provider jar with
 * {@code META-INF/beans.xml}; that is not a documented extension point, hence the realm mount too.
 */
@Path("/customerlogin")
public class RootCustomerLoginResource {

    @Context
    KeycloakSession session;

    @Path("auth/anonymous")
    public AnonymousResource anonymous() {
        return new AnonymousResource(Mount.root(session));
    }

    /** Paths under /customerlogin that are not part of the contract. */
    @Path("{path:.*}")
    public Fallback fallback() {
        return Fallback.of("unknown", Map.of());
    }

    /** At the root, Quarkus would answer OPTIONS itself, without CORS headers, unless declared here. */
    @OPTIONS
    @Path("auth/anonymous/{any:.*}")
    public Response preflight() {
        return anonymous().preflight();
    }
}
