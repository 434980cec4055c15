package dev.kcemporix.auth.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcemporix.auth.api.answer.EmporixException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request body as Emporix clients send it: a JSON object or a form, whatever the method. The JSON
 * object is kept whole for endpoints with nested bodies (sign-up, profile); its top-level scalar
 * fields and the form's fields are the body's parameters.
 */
final class RequestBody {

    /** Larger than any contract body (a sign-up with addresses and metadata is a few KiB). */
    static final int MAX_CHARS = 64 * 1024;

    /** Nesting deeper than this is no profile: refuse before it costs a deep parse. */
    private static final int MAX_NESTING = 32;

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    }

    static final RequestBody EMPTY =
            new RequestBody(JsonNodeFactory.instance.objectNode(), Map.of());

    private final ObjectNode json;
    private final Map<String, List<String>> fields;

    private RequestBody(ObjectNode json, Map<String, List<String>> fields) {
        this.json = json;
        this.fields = fields;
    }

    /**
     * Parses {@code body} by its content type: JSON ({@code application/json}, {@code +json}) or a
     * form ({@code application/x-www-form-urlencoded}); without a content type, a body that starts
     * like a JSON object is JSON and anything else a form (what curl and some scripts send).
     */
    static RequestBody parse(String contentType, String body) {
        if (body == null || body.isBlank()) {
            return EMPTY;
        }
        if (body.length() > MAX_CHARS) {
            throw EmporixException.of(413, "payload_too_large", "Request body is too large");
        }
        String type =
                contentType == null
                        ? ""
                        : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean json =
                type.equals("application/json")
                        || (type.startsWith("application/") && type.endsWith("+json"))
                        || (type.isEmpty() && body.stripLeading().startsWith("{"));
        if (json) {
            return json(body);
        }
        if (type.equals("application/x-www-form-urlencoded") || type.isEmpty()) {
            return form(body);
        }
        throw EmporixException.of(
                415,
                "unsupported_media_type",
                "Content-Type must be application/json or application/x-www-form-urlencoded");
    }

    /**
     * Larger than any import call (200 customers with profiles and hashes come to a few hundred
     * KiB).
     */
    static final int MAX_ARRAY_CHARS = 2 * 1024 * 1024;

    /**
     * A JSON array body (the customer import): JSON or no content type, at most {@link
     * #MAX_ARRAY_CHARS}.
     */
    static ArrayNode array(String contentType, String body) {
        if (body == null || body.isBlank()) {
            throw EmporixException.badRequest("Request body must be a JSON array");
        }
        if (body.length() > MAX_ARRAY_CHARS) {
            throw EmporixException.of(413, "payload_too_large", "Request body is too large");
        }
        String type =
                contentType == null
                        ? ""
                        : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.isEmpty()
                && !type.equals("application/json")
                && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw EmporixException.of(
                    415, "unsupported_media_type", "Content-Type must be application/json");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw EmporixException.badRequest("Request body is not valid JSON");
        }
        if (tree == null || !tree.isArray()) {
            throw EmporixException.badRequest("Request body must be a JSON array");
        }
        return (ArrayNode) tree;
    }

    /** The JSON body; an empty object for a form or no body. */
    ObjectNode json() {
        return json;
    }

    /** The values the body gives parameter spelling {@code name}; empty when it gives none. */
    List<String> values(String name) {
        return fields.getOrDefault(name, List.of());
    }

    private static RequestBody json(String body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            // Jackson's message quotes the body: never echo it.
            throw EmporixException.badRequest("Request body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw EmporixException.badRequest("Request body must be a JSON object");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                fields.put(field.getKey(), List.of(value.asText()));
            }
        }
        return new RequestBody((ObjectNode) tree, fields);
    }

    private static RequestBody form(String body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name =
                        URLDecoder.decode(
                                eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value =
                        eq < 0
                                ? ""
                                : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw EmporixException.badRequest("Request body is not a valid form");
            }
        }
        return new RequestBody(JsonNodeFactory.instance.objectNode(), fields);
    }

    /**
     * Whether {@code name} is a JSON field of a type no parameter can take (an object or an array).
     */
    boolean isStructured(String name) {
        JsonNode value = json.get(name);
        return value != null && value.isContainerNode();
    }
}
