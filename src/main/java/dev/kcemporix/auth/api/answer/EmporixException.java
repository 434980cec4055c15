package dev.kcemporix.auth.api.answer;

import java.util.List;

/**
 * A failure the client is told about in one of the contract's two error shapes. Thrown anywhere
 * below an endpoint; {@link ErrorResponses} turns it into the response.
 */
public final class EmporixException extends RuntimeException {

    /** One entry of the {@code details} array of the standard error shape. */
    @Described("One refused field.")
    public record Detail(
            @Described("The request field, by its contract name.") String field,
            @Described(
                            "Why: `required`, `invalid`, `too_short`, `read_only`, a Keycloak"
                                    + " user-profile or password-policy code, …")
                    String type,
            @Described("A sentence for a developer.") String message) {}

    enum Shape {
        STANDARD,
        GATEWAY
    }

    private final int status;
    private final Shape shape;
    private final String type;
    private final transient List<Detail> details;

    private EmporixException(
            int status, Shape shape, String type, String message, List<Detail> details) {
        super(message, null, false, false);
        this.status = status;
        this.shape = shape;
        this.type = type;
        this.details = List.copyOf(details);
    }

    public static EmporixException badRequest(String message, Detail... details) {
        return new EmporixException(400, Shape.STANDARD, "bad_request", message, List.of(details));
    }

    public static EmporixException unauthorized(String message) {
        return new EmporixException(401, Shape.STANDARD, "unauthorized", message, List.of());
    }

    public static EmporixException forbidden(String message) {
        return new EmporixException(403, Shape.STANDARD, "forbidden", message, List.of());
    }

    public static EmporixException notFound(String message) {
        return new EmporixException(404, Shape.STANDARD, "not_found", message, List.of());
    }

    /**
     * 503 {@code not_configured}: the tenant is not set up for this call; {@code what} says what is
     * missing, the health report (or the server log) says why.
     */
    public static EmporixException notConfigured(String message) {
        return new EmporixException(503, Shape.STANDARD, "not_configured", message, List.of());
    }

    public static EmporixException of(int status, String type, String message) {
        return new EmporixException(status, Shape.STANDARD, type, message, List.of());
    }

    /**
     * 401 in the gateway shape: missing, malformed, foreign, revoked or otherwise unusable token.
     */
    public static EmporixException invalidToken() {
        return new EmporixException(
                401,
                Shape.GATEWAY,
                "oauth.v2.InvalidAccessToken",
                "Invalid access token",
                List.of());
    }

    /** 401 in the gateway shape for a token that was valid but has expired. */
    public static EmporixException expiredToken() {
        return new EmporixException(
                401,
                Shape.GATEWAY,
                "keymanagement.service.access_token_expired",
                "Access Token expired",
                List.of());
    }

    public int status() {
        return status;
    }

    Shape shape() {
        return shape;
    }

    /** For the standard shape the snake_case type, for the gateway shape the error code. */
    public String type() {
        return type;
    }

    public List<Detail> details() {
        return details;
    }
}
