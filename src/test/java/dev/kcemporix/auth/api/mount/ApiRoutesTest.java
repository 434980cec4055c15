package dev.kcemporix.auth.api.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.api.Mount;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.RouteTable;
import dev.kcemporix.auth.api.doc.ApiDocument;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The route table is the API: every route is documented (a summary, a success, its refusals), every
 * call of the document is routed to the route that documents it, and the table refuses two routes
 * for one method and path.
 */
class ApiRoutesTest {

    @Test
    void everyRouteIsDocumented() {
        for (Route route : ApiRoutes.TABLE.routes()) {
            assertFalse(route.summary().isBlank(), route + " has no summary");
            assertFalse(route.tag().isBlank(), route + " has no tag");
            assertTrue(
                    route.responses().keySet().stream().anyMatch(status -> status < 300),
                    route + " documents no success");
            assertTrue(
                    route.responses().containsKey(401)
                            || route.access() == Route.Access.ANYONE
                            || route.access() == Route.Access.CLIENT
                            || route.access() == Route.Access.ANY_TOKEN_OR_NONE,
                    route + " takes a token but documents no 401");
            assertTrue(
                    route.path().startsWith("/customer/{tenant}/")
                            == route.pathFields().stream().anyMatch(f -> f.name().equals("tenant")),
                    route + ": the tenant of its path is documented");
        }
    }

    @Test
    void everyDocumentedCallIsRoutedToTheRouteThatDocumentsIt() {
        JsonNode document = ApiDocument.forRoot(ApiRoutes.TABLE);
        List<String> calls = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            String sample =
                    path.getKey()
                            .replace("{tenant}", "demo")
                            .replace("{token}", "a.b.c")
                            .replace("{id}", "some-id_1");
            path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                            method -> {
                                Route route = ApiRoutes.TABLE.route(method.toUpperCase(), sample);
                                assertTrue(
                                        route != null,
                                        method + " " + sample + " is documented and not routed");
                                assertEquals(
                                        path.getKey(),
                                        route.path(),
                                        method + " " + sample + " is routed to another call");
                                calls.add(method + " " + path.getKey());
                            });
        }
        assertEquals(
                ApiRoutes.TABLE.routes().stream().mapToInt(r -> r.methods().size()).sum(),
                calls.size(),
                "every route is in the document");
    }

    @Test
    void aLiteralPathWinsOverAParameterAndUnknownPathsAreNone() {
        assertEquals(
                "/customer/{tenant}/me/mfa/otp",
                ApiRoutes.TABLE.route("POST", "/customer/demo/me/mfa/otp").path());
        assertEquals(
                null,
                ApiRoutes.TABLE.route("DELETE", "/customer/demo/me/mfa/otp"),
                "otp is no device id: a 405, not a removal");
        assertEquals(
                "/customer/{tenant}/me/mfa/{id}",
                ApiRoutes.TABLE.route("DELETE", "/customer/demo/me/mfa/0b7a-device_1").path());
        assertEquals(
                null,
                ApiRoutes.TABLE.route("DELETE", "/customer/demo/me/mfa/a@b"),
                "an id no device has is no path");
        assertEquals(
                "/customer/{tenant}/password/reset",
                ApiRoutes.TABLE.route("POST", "/customer/demo/password/reset/").path(),
                "a trailing slash is ignored");
        assertEquals(null, ApiRoutes.TABLE.route("GET", "/customer/demo/nothing-here"));
    }

    @Test
    void aTenantIsOneSegmentWhateverItDecodesTo() {
        // The mounts read /customer/a%2Fb/login as the tenant "a/b" and the rest "login": still
        // the login call (answering a GET with 405, an unknown tenant with 404), not a path of
        // four segments that nothing serves.
        Mount mount = new Mount(null, null);
        assertTrue(ApiRoutes.TABLE.endpoint(mount, "/customer/", "a/b", "login").exists());
        assertTrue(ApiRoutes.TABLE.endpoint(mount, "/customer/", "a/b", "me/mfa/x1").exists());
        assertFalse(ApiRoutes.TABLE.endpoint(mount, "/customer/", "a", "b/login").exists());
        assertFalse(ApiRoutes.TABLE.endpoint(mount, "/customer/", "demo", "nothing").exists());
    }

    @Test
    void twoRoutesForOneMethodAndPathAreRefused() {
        Route one =
                Route.of("GET", "/x", "T", "one")
                        .answers(200, null)
                        .handledBy(Route.Access.ANYONE, request -> Response.ok().build());
        Route two =
                Route.of("GET,POST", "/x", "T", "two")
                        .answers(200, null)
                        .handledBy(Route.Access.ANYONE, request -> Response.ok().build());
        assertThrows(IllegalStateException.class, () -> new RouteTable(List.of(one, two)));
        assertThrows(
                IllegalStateException.class,
                () -> new RouteTable(List.of(Route.of("GET", "/y", "T", "unhandled"))));
    }
}
