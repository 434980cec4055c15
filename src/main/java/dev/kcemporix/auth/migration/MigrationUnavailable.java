package dev.kcemporix.auth.migration;

import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The login cannot be decided: the source shop of login-through migration did not answer. Thrown
 * from the user lookup, so no authenticator counts a failure. Keycloak's token endpoint answers it
 * as 503 {@code {"error":"migration_unavailable"}} (its error handler takes the message as the
 * error); our endpoints run Keycloak's grant and read the response's body: 503
 * {@code {"type":"migration_unavailable"}}.
 */
final class MigrationUnavailable extends ServiceUnavailableException {

    static final String ERROR = "migration_unavailable";

    MigrationUnavailable() {
        super(ERROR, Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "30")
                .entity(new OAuth2ErrorRepresentation(ERROR, "The shop customers move from did not answer; try again later")).build());
    }
}
