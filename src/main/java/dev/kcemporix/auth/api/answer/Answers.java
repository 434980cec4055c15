package dev.kcemporix.auth.api.answer;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The one place where a success body becomes a response (errors: {@link ErrorResponses}): JSON, and
 * never cached, since every answer of the contract carries a token or a customer's data.
 */
public final class Answers {

    private Answers() {}

    public static Response json(Object body) {
        return json(200, body);
    }

    /**
     * A 202 with no body and no content type: a strict JSON client parses no empty body as JSON.
     * Keycloak's security headers refuse an answer without a media type unless told it is meant.
     */
    public static Response accepted(KeycloakSession session) {
        session.getProvider(SecurityHeadersProvider.class).options().allowEmptyContentType();
        return Response.accepted().header("Cache-Control", "no-store").build();
    }

    public static Response json(int status, Object body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(body)
                .build();
    }
}
