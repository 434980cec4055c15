package dev.kcemporix.auth.service;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcemporix.auth.error.EmporixException;
import dev.kcemporix.auth.mount.JsonBodies;

/**
 * The parameters of {@code POST /oauth/token}, however the client sent them: a form body (as
 * documented), a JSON body, or the query string. A body parameter wins over the same one in the query.
 */
public final class ServiceTokenRequest {

    static final int MAX_BODY_CHARS = 16 * 1024;

    private final Map<String, String> params;

    private ServiceTokenRequest(Map<String, String> params) {
        this.params = params;
    }

    public static ServiceTokenRequest parse(String contentType, String body, Map<String, List<String>> query) {
        Map<String, String> params = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            if (values != null && !values.isEmpty()) {
                params.put(name, values.get(0));
            }
        });
        if (body != null && !body.isBlank()) {
            if (body.length() > MAX_BODY_CHARS) {
                throw EmporixException.of(413, "payload_too_large", "Request body is too large");
            }
            String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") || type.endsWith("+json")) {
                params.putAll(json(body));
            } else if (type.equals("application/x-www-form-urlencoded")) {
                params.putAll(form(body));
            } else {
                throw EmporixException.of(415, "unsupported_media_type",
                        "Content-Type must be application/x-www-form-urlencoded or application/json");
            }
        }
        return new ServiceTokenRequest(params);
    }

    /** The first non-empty value among {@code names}, or null. */
    public String get(String... names) {
        for (String name : names) {
            String value = params.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw EmporixException.badRequest("Request body is not a valid form");
            }
        }
        return values;
    }

    private static Map<String, String> json(String body) {
        JsonNode json = JsonBodies.object(body);
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                values.put(field.getKey(), value.asText());
            } else if (!value.isNull()) {
                throw EmporixException.badRequest("Invalid parameter " + field.getKey(),
                        new EmporixException.Detail(field.getKey(), "invalid", field.getKey() + " must be a string"));
            }
        }
        return values;
    }

    /** The tenant named in a scope string as {@code tenant=T}, or null. */
    public static String tenantInScope(String scope) {
        if (scope == null) {
            return null;
        }
        for (String entry : scope.trim().split("\\s+")) {
            if (entry.startsWith("tenant=") && entry.length() > "tenant=".length()) {
                return entry.substring("tenant=".length());
            }
        }
        return null;
    }
}
