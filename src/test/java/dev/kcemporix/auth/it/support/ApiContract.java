package dev.kcemporix.auth.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document the server serves, as a check on every answer a test reads from the
 * extension's paths: the status must be one the document lists for that call, and the body must
 * validate against its schema (JSON Schema 2020-12, every record closed, so an undocumented field
 * fails); an answer without a body carries no JSON content type. A method a path does not serve
 * must be the documented 405, a path outside the document under the mounts the documented 404.
 *
 * <p>And the other way: a request the server accepted (a 2xx) must be one the document describes,
 * as a strict validator in front of the server would check it: its required query parameters there,
 * each declared one matching its schema, a body only of a declared type and valid against its
 * schema, and an {@code Authorization} only of a kind the call's security lists (none where it
 * lists none). Keycloak's own endpoints are not ours to check.
 */
final class ApiContract {

    private static final Map<String, ApiContract> BY_SERVER = new ConcurrentHashMap<>();
    private static final Pattern REALM_MOUNT = Pattern.compile("^/realms/[^/]+/emporix(/.*)?$");
    private static final List<String> CONTRACT_PREFIXES =
            List.of("/customerlogin/", "/customer/", "/oauth/");
    private static final SchemaRegistry SCHEMAS =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /**
     * Every documented answer ("post /customer/{tenant}/login 401") the suite has met, for the
     * report at the end.
     */
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private static final java.util.concurrent.atomic.AtomicBoolean REPORTING =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final JsonNode document;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private record PathTemplate(String path, Pattern pattern, long parameters) {}

    /**
     * What a test sent besides method and URL: the headers and the body (null: none); {@code
     * generated} for hostile input, which is no request a client would send: only its answer is
     * checked.
     */
    record Sent(java.net.http.HttpHeaders headers, byte[] body, boolean generated) {
        Sent(java.net.http.HttpHeaders headers, byte[] body) {
            this(headers, body, false);
        }
    }

