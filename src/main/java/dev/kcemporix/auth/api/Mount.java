package dev.kcemporix.auth.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Where a request came in: at the root ({@code /customer/...}) or under a realm ({@code
 * /realms/{realm}/emporix/customer/...}). The only thing the two mounts do differently is where a
 * tenant may come from; {@link EmporixRequest} resolves it, everything after is the same code.
 *
 * @param pathRealm the realm named in the path of the realm mount; null at the root
 */
public record Mount(KeycloakSession session, RealmModel pathRealm) {

    public static Mount root(KeycloakSession session) {
        return new Mount(session, null);
    }

    public static Mount realm(KeycloakSession session, RealmModel realm) {
        return new Mount(session, realm);
    }
}
