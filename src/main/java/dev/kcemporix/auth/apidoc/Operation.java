package dev.kcemporix.auth.apidoc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of the document as the table in {@link ApiOperations} declares it: path, methods, who
 * may call it, its parameters and what it answers. {@link ApiDocument} turns it into OpenAPI.
 */
final class Operation {

    /**
     * Who may call: nobody in particular, a visitor's anonymous token (in the header, or also as the
     * {@code anonymous_token} parameter), a customer token, either token,
     * either token or none (the refresh token is the credential), a client's credentials, a service token.
     */
    enum Caller { ANYONE, ANONYMOUS, ANONYMOUS_TOKEN_OR_PARAMETER, CUSTOMER, ANONYMOUS_OR_CUSTOMER, ANY_TOKEN_OR_NONE, CLIENT, SERVICE }

    /**
     * A parameter (a string as clients send it, or a {@code flag}: {@code true}/{@code false}, also a
     * JSON boolean): where it may come from is the operation's business (query for GET, query or body
     * otherwise).
     */
    record Field(String name, boolean required, boolean secret, String description, String pattern, boolean flag) {
    }

    /** A body that is a JSON array of {@code item} records. */
    record ListOf(Class<?> item) {
    }

    /** A body that is one of several records. */
    record OneOf(Class<?>... options) {
    }

    final String path;
    final List<String> methods;
    final String tag;
    final String summary;
    Caller caller = Caller.ANYONE;
    String description = "";
    final List<Field> pathFields = new ArrayList<>();
    final List<Field> fields = new ArrayList<>();
    /** A JSON body that is more than flat fields (sign-up, a profile change); null: the flat fields. */
    Map<String, Object> jsonBody;
    final Map<Integer, Object> responses = new LinkedHashMap<>();

    private Operation(String path, List<String> methods, String tag, String summary) {
        this.path = path;
        this.methods = methods;
        this.tag = tag;
        this.summary = summary;
    }

    static Operation of(String methods, String path, String tag, String summary) {
        return new Operation(path, List.of(methods.split(",")), tag, summary);
    }

    Operation caller(Caller caller) {
        this.caller = caller;
        return this;
    }

    Operation describe(String text) {
        this.description = text;
        return this;
    }

    Operation inPath(String name, String description) {
        return inPath(name, description, null);
    }

    /** A path segment the endpoint serves only when it matches {@code pattern}; any other is a 404. */
    Operation inPath(String name, String description, java.util.regex.Pattern pattern) {
        pathFields.add(new Field(name, true, false, description, pattern == null ? null : "^" + pattern.pattern() + "$", false));
        return this;
    }

    Operation required(String name, String description) {
        fields.add(new Field(name, true, false, description, null, false));
        return this;
    }

    Operation optional(String name, String description) {
        fields.add(new Field(name, false, false, description, null, false));
        return this;
    }

    /** An optional {@code true}/{@code false} (clients send a JSON boolean, or the text). */
    Operation flag(String name, String description) {
        fields.add(new Field(name, false, false, description, null, true));
        return this;
    }

    /** A password or code: in the body only, never in the query string (which ends up in logs). */
    Operation secret(String name, boolean required, String description) {
        fields.add(new Field(name, required, true, description, null, false));
        return this;
    }

    Operation jsonBody(Map<String, Object> schema) {
        this.jsonBody = schema;
        return this;
    }

    /** A success or refusal and its body: a record class, a {@link ListOf} or {@link OneOf}, or null for none. */
    Operation answers(int status, Object body) {
        responses.put(status, body);
        return this;
    }

    Operation refuses(int... statuses) {
        for (int status : statuses) {
            responses.put(status, ApiDocument.ERROR);
        }
        return this;
    }
}