    ApiContract(JsonNode document) {
        this.document = document;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.get("paths").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            paths.add(
                    new PathTemplate(
                            path.getKey(),
                            Pattern.compile("^" + regexOf(path.getKey(), path.getValue()) + "$"),
                            path.getKey().chars().filter(c -> c == '{').count()));
        }
    }

    /**
     * The path as a regular expression: a parameter matches what its schema's pattern allows, else
     * one segment.
     */
    private static String regexOf(String path, JsonNode operations) {
        Map<String, String> patterns = new java.util.HashMap<>();
        operations.forEach(
                op ->
                        op.path("parameters")
                                .forEach(
                                        p -> {
                                            if (p.path("in").asText().equals("path")
                                                    && p.at("/schema/pattern").isTextual()) {
                                                String pattern = p.at("/schema/pattern").asText();
                                                patterns.put(
                                                        p.get("name").asText(),
                                                        pattern.substring(1, pattern.length() - 1));
                                            }
                                        }));
        StringBuilder regex = new StringBuilder();
        var parameter = Pattern.compile("\\{([^/}]+)}").matcher(path);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(path.substring(last, parameter.start())))
                    .append("(?:")
                    .append(patterns.getOrDefault(parameter.group(1), "[^/]+"))
                    .append(")");
            last = parameter.end();
        }
        return regex.append(Pattern.quote(path.substring(last))).toString();
    }

    /** The document {@code server} serves, fetched once per server. */
    static ApiContract of(Server server, java.util.function.Function<String, HttpResult> fetch) {
        return BY_SERVER.computeIfAbsent(
                server.baseUrl(),
                base -> {
                    HttpResult r = fetch.apply(base + "/emporix/openapi.json");
                    if (r.status() != 200) {
                        throw new AssertionError("The server serves no API document: " + r);
                    }
                    ApiContract contract = new ApiContract(r.json());
                    contract.reportCoverageAtExit();
                    return contract;
                });
    }

    /** Fetches the document of {@code baseUrl} again next time: another build serves it now. */
    static void forget(String baseUrl) {
        BY_SERVER.remove(baseUrl);
    }

    /**
     * Fails when {@code result}, the answer to {@code method uri}, is not what the document says
     * (nor, when accepted, the request).
     */
    void check(String method, URI uri, String baseUrl, Sent sent, HttpResult result) {
        String path = pathOf(uri, baseUrl);
        if (path == null || method.equals("OPTIONS") || method.equals("HEAD")) {
            // Not ours, or a CORS preflight (its own tests check it), or HEAD (no body to check).
            return;
        }
        List<PathTemplate> matching = matching(path);
        if (matching.isEmpty() && path.endsWith("/")) {
            // The server ignores a trailing slash.
            matching = matching(path.substring(0, path.length() - 1));
        }
        if (matching.isEmpty()) {
            expectError(method + " " + shortened(path) + " (not in the document)", 404, result);
            return;
        }
        String verb = method.toLowerCase();
        // As OpenAPI and the server both route: the most literal path first (me/mfa/otp before
        // me/mfa/{id}).
        PathTemplate served =
                matching.stream()
                        .min(java.util.Comparator.comparingLong(PathTemplate::parameters))
                        .orElseThrow();
        if (!document.get("paths").get(served.path()).has(verb)) {
            expectError(
                    method + " " + shortened(path) + " (a method the path does not serve)",
                    405,
                    result);
            return;
        }
        JsonNode operation = document.get("paths").get(served.path()).get(verb);
        // A 207 accepts the call and answers for each item of its body on its own (refused items
        // included): only the rest is checked.
        if (result.status() >= 200 && result.status() < 300 && !sent.generated()) {
            checkRequest(
                    method + " " + served.path() + " (answered " + result.status() + ")",
                    operation,
                    uri,
                    sent);
        }
        JsonNode responses = operation.get("responses");
        SEEN.add(verb + " " + served.path() + " " + result.status());
        String where = method + " " + served.path() + " answered " + result.status();
        JsonNode response = responses.get(Integer.toString(result.status()));
        if (response == null) {
            throw new AssertionError(
                    where
                            + ", a status the API document does not list for it ("
                            + listed(responses)
                            + "): "
                            + shortened(result.body()));
        }
        JsonNode schema = response.path("content").path("application/json").get("schema");
        if (schema == null) {
            if (!result.body().isEmpty()) {
                throw new AssertionError(
                        where
                                + " with a body where the API document has none: "
                                + shortened(result.body()));
            }
            String type = result.header("Content-Type");
            if (type != null && type.toLowerCase().contains("json")) {
                throw new AssertionError(
                        where
                                + " without a body but with Content-Type "
                                + type
                                + ": strict JSON clients parse it and fail");
            }
            return;
        }
        validate(where, served.path() + " " + verb + " " + result.status(), schema, result);
    }

    /** Fails when an accepted request is not what {@code operation} describes. */
    private void checkRequest(String where, JsonNode operation, URI uri, Sent sent) {
        Map<String, List<String>> query = queryOf(uri);
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asText().equals("query")) {
                continue;
            }
            String name = parameter.get("name").asText();
            List<String> values = query.get(name);
            if (values == null) {
                if (parameter.path("required").asBoolean()) {
                    throw new AssertionError(
                            where
                                    + ": the request lacks the required query parameter "
                                    + name
                                    + " the document names");
                }
                continue;
            }
            for (String value : values) {
                JsonNode valueNode =
                        parameter.at("/schema/type").asText().equals("boolean")
                                        && (value.equals("true") || value.equals("false"))
                                ? HttpResult.JSON
                                        .getNodeFactory()
                                        .booleanNode(Boolean.parseBoolean(value))
                                : HttpResult.JSON.getNodeFactory().textNode(value);
                validateRequest(
                        where + ", query parameter " + name,
                        "query " + operation.path("operationId").asText() + " " + name,
                        parameter.get("schema"),
                        valueNode);
            }
        }
        byte[] body = sent.body();
        if (body != null && body.length > 0 && !where.contains("(answered 207)")) {
            String type =
                    sent.headers()
                            .firstValue("Content-Type")
                            .map(t -> t.split(";")[0].trim().toLowerCase())
                            .orElse("");
            JsonNode content = operation.path("requestBody").path("content");
            if (content.isMissingNode()) {
                throw new AssertionError(
                        where + ": the request has a body, where the document describes none");
            }
            JsonNode schema = content.path(type).get("schema");
            if (schema == null) {
                throw new AssertionError(
                        where
                                + ": a body of type '"
                                + type
                                + "', which the document does not list ("
                                + content.fieldNames().next()
                                + ", ...)");
            }
            JsonNode parsed;
            String text = new String(body, StandardCharsets.UTF_8);
            if (type.equals("application/x-www-form-urlencoded")) {
                ObjectNode form = HttpResult.JSON.createObjectNode();
                queryOf(URI.create("x:/?" + text))
                        .forEach((name, values) -> form.put(name, values.get(0)));
                parsed = form;
            } else {
                try {
                    parsed = HttpResult.JSON.readTree(text);
                } catch (java.io.IOException e) {
                    throw new AssertionError(
                            where + ": an accepted body that is not JSON: " + shortened(text));
                }
            }
            validateRequest(
                    where + ", body",
                    "body " + operation.path("operationId").asText() + " " + type,
                    schema,
                    parsed);
        }
        String authorization = sent.headers().firstValue("Authorization").orElse(null);
        Set<String> schemes = new java.util.HashSet<>();
        boolean none = false;
        for (JsonNode requirement : operation.path("security")) {
            none |= requirement.isEmpty();
            requirement.fieldNames().forEachRemaining(schemes::add);
        }
        if (authorization == null) {
            if (!none && !schemes.isEmpty()) {
                throw new AssertionError(
                        where
                                + ": accepted without the Authorization the document requires ("
                                + schemes
                                + ")");
            }
            return;
        }
        String kind = authorization.trim().split("\\s+")[0].toLowerCase();
        boolean listed =
                schemes.stream()
                        .anyMatch(
                                scheme ->
                                        kind.equals(
                                                document.at(
                                                                "/components/securitySchemes/"
                                                                        + scheme
                                                                        + "/scheme")
                                                        .asText()));
        if (!listed) {
            throw new AssertionError(
                    where
                            + ": sent with an Authorization of kind "
                            + kind
                            + ", which the document does not list for it "
                            + schemes);
        }
    }

    private void validateRequest(String where, String key, JsonNode schema, JsonNode value) {
        List<Error> errors = validator(key, schema).validate(value.toString(), InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError(
                    where
                            + ": the server accepted what the API document does not describe: "
                            + errors
                            + "\nsent: "
                            + shortened(value.toString()));
        }
    }

    /**
     * {@code schema} compiled once as the root, beside the document's components, so its $refs
     * resolve.
     */
    private Schema validator(String key, JsonNode schema) {
        return compiled.computeIfAbsent(
                key,
                k -> {
                    ObjectNode root = schema.deepCopy();
                    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
                    root.set("components", document.get("components"));
                    return SCHEMAS.getSchema(root.toString(), InputFormat.JSON);
                });
    }

    private static Map<String, List<String>> queryOf(URI uri) {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name =
                    URLDecoder.decode(
                            eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value =
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /**
     * Writes {@code target/api-coverage.txt} when the test JVM ends: which documented answers no
     * test met. The check above proves every answer seen is documented; this shows the other
     * direction.
     */
    private void reportCoverageAtExit() {
        if (!REPORTING.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::writeCoverage));
    }

    private void writeCoverage() {
        List<String> documented = documentedAnswers();
        List<String> unseen = documented.stream().filter(d -> !SEEN.contains(d)).toList();
        StringBuilder report =
                new StringBuilder("Documented answers met by the integration tests: ");
        report.append(documented.size() - unseen.size()).append(" of ").append(documented.size());
        report.append("\nNot met:\n");
        unseen.forEach(u -> report.append("  ").append(u).append('\n'));
        try {
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of("target", "api-coverage.txt"), report);
        } catch (java.io.IOException e) {
            System.err.println("api-coverage.txt not written: " + e);
        }
    }

    /** Every answer the document lists, as "method path status". */
    private List<String> documentedAnswers() {
        List<String> documented = new ArrayList<>();
        for (DocumentedCall call : DocumentedCall.of(document)) {
            for (Iterator<String> statuses = call.operation().get("responses").fieldNames();
                    statuses.hasNext(); ) {
                documented.add(
                        call.method().toLowerCase()
                                + " "
                                + call.template()
                                + " "
                                + statuses.next());
            }
        }
        return documented;
    }

    private List<PathTemplate> matching(String path) {
        return paths.stream().filter(p -> p.pattern().matcher(path).matches()).toList();
    }

    /**
     * The documented refusal of a path or method the document does not list, unless Keycloak
     * refused first: the path, query or body type in its own shape (400, 415), or its HTTP server
     * an oversized request line or headers (414, 431, no body).
     */
    private void expectError(String what, int status, HttpResult result) {
        if ((result.status() == 414 || result.status() == 431) && result.body().isEmpty()) {
            return;
        }
        if (result.status() != status && (result.status() == 400 || result.status() == 415)) {
            validate(
                    what + " answered " + result.status() + " (Keycloak's own refusal)",
                    "#keycloak",
                    HttpResult.JSON
                            .createObjectNode()
                            .put("$ref", "#/components/schemas/KeycloakError"),
                    result);
            return;
        }
        if (result.status() != status) {
            throw new AssertionError(
                    what
                            + " answered "
                            + result.status()
                            + " instead of "
                            + status
                            + ": "
                            + shortened(result.body()));
        }
        validate(
                what,
                "#error",
                HttpResult.JSON.createObjectNode().put("$ref", "#/components/schemas/ErrorBody"),
                result);
    }

    private void validate(String where, String key, JsonNode schema, HttpResult result) {
        if (result.body().isEmpty()) {
            throw new AssertionError(where + " with no body, where the API document has one");
        }
        List<Error> errors = validator(key, schema).validate(result.body(), InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError(
                    where
                            + " with a body that does not match the API document: "
                            + errors
                            + "\nbody: "
                            + shortened(result.body()));
        }
        JsonNode status = result.status() >= 400 ? result.json().get("status") : null;
        if (status != null && status.asInt() != result.status()) {
            throw new AssertionError(
                    where
                            + " with an error body whose status says "
                            + status
                            + ": "
                            + shortened(result.body()));
        }
    }

    private static String listed(JsonNode responses) {
        List<String> statuses = new ArrayList<>();
        responses.fieldNames().forEachRemaining(statuses::add);
        return String.join(", ", statuses);
    }

    /** A path or body as a failure message shows it: generated ones can be megabytes long. */
    private static String shortened(String path) {
        return path.length() <= 200
                ? path
                : path.substring(0, 200) + "…(" + path.length() + " characters)";
    }

    /**
     * The contract path of {@code uri} (realm mount prefix removed), or null where it is not the
     * extension's.
     */
    private static String pathOf(URI uri, String baseUrl) {
        String path = uri.getRawPath();
        String basePath = URI.create(baseUrl).getRawPath();
        if (basePath != null
                && !basePath.isEmpty()
                && !basePath.equals("/")
                && path.startsWith(basePath)) {
            path =
                    path.substring(
                            basePath.endsWith("/") ? basePath.length() - 1 : basePath.length());
        }
        var realmMount = REALM_MOUNT.matcher(path);
        if (realmMount.matches()) {
            String rest = realmMount.group(1) == null ? "/" : realmMount.group(1);
            if (rest.equals("/openapi.json") || rest.equals("/docs") || rest.startsWith("/docs/")) {
                return null;
            }
            return routed(rest);
        }
        for (String prefix : CONTRACT_PREFIXES) {
            if (path.startsWith(prefix)) {
                return routed(path);
            }
        }
        return null;
    }

    /**
     * The path as the server routes it: the mounts match the tenant segment as sent, then hand the
     * features the rest decoded (an encoded slash inside an opt-in token is a slash to the
     * feature).
     */
    private static String routed(String rawPath) {
        int restStart = 0;
        if (rawPath.startsWith("/customer/")) {
            int tenantEnd = rawPath.indexOf('/', "/customer/".length());
            restStart = tenantEnd < 0 ? rawPath.length() : tenantEnd;
        }
        return rawPath.substring(0, restStart)
                + URLDecoder.decode(
                        rawPath.substring(restStart).replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
