package dev.kcemporix.auth.http;

import java.util.List;
import java.util.Set;

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

import org.keycloak.models.RealmModel;

/**
 * One contract path, as a JAX-RS sub-resource that takes every HTTP method: the methods the
 * endpoint serves run its handler through an {@link EmporixRequest}; any other method is a 405,
 * OPTIONS a CORS preflight, and a path outside the contract ({@link #none}) a 404, all in the
 * contract's shape instead of the framework's. Features return one from their path locator.
 *
 * <p>Like Keycloak's token endpoint, which runs its fixed list of checks before any grant, every
 * request meets the same checks before its handler: the tenant (named by the path, a parameter or the
 * header; else {@link #findingUnnamedTenant}), its realm enabled, SSL where the realm requires it. A
 * handler starts with a known realm and cannot forget a check.
 */
public final class Endpoint {

    /** What an endpoint does with a request whose tenant is resolved; failures are thrown as {@link EmporixException}. */
    @FunctionalInterface
    public interface Handler {
        Response handle(EmporixRequest request);
    }

    /** Finds the tenant of a request that names none (null: a 400 asking for one). */
    @FunctionalInterface
    public interface TenantFinder {
        RealmModel find(EmporixRequest request);
    }

    public static final Set<String> GET = Set.of("GET");
    public static final Set<String> POST = Set.of("POST");
    public static final Set<String> GET_OR_POST = Set.of("GET", "POST");
    public static final Set<String> DELETE_ONLY = Set.of("DELETE");
    public static final Set<String> GET_OR_DELETE = Set.of("GET", "DELETE");
    /** What a CORS answer lists on a response; a preflight lists the path's own methods. */
    static final List<String> CORS_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Mount mount;
    private final String pathTenant;
    private final Set<String> methods;
    private final Handler handler;
    private final TenantFinder unnamed;
    /** Whether the body is a JSON array (the customer import), read by the handler, not as parameters. */
    private final boolean arrayBody;

    private Endpoint(Mount mount, String pathTenant, Set<String> methods, Handler handler, TenantFinder unnamed, boolean arrayBody) {
        this.mount = mount;
        this.pathTenant = pathTenant;
        this.methods = methods;
        this.handler = handler;
        this.unnamed = unnamed;
        this.arrayBody = arrayBody;
    }

    /**
     * @param pathTenant the tenant segment of the path, or null where the path has none
     * @param methods the HTTP methods the endpoint serves
     */
    public static Endpoint of(Mount mount, String pathTenant, Set<String> methods, Handler handler) {
        return new Endpoint(mount, pathTenant, methods, handler, request -> null, false);
    }

    /** This endpoint, taking a JSON array as its body ({@link EmporixRequest#jsonArray}); its parameters come from the query only. */
    public Endpoint takingJsonArray() {
        return new Endpoint(mount, pathTenant, methods, handler, unnamed, true);
    }

    /** This endpoint, finding the tenant of a request that names none with {@code finder} ({@code /oauth/token}: by its client). */
    public Endpoint findingUnnamedTenant(TenantFinder finder) {
        return new Endpoint(mount, pathTenant, methods, handler, finder, arrayBody);
    }

    /** A path that is not part of the contract. */
    public static Endpoint none(Mount mount) {
        return new Endpoint(mount, null, Set.of(), null, request -> null, false);
    }

    /** Whether this is a path of the contract (false for {@link #none}). */
    public boolean exists() {
        return !methods.isEmpty();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return serve("GET", null);
    }

    // Not multipart (nor */*): Quarkus parses a multipart body for any method that consumes it, before we
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
        if (methods.isEmpty()) {
            return ErrorResponses.of(EmporixException.notFound("No such endpoint"));
        }
        return new EmporixRequest(mount, pathTenant, "OPTIONS", null, false).preflight(methods);
    }

    private Response serve(String method, String body) {
        if (methods.isEmpty()) {
            return ErrorResponses.of(EmporixException.notFound("No such endpoint"));
        }
        if (!methods.contains(method)) {
            return Response.fromResponse(ErrorResponses.of(EmporixException.of(405, "method_not_allowed", "Method not allowed")))
                    .header("Allow", String.join(", ", methods))
                    .build();
        }
        return new EmporixRequest(mount, pathTenant, method, body, arrayBody).respond(unnamed, handler);
    }
}
