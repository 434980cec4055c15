package dev.kcemporix.auth.api;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.ErrorResponses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One contract path, as a JAX-RS sub-resource that takes every HTTP method: the methods its routes
 * serve run the route's handler through an {@link EmporixRequest}; any other method is a 405,
 * OPTIONS a CORS preflight, and a path outside the contract ({@link #none}) a 404, all in the
 * contract's shape instead of the framework's. The {@link RouteTable} makes them.
 *
 * <p>Like Keycloak's token endpoint, which runs its fixed list of checks before any grant, every
 * request meets the same checks before its handler: the tenant (named by the path, a parameter or
 * the header; else the route's {@link Route#findingUnnamedTenant finder}), its realm enabled, SSL
 * where the realm requires it, then the route's caller. A handler starts with a known realm and
 * caller and cannot forget a check.
 */
public final class Endpoint {

    /** What a CORS answer lists on a response; a preflight lists the path's own methods. */
    static final List<String> CORS_METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Mount mount;

    /**
     * The routes of this path (one per method or set of methods); empty for a path outside the
     * contract.
     */
    private final List<Route> routes;

    private final Map<String, String> pathParameters;

    private Endpoint(Mount mount, List<Route> routes, Map<String, String> pathParameters) {
        this.mount = mount;
        this.routes = routes;
        this.pathParameters = pathParameters;
    }

    static Endpoint of(Mount mount, List<Route> routes, Map<String, String> pathParameters) {
        return new Endpoint(mount, routes, pathParameters);
    }

    /** A path that is not part of the contract. */
    public static Endpoint none(Mount mount) {
        return new Endpoint(mount, List.of(), Map.of());
    }

    /** Whether this is a path of the contract (false for {@link #none}). */
    public boolean exists() {
        return !routes.isEmpty();
    }

    private Set<String> methods() {
        Set<String> methods = new LinkedHashSet<>();
        routes.forEach(route -> methods.addAll(route.methods()));
        return methods;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return serve("GET", null);
    }

    // Not multipart (nor */*): Quarkus parses a multipart body for any method that consumes it,
    // before we
    // see it, and fails on a bad one with a 500. Other body types get the framework's own 415.
    @POST
    @Consumes({"application/*", "text/*"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(String body) {
        return serve("POST", body);
    }

    @PUT
    @Consumes({"application/*", "text/*"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(String body) {
        return serve("PUT", body);
    }

    @PATCH
    @Consumes({"application/*", "text/*"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response patch(String body) {
        return serve("PATCH", body);
    }

    // A body too: removing a second factor takes the current password or a code in it.
    @DELETE
    @Consumes({"application/*", "text/*"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(String body) {
        return serve("DELETE", body == null || body.isEmpty() ? null : body);
    }

    @HEAD
    public Response head() {
        return serve("HEAD", null);
    }

    @OPTIONS
    public Response options() {
        if (routes.isEmpty()) {
            return ErrorResponses.of(EmporixException.notFound("No such endpoint"));
        }
        return new EmporixRequest(mount, pathParameters, "OPTIONS", null, false)
                .preflight(methods());
    }

    private Response serve(String method, String body) {
        if (routes.isEmpty()) {
            return ErrorResponses.of(EmporixException.notFound("No such endpoint"));
        }
        Route route =
                routes.stream().filter(r -> r.methods().contains(method)).findFirst().orElse(null);
        if (route == null) {
            return Response.fromResponse(
                            ErrorResponses.of(
                                    EmporixException.of(
                                            405, "method_not_allowed", "Method not allowed")))
                    .header("Allow", String.join(", ", methods()))
                    .build();
        }
        return new EmporixRequest(mount, pathParameters, method, body, route.arrayBody())
                .respond(route.unnamedTenant(), route.handler());
    }
}
