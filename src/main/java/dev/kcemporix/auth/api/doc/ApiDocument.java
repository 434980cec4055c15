package dev.kcemporix.auth.api.doc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.RouteTable;
import dev.kcemporix.auth.api.answer.ErrorBody;
import dev.kcemporix.auth.api.answer.GatewayFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI 3.1 document of what the jar serves (docs/endpoints.md, *The API described and
 * tried*), rendered from the routes of a {@link RouteTable}: their paths, parameters and answers,
 * the bodies from the answer records, both mounts as servers. Built once, with relative servers:
 * every node serves the same document.
 */
public final class ApiDocument {

    /**
     * Refusals any call can meet before its handler: a bad request, a disabled realm, HTTPS or
     * origin refused, no such tenant.
     */
    private static final int[] EVERY_CALL_REFUSES = {400, 403, 404};

    /** And a call that reads a body: too large, or neither JSON nor a form. */
    private static final int[] EVERY_BODY_REFUSES = {413, 415};

    /** Keycloak's own error body, and the refusals that may carry it instead of ours. */
    static final String KEYCLOAK_ERROR = "KeycloakError";

    static final String REFUSED_EARLY = "ErrorOrKeycloakError";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiDocument() {}

    /**
     * Paths, components and tags of each table: the same for every mount and realm, rendered once.
     */
    private static final Map<RouteTable, ObjectNode> CALLS = new ConcurrentHashMap<>();

    /**
     * The document of {@code table} as the root mount serves it ({@code /emporix/openapi.json}).
     */
    public static ObjectNode forRoot(RouteTable table) {
        return document(table, null);
    }

    /**
     * The document of {@code table} as the realm mount of {@code realm} serves it ({@code
     * /realms/{realm}/emporix/openapi.json}).
     */
    public static ObjectNode forRealm(RouteTable table, String realm) {
        return document(table, realm);
    }

