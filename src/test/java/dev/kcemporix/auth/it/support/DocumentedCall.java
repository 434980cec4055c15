package dev.kcemporix.auth.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One call of an API document: its method (upper case), its path template and its OpenAPI
 * operation. The tests that walk every call of the document the server serves read it from here.
 */
public record DocumentedCall(String method, String template, JsonNode operation) {

    /** The calls of the document the server serves, in the document's order. */
    public static List<DocumentedCall> served(Server server) {
        return of(server.get(server.baseUrl() + "/emporix/openapi.json").json());
    }

    /** The calls of {@code document}, in its order. */
    public static List<DocumentedCall> of(JsonNode document) {
        List<DocumentedCall> calls = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
                    operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                calls.add(
                        new DocumentedCall(
                                operation.getKey().toUpperCase(),
                                path.getKey(),
                                operation.getValue()));
            }
        }
        return calls;
    }

    /**
     * The security scheme the call names first ({@code customerToken}, {@code anonymousToken},
     * {@code serviceToken}, ...), or "" for a call that takes no token.
     */
    public String scheme() {
        JsonNode security = operation.path("security");
        return security.isArray() && !security.isEmpty() && !security.get(0).isEmpty()
                ? security.get(0).fieldNames().next()
                : "";
    }

    /** Whether the document lists {@code status} among the call's answers. */
    public boolean documents(int status) {
        return operation.path("responses").has(Integer.toString(status));
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
