package dev.kcemporix.auth.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcemporix.auth.error.EmporixException.Detail;
import dev.kcemporix.auth.mount.JsonBodies;
import dev.kcemporix.auth.error.EmporixException;

/** The body of {@code POST /customer/{tenant}/login}, checked before anything touches Keycloak. */
public record LoginRequest(String email, String password) {

    static final int MAX_BODY_CHARS = 16 * 1024;
    static final int MIN_PASSWORD = 6;
    static final int MAX_EMAIL = 255;

    public static LoginRequest parse(String contentType, String body) {
        if (!isJson(contentType)) {
            throw EmporixException.of(415, "unsupported_media_type", "Content-Type must be application/json");
        }
        if (body == null || body.isBlank()) {
            throw EmporixException.badRequest("Request body is required");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw EmporixException.of(413, "payload_too_large", "Request body is too large");
        }
        JsonNode json = JsonBodies.object(body);
        List<Detail> problems = new ArrayList<>();
        String email = text(json, "email", problems);
        String password = text(json, "password", problems);
        if (email != null && email.length() > MAX_EMAIL) {
            problems.add(new Detail("email", "too_long", "email must be at most " + MAX_EMAIL + " characters"));
        }
        if (password != null && password.length() < MIN_PASSWORD) {
            problems.add(new Detail("password", "too_short", "password must be at least " + MIN_PASSWORD + " characters"));
        }
        if (!problems.isEmpty()) {
            throw EmporixException.badRequest("Invalid login request", problems.toArray(Detail[]::new));
        }
        return new LoginRequest(email.trim(), password);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String text(JsonNode json, String field, List<Detail> problems) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            problems.add(new Detail(field, "required", field + " is required"));
            return null;
        }
        if (!value.isTextual()) {
            problems.add(new Detail(field, "invalid", field + " must be a string"));
            return null;
        }
        return value.asText();
    }

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + ", password=***]";
    }
}
