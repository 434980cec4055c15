package dev.kcemporix.auth.selfservice;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The double opt-in, for customers who come otherwise than by sign-up. */
public final class OptIns {

    private OptIns() {}

    /**
     * {@code user} came with an address nobody vouched for, in a realm that wants verified
     * addresses: the account waits for its opt-in, and the opt-in mail goes out ({@code client},
     * null for none, is the event's).
     */
    public static void awaitFor(
            KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        SignUp.awaitOptIn(session, realm, user, client);
    }
}
