package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.keycloak.GlobalEventListenerFactory;

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
