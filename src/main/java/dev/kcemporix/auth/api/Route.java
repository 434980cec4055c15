package dev.kcemporix.auth.api;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One call of the API, declared once: its path and methods, who may call it (resolved before the
 * handler runs, and handed to it typed), the handler, and its documentation (parameters, bodies,
 * answers), from which the OpenAPI document is rendered. Both mounts route through the {@link
 * RouteTable} of these; nothing else routes or documents a call.
 *
 * <p>As Keycloak's admin resources put the route and its {@code @Operation} on one method, a route
 * here cannot exist undocumented, nor a documented call unrouted.
 */
public final class Route {

    /** Who may call, as the document's security states it. */
    public enum Access {
        /** Nobody in particular. */
        ANYONE,
        /**
         * A visitor's anonymous token, a customer token or none (ignored, or the refresh token is
         * the credential).
         */
        ANY_TOKEN_OR_NONE,
        /** A visitor's anonymous token. */
        ANONYMOUS,
        /**
         * A visitor's anonymous token, in the header or as the {@code anonymous_token} parameter.
         */
        ANONYMOUS_TOKEN_OR_PARAMETER,
        /** A customer token. */
        CUSTOMER,
        /** A customer token, or an anonymous one. */
        ANONYMOUS_OR_CUSTOMER,
        /** A confidential client's credentials, in HTTP Basic or as parameters. */
        CLIENT,
        /** A service token of the tenant with the call's scope. */
        SERVICE,
        /**
         * A staff member's token of the tenant (a user's, from a client that is no storefront) with
         * the call's scope.
         */
        EMPLOYEE
    }

    /** What runs a call whose caller nobody in particular is (or the handler checks itself). */
    @FunctionalInterface
    public interface Handler {
        Response handle(EmporixRequest request);
    }

    /** What runs a call for a caller the request layer has resolved. */
    @FunctionalInterface
    public interface CallerHandler<T> {
        Response handle(EmporixRequest request, T caller);
    }

    /** Finds the tenant of a request that names none (null: a 400 asking for one). */
    @FunctionalInterface
    public interface TenantFinder {
        org.keycloak.models.RealmModel find(EmporixRequest request);
    }

    /**
     * A parameter (a string as clients send it, or a {@code flag}: {@code true}/{@code false}, also
     * a JSON boolean): where it may come from is the call's business (query for GET, query or body
     * otherwise).
     */
    public record Field(
            String name,
            boolean required,
            boolean secret,
            String description,
            String pattern,
            boolean flag) {}

    /** A body that is a JSON array of {@code item} records. */
    public record ListOf(Class<?> item) {}

    /** A body that is one of several records. */
    public record OneOf(Class<?>... options) {}

