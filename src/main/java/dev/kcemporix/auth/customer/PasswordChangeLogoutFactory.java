package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.keycloak.GlobalEventListenerFactory;

/**
 * Registers {@link PasswordChangeLogout} as a global event listener (every realm, no console
 * setting).
 */
public class PasswordChangeLogoutFactory extends GlobalEventListenerFactory {

    public static final String ID = "emporix-password-change-logout";

    public PasswordChangeLogoutFactory() {
        super(ID, PasswordChangeLogout::new);
    }
}
