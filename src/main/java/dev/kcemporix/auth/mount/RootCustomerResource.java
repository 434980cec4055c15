package dev.kcemporix.auth.mount;

import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

import dev.kcemporix.auth.customer.CustomerResource;

/** Root mount of {@code /customer/{tenant}/...}; see {@link RootCustomerLoginResource}. */
@Path("/customer")
public class RootCustomerResource {

    @Context
    KeycloakSession session;

    @Path("{tenant}")
    public CustomerResource customer(@PathParam("tenant") String tenant) {
        return new CustomerResource(Mount.root(session), tenant);
    }

    /** At the root, Quarkus would answer OPTIONS itself, without CORS headers, unless declared here. */
    @OPTIONS
    @Path("{tenant}/{any:.*}")
    public Response preflight(@PathParam("tenant") String tenant) {
        return customer(tenant).preflight();
    }
}
