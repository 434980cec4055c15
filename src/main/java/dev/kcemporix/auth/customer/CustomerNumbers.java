package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Customer numbers, unique in the tenant. New ones, for customers the extension creates (sign-up, a
 * first token exchange, a first broker login) are "C" and twelve random digits: random rather than
 * counted, so no node needs a counter and a number tells nothing about how many customers a shop
 * has.
 *
 * <p>A number is claimed before it is stored: in Keycloak's cluster-wide single-use store ({@code
 * putIfAbsent}, atomic on every node) for as long as a creation may take, then checked against the
 * customers the database has. Two creations at once (an import and a login-through migration with
 * the same number, on two nodes) cannot both take it. A claim whose request is rolled back is given
 * back.
 */
public final class CustomerNumbers {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Longer than any creation's transaction; afterwards the database has the number. */
    static final int CLAIM_SECONDS = 300;

    private CustomerNumbers() {}

    /** A new customer number of {@code realm}, claimed for the customer being created. */
    public static String next(KeycloakSession session, RealmModel realm) {
        while (true) {
            String candidate =
                    "C"
                            + String.format(
                                    "%012d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000L));
            if (claim(session, realm, candidate)) {
                return candidate;
            }
        }
    }

    /** The one user holding {@code number}; null for none (or, against the rule, several). */
    public static UserModel holder(KeycloakSession session, RealmModel realm, String number) {
        List<UserModel> found = holders(session, realm, number).limit(2).toList();
        return found.size() == 1 ? found.get(0) : null;
    }

    private static Stream<UserModel> holders(
            KeycloakSession session, RealmModel realm, String number) {
        return session.users()
                .searchForUserByUserAttributeStream(
                        realm, CustomerProfileAttributes.CUSTOMER_NUMBER, number);
    }

    /**
     * Claims {@code number} for a customer being created: false when another creation claimed it or
     * a customer has it.
     */
    public static boolean claim(KeycloakSession session, RealmModel realm, String number) {
        StoreEntry.Key key = StoreEntry.CUSTOMER_NUMBER.key(realm, number);
        if (!SingleUseStore.of(session).putIfAbsent(key, CLAIM_SECONDS)) {
            return false;
        }
        SingleUseStore.removeOnRollback(session, key);
        return holders(session, realm, number).findAny().isEmpty();
    }
}