    /**
     * The servers are relative, resolved against the document's own address: no host name from the
     * request ends up in it (a proxy or CDN could not cache a poisoned one), and it works behind
     * any proxy and under Keycloak's {@code http-relative-path}. The mount it was fetched from
     * comes first.
     */
    private static ObjectNode document(RouteTable table, String realm) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.1.0");
        doc.set("info", INFO);
        ArrayNode servers = doc.putArray("servers");
        ObjectNode realmMount =
                NODES.objectNode()
                        .put("url", realm != null ? "." : "../realms/{realm}/emporix")
                        .put("description", "Realm mount: the realm of the path is the tenant.");
        realmMount
                .putObject("variables")
                .putObject("realm")
                .put("default", realm != null ? realm : "demo");
        ObjectNode root =
                NODES.objectNode()
                        .put("url", realm != null ? "../../.." : "..")
                        .put("description", "Root mount: Emporix's own paths.");
        if (realm != null) {
            servers.add(realmMount).add(root);
        } else {
            servers.add(root).add(realmMount);
        }
        CALLS.computeIfAbsent(table, ApiDocument::calls)
                .fields()
                .forEachRemaining(part -> doc.set(part.getKey(), part.getValue()));
        return doc;
    }

    private static final ObjectNode INFO =
            NODES.objectNode()
                    .put("title", "Emporix-compatible customer authentication on Keycloak")
                    .put(
                            "version",
                            ApiDocument.class.getPackage().getImplementationVersion() != null
                                    ? ApiDocument.class.getPackage().getImplementationVersion()
                                    : "development")
                    .put(
                            "description",
                            """
                            The calls storefronts, SDKs and scripts written for Emporix make, \
                            served by Keycloak. Every call is served by two mounts with one \
                            behaviour: the root (`{keycloak}/…`, the paths Emporix uses) and the \
                            realm mount (`{keycloak}/realms/{tenant}/emporix/…`, where the realm \
                            of the path must be the tenant).

                            Parameters may come in the query string, a JSON body or a form body, \
                            whatever the method, in snake_case or camelCase (`refreshToken` or \
                            `refresh_token`); passwords and codes only in the body. The tenant may \
                            also come as `tenant`, `hybris-tenant` or the `Emporix-Tenant` header. \
                            A trailing slash is ignored.

                            Errors: a refused token is the gateway's `{"fault":…}`; everything \
                            else `{"status","type","message","details"}`. A method a path does not \
                            serve is a 405 in that shape, a path outside this document under the \
                            mounts a 404. A 500 is a fault of the server, never an answer to a \
                            request, and so is listed nowhere.\
                            """);

    private static ObjectNode calls(RouteTable table) {
        ObjectNode calls = NODES.objectNode();
        ArrayNode tags = calls.putArray("tags");
        table.routes().stream()
                .map(Route::tag)
                .distinct()
                .forEach(tag -> tags.addObject().put("name", tag));
        ObjectNode components = NODES.objectNode();
        ObjectNode schemas = components.putObject("schemas");
        RecordSchemas records = new RecordSchemas(schemas);
        ObjectNode paths = calls.putObject("paths");
        for (Route route : table.routes()) {
            ObjectNode path =
                    paths.has(route.path())
                            ? (ObjectNode) paths.get(route.path())
                            : paths.putObject(route.path());
            for (String method : route.methods()) {
                path.set(method.toLowerCase(), operation(route, method, records));
            }
        }
        schemas.set(
                "Error",
                NODES.objectNode()
                        .put("description", "The contract's two error shapes.")
                        .set(
                                "oneOf",
                                NODES.arrayNode()
                                        .add(records.ref(ErrorBody.class))
                                        .add(records.ref(GatewayFault.class))));
        schemas.set(KEYCLOAK_ERROR, keycloakError());
        schemas.set(
                REFUSED_EARLY,
                NODES.objectNode()
                        .put(
                                "description",
                                "The contract's error shape, or Keycloak's own where Keycloak"
                                        + " answers before the extension sees the request.")
                        .set(
                                "oneOf",
                                NODES.arrayNode()
                                        .add(records.ref(ErrorBody.class))
                                        .add(ref(KEYCLOAK_ERROR))));
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("anonymousToken")
                .put("type", "http")
                .put("scheme", "bearer")
                .put(
                        "description",
                        "The `access_token` of an anonymous token of the tenant"
                                + " (`/customerlogin/auth/anonymous/login`).");
        security.putObject("customerToken")
                .put("type", "http")
                .put("scheme", "bearer")
                .put(
                        "description",
                        "A customer `access_token` that Keycloak issued to one of the tenant's"
                                + " storefront clients (login, refresh).");
        security.putObject("serviceToken")
                .put("type", "http")
                .put("scheme", "bearer")
                .put(
                        "description",
                        "A service access token of the tenant (`/oauth/token`) whose client has the"
                                + " client scope the call names.");
        security.putObject("employeeToken")
                .put("type", "http")
                .put("scheme", "bearer")
                .put(
                        "description",
                        "An access token Keycloak issued to a staff member of the tenant (a user of"
                                + " its realm) through a client that is no storefront client,"
                                + " carrying the client scope the call names.");
        security.putObject("clientCredentials")
                .put("type", "http")
                .put("scheme", "basic")
                .put(
                        "description",
                        "A confidential client's id and secret; they may come as parameters"
                                + " instead.");
        calls.set("components", components);
        return calls;
    }

    private static ObjectNode operation(Route operation, String method, RecordSchemas records) {
        ObjectNode op = NODES.objectNode();
        op.putArray("tags").add(operation.tag());
        op.put("summary", operation.summary());
        op.put("operationId", operationId(method, operation.path()));
        if (!operation.description().isEmpty()) {
            op.put("description", operation.description());
        }
        ArrayNode security = op.putArray("security");
        switch (operation.access()) {
            case ANONYMOUS -> security.addObject().putArray("anonymousToken");
            case CUSTOMER -> security.addObject().putArray("customerToken");
            case ANONYMOUS_OR_CUSTOMER -> {
                security.addObject().putArray("customerToken");
                security.addObject().putArray("anonymousToken");
            }
            case ANONYMOUS_TOKEN_OR_PARAMETER -> {
                security.addObject().putArray("anonymousToken");
                // Or as the anonymous_token parameter (real clients send it in the query).
                security.addObject();
            }
            case ANY_TOKEN_OR_NONE -> {
                security.addObject().putArray("anonymousToken");
                security.addObject().putArray("customerToken");
                security.addObject();
            }
            case CLIENT -> {
                security.addObject().putArray("clientCredentials");
                security.addObject();
            }
            case SERVICE -> security.addObject().putArray("serviceToken");
            case EMPLOYEE -> security.addObject().putArray("employeeToken");
            case ANYONE -> security.addObject();
        }
        ArrayNode parameters = op.putArray("parameters");
        for (Route.Field field : operation.pathFields()) {
            ObjectNode schema =
                    parameters
                            .addObject()
                            .put("name", field.name())
                            .put("in", "path")
                            .put("required", true)
                            .put("description", field.description())
                            .putObject("schema")
                            .put("type", "string");
            if (field.pattern() != null) {
                schema.put("pattern", field.pattern());
            }
        }
        boolean hasBody = !method.equals("GET");
        for (Route.Field field : operation.fields()) {
            if (field.secret()) {
                continue;
            }
            List<String> spellings = spellings(field);
            for (String spelling : spellings) {
                boolean primary = spelling.equals(field.name());
                // Where a body may carry it, or another spelling, a parameter is not required in
                // the query string.
                String description =
                        primary
                                ? (field.required() ? "Required (in the query or the body). " : "")
                                        + field.description()
                                        + (spellings.size() > 1
                                                ? " Also spelled "
                                                        + others(spellings, spelling)
                                                        + "."
                                                : "")
                                : "Another spelling of `" + field.name() + "`.";
                parameters
                        .addObject()
                        .put("name", spelling)
                        .put("in", "query")
                        .put("required", !hasBody && field.required() && spellings.size() == 1)
                        .put("description", description)
                        .putObject("schema")
                        .put("type", field.flag() ? "boolean" : "string");
            }
        }
        if (hasBody && (operation.jsonBody() != null || !operation.fields().isEmpty())) {
            ObjectNode content = op.putObject("requestBody").putObject("content");
            ObjectNode schema =
                    operation.jsonBody() != null
                            ? JSON.valueToTree(operation.jsonBody())
                            : flatBody(operation.fields());
            content.putObject("application/json").set("schema", schema);
            if (operation.jsonBody() == null) {
                content.putObject("application/x-www-form-urlencoded")
                        .set("schema", schema.deepCopy());
            }
        }
        ObjectNode responses = op.putObject("responses");
        Map<Integer, Object> answers = new TreeMap<>(operation.responses());
        for (int status : EVERY_CALL_REFUSES) {
            answers.putIfAbsent(status, Route.ERROR);
        }
        if (hasBody) {
            for (int status : EVERY_BODY_REFUSES) {
                answers.putIfAbsent(status, Route.ERROR);
            }
        }
        // Keycloak's HTTP server refuses an oversized request line or headers itself, with no body.
        answers.put(414, null);
        answers.put(431, null);
        for (Map.Entry<Integer, Object> answer : answers.entrySet()) {
            responses.set(
                    Integer.toString(answer.getKey()),
                    response(answer.getKey(), answer.getValue(), records));
        }
        return op;
    }

    /**
     * The flat body of a call's fields, each under every spelling the request layer reads. A field
     * that may come in the query string too is required of neither; a secret (body only) is
     * required of the body, under one of its spellings.
     */
    private static ObjectNode flatBody(List<Route.Field> fields) {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        List<String> required = new ArrayList<>();
        ArrayNode oneSpellingOf = NODES.arrayNode();
        for (Route.Field field : fields) {
            List<String> spellings = spellings(field);
            for (String spelling : spellings) {
                ObjectNode property = properties.putObject(spelling);
                if (field.flag()) {
                    // A JSON boolean, or the text a form carries.
                    property.putArray("type").add("boolean").add("string");
                } else {
                    property.put("type", "string");
                }
                property.put(
                        "description",
                        spelling.equals(field.name())
                                ? field.description()
                                : "Another spelling of `" + field.name() + "`.");
            }
            if (!field.required() || !field.secret()) {
                // Required, but in the query or the body: neither alone must carry it (its
                // description says it is required).
                continue;
            }
            if (spellings.size() == 1) {
                required.add(field.name());
            } else {
                ObjectNode anyOf = NODES.objectNode();
                ArrayNode options = anyOf.putArray("anyOf");
                spellings.forEach(
                        spelling -> options.addObject().putArray("required").add(spelling));
                oneSpellingOf.add(anyOf);
            }
        }
        if (!required.isEmpty()) {
            ArrayNode names = schema.putArray("required");
            required.forEach(names::add);
        }
        if (!oneSpellingOf.isEmpty()) {
            schema.set("allOf", oneSpellingOf);
        }
        return schema;
    }

    /** The spellings the request layer reads for {@code field}, its own name first. */
    private static List<String> spellings(Route.Field field) {
        List<String> spellings = new ArrayList<>();
        spellings.add(field.name());
        Parameter.named(field.name()).spellings().stream()
                .filter(s -> !s.equals(field.name()))
                .sorted()
                .forEach(spellings::add);
        return spellings;
    }

    private static String others(List<String> spellings, String but) {
        return String.join(
                ", ",
                spellings.stream().filter(s -> !s.equals(but)).map(s -> "`" + s + "`").toList());
    }

    private static ObjectNode response(int status, Object body, RecordSchemas records) {
        ObjectNode response = NODES.objectNode().put("description", reason(status));
        ObjectNode schema;
        if (body == null) {
            return response;
        } else if (body == Route.ERROR) {
            // A refused token is the gateway's shape; every other refusal the standard one, except
            // that Keycloak
            // answers a 400, 404 or 415 itself before the extension runs (see keycloakError).
            schema =
                    switch (status) {
                        case 401 -> ref("Error");
                        case 400, 404, 415 -> ref(REFUSED_EARLY);
                        default -> records.ref(ErrorBody.class);
                    };
        } else if (body instanceof Class<?> record) {
            schema = records.ref(record);
        } else if (body instanceof Route.ListOf list) {
            schema = NODES.objectNode().put("type", "array");
            schema.set("items", records.ref(list.item()));
        } else if (body instanceof Route.OneOf oneOf) {
            ArrayNode options = NODES.arrayNode();
            for (Class<?> option : oneOf.options()) {
                options.add(records.ref(option));
            }
            schema = NODES.objectNode();
            schema.set("oneOf", options);
        } else {
            throw new IllegalArgumentException("Unknown body " + body);
        }
        response.putObject("content").putObject("application/json").set("schema", schema);
        return response;
    }

    private static ObjectNode ref(String schema) {
        return NODES.objectNode().put("$ref", "#/components/schemas/" + schema);
    }

    /**
     * Keycloak answers some requests before any extension code runs, in its own shape: a
     * realm-mount path whose realm does not exist (404 {@code Realm does not exist}), a path or
     * query parameter its HTTP layer blocks (400), a body type no endpoint takes, such as multipart
     * (415).
     */
    private static ObjectNode keycloakError() {
        ObjectNode schema =
                NODES.objectNode()
                        .put("type", "object")
                        .put(
                                "description",
                                "Keycloak's own refusal, before the extension sees the request: an"
                                    + " unknown realm in the realm mount's path (404), a path or"
                                    + " query parameter Keycloak blocks (400), a body type no"
                                    + " endpoint takes (415).");
        ObjectNode properties = schema.putObject("properties");
        properties
                .putObject("error")
                .put("type", "string")
                .put("description", "What Keycloak refused.");
        properties.putObject("error_description").put("type", "string");
        schema.putArray("required").add("error");
        schema.put("additionalProperties", false);
        return schema;
    }

    private static String operationId(String method, String path) {
        StringBuilder id = new StringBuilder(method.toLowerCase());
        for (String part : path.split("[/{}_.-]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 207 -> "Multi-status: one entry per item, each with its own code.";
            case 204 -> "No content";
            case 400 -> "The request is incomplete or invalid (the details name the fields).";
            case 401 -> "The token, credentials or password were refused.";
            case 403 ->
                    "Not allowed here (a disabled realm or switch, HTTPS required, an origin not"
                            + " allowed, a legal entity of someone else).";
            case 404 -> "No such tenant (or thing of the customer's).";
            case 409 -> "Conflicts with what exists (a taken e-mail address).";
            case 413 -> "The body is too large.";
            case 415 -> "The body is neither JSON nor a form.";
            case 414 -> "The URL is too long: Keycloak's HTTP server refuses it, with no body.";
            case 431 ->
                    "The headers are too large: Keycloak's HTTP server refuses them, with no body.";
            case 503 -> "The tenant is not set up for this (the health report says why).";
            default -> "Status " + status;
        };
    }
}
