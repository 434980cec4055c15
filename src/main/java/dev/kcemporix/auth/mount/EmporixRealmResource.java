package dev.kcemporix.auth.mount;

import java.util.Map;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.keycloak.models.KeycloakSession;

import dev.kcemporix.auth.anonymous.AnonymousResource;
import dev.kcemporix.auth.customer.CustomerResource;
import dev.kcemporix.auth.service.ServiceTokenResource;

/**
 * Realm mount: {@code /realms/{realm}/emporix/...}, through Keycloak's realm resource SPI. The
 * same resources as the root mount, with the realm of the path as the only tenant it serves.
 */
public class EmporixRealmResource {

    private final KeycloakSession session;

    public EmporixRealmResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("customerlogin/auth/anonymous")
    public AnonymousResource anonymous() {
        return new AnonymousResource(mount());
    }

    @Path("customer/{tenant}")
    public CustomerResource customer(@PathParam("tenant") String tenant) {
        return new CustomerResource(mount(), tenant);
    }

    @Path("oauth/token")
    public ServiceTokenResource serviceToken() {
        return new ServiceTokenResource(mount());
    }

    /** Paths under the realm mount that are not part of the contract. */
    @Path("{path:.*}")
    public Fallback fallback() {
        return Fallback.of("unknown", Map.of());
    }

    private Mount mount() {
        return Mount.realm(session, session.getContext().getRealm());
    }
}
