package dev.kcemporix.auth.api;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every parameter of one request, however the client sent it: the query string, a JSON body or a
 * form body, under any spelling of its name. A parameter given twice with the same value is that
 * value; given with two different values it is a 400 naming the field, since which one counts would
 * be a guess (and parameter pollution lives off such guesses).
 */
public final class RequestParameters {

    /**
     * Longer than any token Keycloak issues; a longer value is refused before anything parses it.
     */
    static final int MAX_VALUE_CHARS = 16 * 1024;

    private final Map<String, List<String>> query;
    private final RequestBody body;
    private final String bearerToken;

    RequestParameters(Map<String, List<String>> query, RequestBody body, String bearerToken) {
        this.query = query;
        this.body = body;
        this.bearerToken = bearerToken;
    }

    /** The parameter's value, or null when the request does not give it (or gives it empty). */
    public String optional(Parameter parameter) {
        Set<String> values = new LinkedHashSet<>();
        boolean inQueryOnly = false;
        for (String spelling : parameter.spellings()) {
            List<String> fromQuery = query.getOrDefault(spelling, List.of());
            if (parameter.inQuery()) {
                addNonEmpty(values, fromQuery);
            } else if (fromQuery.stream().anyMatch(v -> v != null && !v.isEmpty())) {
                inQueryOnly = true;
            }
            if (body.isStructured(spelling)) {
                throw EmporixException.badRequest(
                        "Invalid parameter " + parameter.name(),
                        new EmporixException.Detail(
                                parameter.name(),
                                "invalid",
                                parameter.name() + " must be a string"));
            }
            addNonEmpty(values, body.values(spelling));
        }
        if (values.size() > 1) {
            throw EmporixException.badRequest(
                    "Conflicting values for parameter " + parameter.name(),
                    new EmporixException.Detail(
                            parameter.name(),
                            "conflict",
                            parameter.name() + " is given more than once with different values"));
        }
        if (values.isEmpty() && inQueryOnly) {
            throw EmporixException.badRequest(
                    "Parameter " + parameter.name() + " must be sent in the request body",
                    new EmporixException.Detail(
                            parameter.name(),
                            "invalid",
                            parameter.name() + " must be sent in the request body"));
        }
        String value = values.isEmpty() ? null : values.iterator().next();
        if (value == null && parameter.bearerFallback()) {
            value = bearerToken;
        }
        if (value != null && value.length() > MAX_VALUE_CHARS) {
            throw EmporixException.badRequest(
                    "Invalid parameter " + parameter.name(),
                    new EmporixException.Detail(
                            parameter.name(), "too_long", parameter.name() + " is too long"));
        }
        return value;
    }

    /** Like {@link #optional} but a 400 naming the parameter when the request does not give it. */
    public String required(Parameter parameter) {
        String value = optional(parameter);
        if (value == null) {
            throw missing(parameter.name());
        }
        return value;
    }

    public static EmporixException missing(String field) {
        return EmporixException.badRequest(
                "Missing required parameter " + field,
                new EmporixException.Detail(field, "required", field + " is required"));
    }

    private static void addNonEmpty(Set<String> into, List<String> values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                into.add(v);
            }
        }
    }
}
