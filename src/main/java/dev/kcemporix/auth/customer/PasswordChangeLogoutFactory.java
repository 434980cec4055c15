package dev.kcemporix.auth.customer;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link PasswordChangeLogout} as a global event listener (every realm, no console setting). */
public class PasswordChangeLogoutFactory implements EventListenerProviderFactory {

    public static final String ID = "emporix-password-change-logout";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new PasswordChangeLogout(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
