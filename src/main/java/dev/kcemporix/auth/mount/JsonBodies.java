package dev.kcemporix.auth.mount;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kcemporix.auth.error.EmporixException;

/** Request bodies that must be one JSON object; anything else is a 400 that says so. */
public final class JsonBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {
    }

    public static JsonNode object(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw EmporixException.badRequest("Request body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw EmporixException.badRequest("Request body must be a JSON object");
        }
        return json;
    }
}
