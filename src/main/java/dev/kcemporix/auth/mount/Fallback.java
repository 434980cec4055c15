package dev.kcemporix.auth.mount;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Response;

import dev.kcemporix.auth.error.EmporixException;
import dev.kcemporix.auth.error.ErrorResponses;

/**
 * Answers, in the contract's error shape, whatever the framework would otherwise answer in its
 * own: a path that is not part of the contract (404) or a contract path called with the wrong
 * method (405). Resources return it from a catch-all sub-resource locator.
 */
public final class Fallback {

    private final Set<String> allowed;
    private final Supplier<Response> preflight;

    /**
     * @param allowed the methods the path does serve; empty for a path that is not served at all
     * @param preflight answers a CORS preflight for a served path
     */
    private Fallback(Set<String> allowed, Supplier<Response> preflight) {
        this.allowed = allowed;
        this.preflight = preflight;
    }

    /** For sub-path {@code path} of a resource whose paths serve {@code methodsByPath}. */
    public static Fallback of(String path, Map<String, Set<String>> methodsByPath) {
        return of(path, methodsByPath, null);
    }

    /** As {@link #of(String, Map)}, with the resource's CORS preflight for OPTIONS on a served path. */
    public static Fallback of(String path, Map<String, Set<String>> methodsByPath, Supplier<Response> preflight) {
        return new Fallback(methodsByPath.getOrDefault(path, Set.of()), preflight);
    }

    @GET
    public Response get() {
        return answer("GET");
    }

    @POST
    public Response post() {
        return answer("POST");
    }

    @PUT
    public Response put() {
        return answer("PUT");
    }

    @DELETE
    public Response delete() {
        return answer("DELETE");
    }

    @PATCH
    public Response patch() {
        return answer("PATCH");
    }

    @HEAD
    public Response head() {
        return answer("HEAD");
    }

    @OPTIONS
    public Response options() {
        if (preflight != null && !allowed.isEmpty()) {
            return preflight.get();
        }
        return answer("OPTIONS");
    }

    private Response answer(String method) {
        if (allowed.isEmpty()) {
            return ErrorResponses.of(EmporixException.notFound("No such endpoint"));
        }
        if (allowed.contains(method)) {
            // The endpoint exists and takes this method: the framework turned down the body's media type.
            return ErrorResponses.of(EmporixException.of(415, "unsupported_media_type", "Unsupported Content-Type"));
        }
        return Response.fromResponse(ErrorResponses.of(EmporixException.of(405, "method_not_allowed", "Method not allowed")))
                .header("Allow", String.join(", ", allowed))
                .build();
    }
}
