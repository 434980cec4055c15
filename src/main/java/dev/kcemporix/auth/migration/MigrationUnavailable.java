package dev.kcemporix.auth.migration;

import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.cors.Cors;

/**
 * The login cannot be decided: the source shop of login-through migration did not answer. Thrown
 * from the user lookup, so no authenticator counts a failure. Keycloak's token endpoint answers it
 * as 503 {@code {"error":"migration_unavailable"}} (its error handler takes the message as the
 * error); our endpoints run Keycloak's grant and read the response's body: 503 {@code
 * {"type":"migration_unavailable"}}.
 */
final class MigrationUnavailable extends ServiceUnavailableException {

    static final String ERROR = "migration_unavailable";

    /**
     * @param allowedOrigin the browser origin the answer is for, when the client of the login
     *     allows it (null: none); Keycloak's token endpoint adds CORS headers to its own refusals
     *     only, and a storefront in a browser must read this one too
     */
    MigrationUnavailable(String allowedOrigin) {
        super(ERROR, answer(allowedOrigin));
    }

    private static Response answer(String allowedOrigin) {
        Response.ResponseBuilder answer =
                Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .header("Retry-After", "30")
                        .entity(
                                new OAuth2ErrorRepresentation(
                                        ERROR,
                                        "The shop customers move from did not answer; try again"
                                                + " later"));
        if (allowedOrigin != null) {
            answer.header(Cors.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin)
                    .header(Cors.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .header(Cors.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After");
        }
        return answer.build();
    }
}
