package dev.kcemporix.auth.api.doc;

import dev.kcemporix.auth.api.RouteTable;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.ErrorResponses;
import dev.kcemporix.auth.tenant.KeycloakEndpointChecks;
import dev.kcemporix.auth.tenant.TenantRealms;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The API document and the "try it" page (docs/endpoints.md, *The API described and tried*), for
 * both mounts: {@code openapi.json}, {@code docs} and the Swagger UI files the page loads from
 * {@code docs/}, which the build unpacks from Swagger UI's Maven Central webjar into this jar. No
 * authentication: the document says nothing a storefront's own code does not. On the realm mount
 * only a tenant answers, after the checks every call meets (realm enabled, HTTPS where required).
 */
public final class ApiDocsResource {

    private static final String FILES_IN_JAR = "/emporix-docs/";

    /** The files the page may load, and their types; anything else under {@code docs/} is a 404. */
    private static final Map<String, String> FILES =
            Map.of(
                    "swagger-ui-bundle.js", "text/javascript",
                    "swagger-ui.css", "text/css",
                    "init.js", "text/javascript",
                    "swagger-ui-bundle.js.LICENSE.txt", "text/plain");

    /**
     * The page runs a large third-party script on Keycloak's own origin, so it gets a policy of its
     * own: scripts and calls to this origin only, nothing framed or framing it, no form posts.
     */
    private static final String PAGE_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src"
                    + " 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors"
                    + " 'none'; base-uri 'none'; form-action 'none'";

    /** The files from the jar, read once: they never change while the jar is deployed. */
    private static final Map<String, byte[]> READ = new ConcurrentHashMap<>();

    private final KeycloakSession session;
    private final RouteTable table;
    private final RealmModel realm;

    private ApiDocsResource(KeycloakSession session, RouteTable table, RealmModel realm) {
        this.session = session;
        this.table = table;
        this.realm = realm;
    }

    /** The document of {@code table} and its page, at the root. */
    public static ApiDocsResource atRoot(KeycloakSession session, RouteTable table) {
        return new ApiDocsResource(session, table, null);
    }

    /** The document of {@code table} and its page, on the realm mount of {@code realm}. */
    public static ApiDocsResource atRealm(
            KeycloakSession session, RouteTable table, RealmModel realm) {
        return new ApiDocsResource(session, table, realm);
    }

    public Response document() {
        Response refused = refusal();
        if (refused != null) {
            return refused;
        }
        return Response.ok(
                        realm == null
                                ? ApiDocument.forRoot(table)
                                : ApiDocument.forRealm(table, realm.getName()),
                        MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(CacheControl.valueOf("no-cache"))
                .build();
    }

    /** The page: relative links, so it works under either mount and behind a proxy. */
    public Response page() {
        Response refused = refusal();
        if (refused != null) {
            return refused;
        }
        URI asked = session.getContext().getUri().getRequestUri();
        if (asked.getRawPath().endsWith("/")) {
            // Its relative links would resolve below docs/: send the browser to the page's own
            // address.
            String path = asked.getRawPath().replaceAll("/+$", "");
            return Response.seeOther(URI.create(path)).build();
        }
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        return Response.ok(file("docs.html"), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", PAGE_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .cacheControl(CacheControl.valueOf("no-cache"))
                .build();
    }

    /** A file the page loads, by its name under {@code docs/}. */
    public Response asset(String name) {
        Response refused = refusal();
        if (refused != null) {
            return refused;
        }
        String type = FILES.get(name);
        if (type == null) {
            return ErrorResponses.of(EmporixException.notFound("No such file"));
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(file(name.equals("init.js") ? "init.js" : "swagger-ui/" + name), type)
                .cacheControl(cache)
                .build();
    }

    /**
     * On the realm mount: 404 unless the realm is a tenant, then the checks of Keycloak's own
     * endpoints.
     */
    private Response refusal() {
        if (realm == null) {
            return null;
        }
        if (!TenantRealms.isEnabled(realm)) {
            return ErrorResponses.of(EmporixException.notFound("Tenant not found"));
        }
        try {
            KeycloakEndpointChecks.check(session, realm);
            return null;
        } catch (EmporixException e) {
            return ErrorResponses.of(e);
        }
    }

    private static byte[] file(String path) {
        return READ.computeIfAbsent(
                path,
                p -> {
                    try (InputStream in =
                            ApiDocsResource.class.getResourceAsStream(FILES_IN_JAR + p)) {
                        if (in == null) {
                            throw new IllegalStateException(
                                    "The jar lacks "
                                            + FILES_IN_JAR
                                            + p
                                            + ": build it with Maven, which unpacks Swagger UI");
                        }
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
