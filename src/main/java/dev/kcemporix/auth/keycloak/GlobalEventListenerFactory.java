package dev.kcemporix.auth.keycloak;

import java.util.function.Function;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers an event listener that every realm's events reach, with no entry in the realm's event
 * listeners (Keycloak's global listeners); the listener itself decides which realms it acts for.
 */
public abstract class GlobalEventListenerFactory implements EventListenerProviderFactory {

    private final String id;
    private final Function<KeycloakSession, EventListenerProvider> listener;

    protected GlobalEventListenerFactory(
            String id, Function<KeycloakSession, EventListenerProvider> listener) {
        this.id = id;
        this.listener = listener;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return listener.apply(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return id;
    }
}
