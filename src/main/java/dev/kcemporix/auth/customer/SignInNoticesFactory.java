package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.keycloak.GlobalEventListenerFactory;

/** Registers {@link SignInNotices} as a global event listener (every realm, no console setting). */
public class SignInNoticesFactory extends GlobalEventListenerFactory {

    public static final String ID = "emporix-sign-in-notices";

    public SignInNoticesFactory() {
        super(ID, SignInNotices::new);
    }
}
