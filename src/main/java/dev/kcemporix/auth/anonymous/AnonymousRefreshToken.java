package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.TokenCategory;
import org.keycloak.representations.JsonWebToken;

/**
 * Renews an anonymous access token without any server-side state: it is bound to its tenant
 * ({@code tenant}), client ({@code azp}) and visitor session ({@code sessionId}) and signed with
 * the realm's internal HMAC key, like Keycloak's own refresh tokens.
 */
public class AnonymousRefreshToken extends JsonWebToken {

    public static final String TYPE = "AnonymousRefresh";

    @JsonProperty("tenant")
    protected String tenant;

    @JsonProperty("sessionId")
    protected String sessionId;

    @JsonProperty("session_notes")
    protected SessionNotes notes;

    public String getTenant() {
        return tenant;
    }

    public String getSessionId() {
        return sessionId;
    }

    public SessionNotes getNotes() {
        return notes;
    }

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.INTERNAL;
    }
}
