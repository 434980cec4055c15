package dev.kcemporix.auth.api;

import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.common.util.UriUtils;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.services.cors.Cors;

/**
 * CORS for storefront origins, through Keycloak's {@link Cors}. An origin is allowed when the
 * storefront client the request names lists it among its web origins; a preflight, which names no
 * client, is allowed for the web origins of the tenant's storefront clients ({@link
 * TenantRealms#storefrontClients}). Unlike Keycloak's own preflight, which echoes any origin, ours
 * answers only allowed ones, and lets through whatever headers the browser asks for (SDKs send
 * their own: {@code Emporix-Tenant}, {@code X-Version}, {@code saas-token}, ...).
 */
final class StorefrontCors {

    /**
     * A list of header names (RFC 9110 tokens): what a browser sends; anything else is not echoed.
     */
    private static final Pattern REQUESTED_HEADERS =
            Pattern.compile("[\\w!#$%&'*+.^`|~-]+(\\s*,\\s*[\\w!#$%&'*+.^`|~-]+)*\\s*");

    private StorefrontCors() {}

    static Set<String> originsOf(KeycloakSession session, ClientModel client) {
        return WebOriginsUtils.resolveValidWebOrigins(session, client);
    }

    static Set<String> storefrontOrigins(KeycloakSession session, RealmModel realm) {
        Set<String> origins = new HashSet<>();
        TenantRealms.storefrontClients(realm).forEach(c -> origins.addAll(originsOf(session, c)));
        return origins;
    }

    /**
     * The request's {@code Origin}: set by browsers on cross-origin requests; null from servers and
     * scripts.
     */
    static String origin(KeycloakSession session) {
        return session.getContext()
                .getHttpRequest()
                .getHttpHeaders()
                .getHeaderString(Cors.ORIGIN_HEADER);
    }

    /**
     * Whether {@code origin} may call us: listed, a wildcard is listed, or it is Keycloak's own
     * origin.
     */
    static boolean isAllowed(KeycloakSession session, String origin, Set<String> allowed) {
        return allowed.contains(origin)
                || allowed.contains(Cors.ACCESS_CONTROL_ALLOW_ORIGIN_WILDCARD)
                || origin.equals(UriUtils.getOrigin(session.getContext().getUri().getRequestUri()));
    }

    /**
     * Adds CORS headers for the request's origin, which the caller found allowed. For a preflight,
     * {@code methods} are the path's methods and every requested header is allowed.
     */
    static void addHeaders(KeycloakSession session, boolean preflight, Collection<String> methods) {
        // allowAllOrigins: the origin was checked above against the storefront's origins; Cors only
        // writes the headers.
        Cors cors =
                Cors.builder()
                        .auth()
                        .allowAllOrigins()
                        .allowedMethods(methods.toArray(String[]::new));
        if (preflight) {
            cors.preflight();
        }
        cors.add();
        String requested =
                session.getContext()
                        .getHttpRequest()
                        .getHttpHeaders()
                        .getHeaderString("Access-Control-Request-Headers");
        if (preflight && requested != null && REQUESTED_HEADERS.matcher(requested).matches()) {
            session.getContext()
                    .getHttpResponse()
                    .setHeader(Cors.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
    }
}
