package dev.kcemporix.auth.cors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

import org.keycloak.common.util.UriUtils;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.services.cors.Cors;

import dev.kcemporix.auth.error.EmporixException;

/**
 * CORS for storefront origins, through Keycloak's {@link Cors}. The allowed origins are the web
 * origins of the storefront client of the request; where no client is known yet (a preflight,
 * or a request that failed before naming one), those of every enabled public client of the
 * tenant. Unlike Keycloak's own preflight, which echoes any origin, ours answers only allowed ones.
 */
public final class StorefrontCors {

    static final String METHODS = "GET, POST, OPTIONS";

    private StorefrontCors() {
    }

    public static Set<String> allowedOrigins(KeycloakSession session, RealmModel realm, ClientModel client) {
        if (client != null) {
            return WebOriginsUtils.resolveValidWebOrigins(session, client);
        }
        Set<String> origins = new HashSet<>();
        realm.getClientsStream()
                .filter(c -> c.isEnabled() && c.isPublicClient())
                .forEach(c -> origins.addAll(WebOriginsUtils.resolveValidWebOrigins(session, c)));
        return origins;
    }

    /** Whether the request is a browser's cross-origin kind, i.e. carries an Origin header. */
    public static boolean hasOrigin(KeycloakSession session) {
        return origin(session) != null;
    }

    /** Refuses, before anything happens, a browser request from an origin the storefront does not list. */
    public static void checkOrigin(KeycloakSession session, Set<String> allowed) {
        String origin = origin(session);
        if (origin != null && !isAllowed(origin, allowed) && !origin.equals(ownOrigin(session))) {
            throw EmporixException.forbidden("Origin not allowed");
        }
    }

    /** Adds CORS headers to the current response when the request's origin is allowed. */
    public static void addHeaders(KeycloakSession session, Set<String> allowed, boolean preflight) {
        String origin = origin(session);
        if (origin == null || !isAllowed(origin, allowed)) {
            return;
        }
        Cors cors = Cors.builder().auth().allowedMethods(METHODS.split(", "));
        if (preflight) {
            cors.preflight();
        }
        cors.checkAllowedOrigins(new ArrayList<>(allowed)).add();
    }

    private static boolean isAllowed(String origin, Set<String> allowed) {
        return allowed.contains(origin) || allowed.contains(Cors.ACCESS_CONTROL_ALLOW_ORIGIN_WILDCARD);
    }

    private static String origin(KeycloakSession session) {
        return session.getContext().getHttpRequest().getHttpHeaders().getHeaderString(Cors.ORIGIN_HEADER);
    }

    private static String ownOrigin(KeycloakSession session) {
        return UriUtils.getOrigin(session.getContext().getUri().getRequestUri());
    }
}
