package dev.kcemporix.auth.grant;

import org.keycloak.representations.AccessTokenResponse;

/**
 * What one of Keycloak's grants answered: its tokens, or the HTTP status and OAuth2 error it gave.
 * Endpoints translate a failure into the contract's shape themselves, since the same OAuth2 error
 * means different things at login, refresh and service-token time.
 */
public record GrantOutcome(int status, AccessTokenResponse tokens, String error, String errorDescription) {

    static GrantOutcome success(AccessTokenResponse tokens) {
        return new GrantOutcome(200, tokens, null, null);
    }

    static GrantOutcome failure(int status, String error, String errorDescription) {
        return new GrantOutcome(status, null, error, errorDescription);
    }

    public boolean succeeded() {
        return tokens != null;
    }

    public boolean isServerError() {
        return status >= 500;
    }
}
