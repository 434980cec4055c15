package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.representations.JsonWebToken;

/** What both anonymous tokens carry: the tenant, the visitor's session, and its session notes. */
public abstract class AnonymousToken extends JsonWebToken {

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
}