    /** The marker for "the contract's error shapes" in {@link #refuses}. */
    public static final Object ERROR = new Object();

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^/}]+)}");

    private final String path;
    private final List<String> methods;
    private final String tag;
    private final String summary;
    private Access access = Access.ANYONE;
    private String description = "";
    private final List<Field> pathFields = new ArrayList<>();
    private final List<Field> fields = new ArrayList<>();
    private Map<String, Object> jsonBody;
    private final Map<Integer, Object> responses = new LinkedHashMap<>();
    private Handler handler;
    private TenantFinder unnamedTenant = request -> null;
    private boolean arrayBody;
    private Pattern pattern;

    private Route(String path, List<String> methods, String tag, String summary) {
        this.path = path;
        this.methods = methods;
        this.tag = tag;
        this.summary = summary;
    }

    /**
     * A call: {@code methods} comma separated ({@code "GET,POST"}), the path with {@code
     * {parameters}}.
     */
    public static Route of(String methods, String path, String tag, String summary) {
        return new Route(path, List.of(methods.split(",")), tag, summary);
    }

    // ---- handling ----

    /**
     * Runs {@code handler}; whoever may call is stated by {@code access} and checked by the
     * handler.
     */
    public Route handledBy(Access access, Handler handler) {
        this.access = access;
        this.handler = handler;
        return this;
    }

    /**
     * Runs {@code handler} for the caller {@code caller} resolves first (a refused caller never
     * reaches it).
     */
    public <T> Route handledBy(Caller<T> caller, CallerHandler<T> handler) {
        this.access = caller.access();
        this.handler = request -> handler.handle(request, caller.resolve().apply(request));
        return this;
    }

    /**
     * The request names no tenant: {@code finder} finds it ({@code /oauth/token}: by its client).
     */
    public Route findingUnnamedTenant(TenantFinder finder) {
        this.unnamedTenant = finder;
        return this;
    }

    /** The body is a JSON array (the customer import), read by the handler, not as parameters. */
    public Route takingJsonArray() {
        this.arrayBody = true;
        return this;
    }

    // ---- documentation ----

    public Route describe(String text) {
        this.description = text;
        return this;
    }

    public Route inPath(String name, String description) {
        return inPath(name, description, null);
    }

    /** A path segment the call serves only when it matches {@code pattern}; any other is a 404. */
    public Route inPath(String name, String description, Pattern pattern) {
        pathFields.add(
                new Field(
                        name,
                        true,
                        false,
                        description,
                        pattern == null ? null : "^" + pattern.pattern() + "$",
                        false));
        return this;
    }

    public Route required(String name, String description) {
        fields.add(new Field(name, true, false, description, null, false));
        return this;
    }

    public Route optional(String name, String description) {
        fields.add(new Field(name, false, false, description, null, false));
        return this;
    }

    /** An optional {@code true}/{@code false} (clients send a JSON boolean, or the text). */
    public Route flag(String name, String description) {
        fields.add(new Field(name, false, false, description, null, true));
        return this;
    }

    /** A password or code: in the body only, never in the query string (which ends up in logs). */
    public Route secret(String name, boolean required, String description) {
        fields.add(new Field(name, required, true, description, null, false));
        return this;
    }

    /**
     * A JSON body that is more than flat fields (sign-up, a profile change, the import), as a JSON
     * schema.
     */
    public Route jsonBody(Map<String, Object> schema) {
        this.jsonBody = schema;
        return this;
    }

    /**
     * A success or refusal and its body: a record class, a {@link ListOf} or {@link OneOf}, or null
     * for none.
     */
    public Route answers(int status, Object body) {
        responses.put(status, body);
        return this;
    }

    public Route refuses(int... statuses) {
        for (int status : statuses) {
            responses.put(status, ERROR);
        }
        return this;
    }

    /**
     * A JSON object (a schema, or part of one) with the keys in the order given: every node writes
     * the same document.
     */
    public static Map<String, Object> schema(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A JSON schema of a string, with {@code description} (null: none). */
    public static Map<String, Object> stringSchema(String description) {
        return description == null
                ? schema("type", "string")
                : schema("type", "string", "description", description);
    }

    /**
     * A JSON schema of an object with {@code properties} (null: any), and {@code description}
     * (null: none).
     */
    public static Map<String, Object> objectSchema(
            String description, Map<String, Object> properties) {
        Map<String, Object> object = schema("type", "object");
        if (description != null) {
            object.put("description", description);
        }
        if (properties != null) {
            object.put("properties", properties);
        }
        return object;
    }

    // ---- what the table and the document read ----

    public String path() {
        return path;
    }

    public List<String> methods() {
        return methods;
    }

    public String tag() {
        return tag;
    }

    public String summary() {
        return summary;
    }

    public String description() {
        return description;
    }

    public Access access() {
        return access;
    }

    public List<Field> pathFields() {
        return Collections.unmodifiableList(pathFields);
    }

    public List<Field> fields() {
        return Collections.unmodifiableList(fields);
    }

    public Map<String, Object> jsonBody() {
        return jsonBody;
    }

    public Map<Integer, Object> responses() {
        return Collections.unmodifiableMap(responses);
    }

    Handler handler() {
        return handler;
    }

    TenantFinder unnamedTenant() {
        return unnamedTenant;
    }

    boolean arrayBody() {
        return arrayBody;
    }

    /** How many path parameters the path has: the table tries the most literal paths first. */
    long parameterCount() {
        return path.chars().filter(c -> c == '{').count();
    }

    /**
     * The path parameters of {@code requestPath} (decoded), or null when this route's path does not
     * match it.
     */
    Map<String, String> match(String requestPath) {
        Matcher matcher = pattern().matcher(requestPath);
        if (!matcher.matches()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher names = PATH_PARAMETER.matcher(path);
        while (names.find()) {
            parameters.put(names.group(1), matcher.group(names.group(1)));
        }
        return parameters;
    }

    /**
     * The path as a regular expression: a parameter matches what its pattern allows, else one
     * segment.
     */
    private Pattern pattern() {
        if (pattern == null) {
            Map<String, String> patterns = new LinkedHashMap<>();
            pathFields.stream()
                    .filter(f -> f.pattern() != null)
                    .forEach(
                            f ->
                                    patterns.put(
                                            f.name(),
                                            f.pattern().substring(1, f.pattern().length() - 1)));
            StringBuilder regex = new StringBuilder();
            Matcher parameter = PATH_PARAMETER.matcher(path);
            int last = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(path.substring(last, parameter.start())))
                        .append("(?<")
                        .append(parameter.group(1))
                        .append('>')
                        .append(patterns.getOrDefault(parameter.group(1), "[^/]+"))
                        .append(')');
                last = parameter.end();
            }
            pattern = Pattern.compile(regex.append(Pattern.quote(path.substring(last))).toString());
        }
        return pattern;
    }

    @Override
    public String toString() {
        return String.join(",", methods) + " " + path;
    }
}
