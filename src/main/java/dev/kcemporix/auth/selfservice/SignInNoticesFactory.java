package dev.kcemporix.auth.selfservice;

import dev.kcemporix.auth.grant.GlobalEventListenerFactory;

/** Registers {@link SignInNotices} as a global event listener (every realm, no console setting). */
public class SignInNoticesFactory extends GlobalEventListenerFactory {

    public static final String ID = "emporix-sign-in-notices";

    public SignInNoticesFactory() {
        super(ID, SignInNotices::new);
    }
}
