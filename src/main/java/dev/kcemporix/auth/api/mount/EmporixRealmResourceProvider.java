package dev.kcemporix.auth.api.mount;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Serves {@link EmporixRealmResource} under {@code /realms/{realm}/emporix}. */
public class EmporixRealmResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    public EmporixRealmResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        // Always served: a realm without the extension switched on answers 404 in the contract's
        // shape from the resource itself, not Keycloak's own 404 page.
        return new EmporixRealmResource(session);
    }

    @Override
    public void close() {}
}
