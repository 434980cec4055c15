package dev.kcemporix.auth.passkeys;

import dev.kcemporix.auth.keycloak.GlobalEventListenerFactory;

/**
 * Registers {@link PasskeyLastUse} as a global event listener (every realm, no console setting).
 */
public class PasskeyLastUseFactory extends GlobalEventListenerFactory {

    public static final String ID = "emporix-passkey-last-use";

    public PasskeyLastUseFactory() {
        super(ID, PasskeyLastUse::new);
    }
}
