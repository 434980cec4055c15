package dev.kcemporix.auth.mount;

import jakarta.ws.rs.Path;

import org.keycloak.models.KeycloakSession;

import dev.kcemporix.auth.anonymous.AnonymousResource;

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

    private Mount mount() {
        return Mount.realm(session, session.getContext().getRealm());
    }
}
