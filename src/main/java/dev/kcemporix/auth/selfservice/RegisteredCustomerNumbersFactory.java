package dev.kcemporix.auth.selfservice;

import dev.kcemporix.auth.grant.GlobalEventListenerFactory;

/**
 * Registers {@link RegisteredCustomerNumbers} as a global event listener (every realm, no console
 * setting).
 */
public class RegisteredCustomerNumbersFactory extends GlobalEventListenerFactory {

    public static final String ID = "emporix-registered-customer-numbers";

    public RegisteredCustomerNumbersFactory() {
        super(ID, RegisteredCustomerNumbers::new);
    }
}
