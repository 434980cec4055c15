package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.TokenCategory;
import org.keycloak.representations.JsonWebToken;

/**
 * The access token of a storefront visitor who has not logged in. Signed like the realm's access
 * tokens (so its JWKS verifies it), but with a {@code typ} of its own, so Keycloak's bearer-token
 * checks never take it for a customer token.
 */
public class AnonymousAccessToken extends JsonWebToken {

    public static final String TYPE = "Anonymous";

    @JsonProperty("tenant")
    protected String tenant;

    @JsonProperty("sessionId")
    protected String sessionId;

    @JsonProperty("scope")
    protected String scope;

    @JsonProperty("session_notes")
    protected SessionNotes notes;

    public String getTenant() {
        return tenant;
    }

    public String getSessionId() {
        return sessionId;
    }

    public String getScope() {
        return scope;
    }

    public SessionNotes getNotes() {
        return notes;
    }

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.ACCESS;
    }
}
