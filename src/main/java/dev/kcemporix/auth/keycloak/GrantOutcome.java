package dev.kcemporix.auth.keycloak;

import dev.kcemporix.auth.api.answer.EmporixException;
import org.keycloak.OAuthErrorException;
import org.keycloak.representations.AccessTokenResponse;

/**
 * What Keycloak's token endpoint answered for one grant: the grant's body (Keycloak's {@link
 * AccessTokenResponse}, or what a grant of ours returns), or the HTTP status and OAuth2 error it
 * refused with, and the error its event recorded ({@link org.keycloak.events.Errors}: why, in
 * Keycloak's own words, where the OAuth2 error says "invalid_grant" for a wrong password, a locked
 * account and an unknown user alike). The same OAuth2 error means different things at login,
 * refresh and service-token time, so endpoints translate a grant's refusal themselves; {@link
 * #endpointRefusal} translates the refusals of the token endpoint itself, which mean the same
 * everywhere.
 */
public record GrantOutcome(
        int status, Object body, String error, String errorDescription, String eventError) {

    static GrantOutcome success(Object body) {
        return new GrantOutcome(200, body, null, null, null);
    }

    static GrantOutcome failure(
            int status, String error, String errorDescription, String eventError) {
        return new GrantOutcome(status, null, error, errorDescription, eventError);
    }

    public boolean succeeded() {
        return status == 200 && body != null;
    }

    /** Keycloak's tokens, for Keycloak's own grants. */
    public AccessTokenResponse tokens() {
        return (AccessTokenResponse) body;
    }

    public <T> T body(Class<T> type) {
        return type.cast(body);
    }

    public boolean isServerError() {
        return status >= 500;
    }

    /**
     * The token endpoint's own refusals, in the contract's shape with Keycloak's status: a disabled
     * realm or HTTPS required (403), a bad request (oversized or duplicated parameter, a missing or
     * invalid DPoP proof: 400), a service that cannot decide now (503 with the grant's error as the
     * type, e.g. {@code migration_unavailable} when login-through migration's source does not
     * answer), a server error (500); null when the grant itself refused.
     */
    public EmporixException endpointRefusal() {
        if (status == 503 && error != null && error.matches("[a-z_]{1,64}")) {
            return EmporixException.of(
                    503, error, errorDescription != null ? errorDescription : "Try again later");
        }
        if (isServerError()) {
            return EmporixException.of(
                    500, "internal_server_error", "The server could not process the request");
        }
        if (status == 403) {
            return EmporixException.forbidden(
                    errorDescription != null ? errorDescription : "Forbidden");
        }
        if (OAuthErrorException.INVALID_REQUEST.equals(error)
                || OAuthErrorException.INVALID_DPOP_PROOF.equals(error)
                || OAuthErrorException.UNSUPPORTED_GRANT_TYPE.equals(error)) {
            return EmporixException.badRequest(
                    errorDescription != null ? errorDescription : "Invalid request");
        }
        return null;
    }
}
