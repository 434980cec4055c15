package dev.kcemporix.auth.social;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * How long a customer session may stay idle: the realm's SSO idle timeout, or the client's shorter
 * one.
 */
final class SessionIdle {

    /** The client attribute Keycloak's console writes for the client's "Client session idle". */
    private static final String CLIENT_IDLE = "client.session.idle.timeout";

    private SessionIdle() {}

    static long seconds(RealmModel realm, ClientModel client) {
        long realmIdle = realm.getSsoSessionIdleTimeout();
        String clientIdle = client.getAttribute(CLIENT_IDLE);
        if (clientIdle != null && !clientIdle.isBlank()) {
            try {
                long value = Long.parseLong(clientIdle.trim());
                if (value > 0 && value < realmIdle) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // Not a number: Keycloak ignores it too.
            }
        }
        return realmIdle;
    }
}
