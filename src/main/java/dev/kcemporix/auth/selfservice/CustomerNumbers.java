package dev.kcemporix.auth.selfservice;

import java.security.SecureRandom;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * New customer numbers for customers the extension creates (sign-up, a first token exchange): "C"
 * and twelve random digits, unique in the tenant. Random rather than counted, so no node needs a
 * counter and a number tells nothing about how many customers a shop has.
 */
public final class CustomerNumbers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CustomerNumbers() {
    }

    public static String next(KeycloakSession session, RealmModel realm) {
        while (true) {
            String candidate = "C" + String.format("%012d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000L));
            boolean taken = session.users().searchForUserByUserAttributeStream(realm, CustomerProfileAttributes.CUSTOMER_NUMBER, candidate)
                    .findAny().isPresent();
            if (!taken) {
                return candidate;
            }
        }
    }
}
