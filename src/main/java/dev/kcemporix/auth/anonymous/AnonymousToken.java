package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.representations.JsonWebToken;

/**
 * What both anonymous tokens carry: the tenant, the storefront client, the visitor's session, and
 * its session notes. The client is a {@code client_id} claim (as in RFC 9068), not {@code azp}:
 * Keycloak's introspection looks a token's client up by {@code azp}, and an anonymous token must
 * never be taken for one of the client's access tokens there, whatever the client's configuration.
 */
public abstract class AnonymousToken extends JsonWebToken {

    @JsonProperty("client_id")
    protected String clientId;

    @JsonProperty("tenant")
    protected String tenant;

    @JsonProperty("sessionId")
    protected String sessionId;

    @JsonProperty("session_notes")
    protected SessionNotes notes;

    public String getClientId() {
        return clientId;
    }

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
