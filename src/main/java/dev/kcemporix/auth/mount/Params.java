package dev.kcemporix.auth.mount;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.kcemporix.auth.error.EmporixException;

/** Reading request parameters the way Emporix clients send them: legacy aliases, first value wins. */
public final class Params {

    private final MultivaluedMap<String, String> values;

    public Params(MultivaluedMap<String, String> values) {
        this.values = values;
    }

    /**
     * The value of the first of {@code names} (a name and its legacy aliases) that is given and not
     * empty, or null. A name given twice is a 400: which one counts would be a guess, and
     * parameter pollution lives off such guesses.
     */
    public String optional(String... names) {
        for (String name : names) {
            List<String> given = values.get(name);
            if (given == null || given.isEmpty()) {
                continue;
            }
            if (given.size() > 1) {
                throw EmporixException.badRequest("Duplicated parameter " + name,
                        new EmporixException.Detail(name, "duplicated", name + " must be given once"));
            }
            String value = given.get(0);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** Like {@link #optional} but a 400 naming {@code names[0]} when none is given. */
    public String required(String... names) {
        String value = optional(names);
        if (value == null) {
            throw missing(names[0]);
        }
        return value;
    }

    public static EmporixException missing(String field) {
        return EmporixException.badRequest("Missing required parameter " + field,
                new EmporixException.Detail(field, "required", field + " is required"));
    }
}
