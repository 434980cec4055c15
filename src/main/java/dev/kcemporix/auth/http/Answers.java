package dev.kcemporix.auth.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one place where a success body becomes a response (errors: {@link ErrorResponses}): JSON,
 * and never cached, since every answer of the contract carries a token or a customer's data.
 */
public final class Answers {

    private Answers() {
    }

    public static Response json(Object body) {
        return json(200, body);
    }

    public static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").entity(body).build();
    }
}
