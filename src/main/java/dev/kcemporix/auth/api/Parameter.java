package dev.kcemporix.auth.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One request parameter as an endpoint declares it: the name the contract gives it (and errors
 * report), every spelling real clients use for it, and where it may come from. Declared once per
 * endpoint as a constant; {@link RequestParameters} does the reading.
 *
 * <p>Spellings: the name in snake_case and in camelCase ({@code refreshToken} / {@code
 * refresh_token}), plus legacy aliases ({@code hybris-tenant} for {@code tenant}).
 */
public final class Parameter {

    private final String name;
    private final Set<String> spellings;
    private final boolean inQuery;
    private final boolean bearerFallback;

    private Parameter(String name, Set<String> spellings, boolean inQuery, boolean bearerFallback) {
        this.name = name;
        this.spellings = spellings;
        this.inQuery = inQuery;
        this.bearerFallback = bearerFallback;
    }

    /**
     * A parameter called {@code name} (and its snake/camel twin), also known as {@code aliases}.
     */
    public static Parameter named(String name, String... aliases) {
        Set<String> spellings = new LinkedHashSet<>();
        for (String n : concat(name, aliases)) {
            spellings.add(n);
            spellings.add(snakeCase(n));
            spellings.add(camelCase(n));
        }
        return new Parameter(name, Set.copyOf(spellings), true, false);
    }

    /**
     * A secret (a password): read from the body only, never from the query string, which ends up in
     * logs.
     */
    public Parameter bodyOnly() {
        return new Parameter(name, spellings, false, bearerFallback);
    }

    /**
     * A token parameter that clients may leave out when the {@code Authorization: Bearer} header
     * carries it.
     */
    public Parameter orBearerToken() {
        return new Parameter(name, spellings, inQuery, true);
    }

    public String name() {
        return name;
    }

    /** Every spelling the request layer reads (the API document lists each). */
    public Set<String> spellings() {
        return spellings;
    }

    boolean inQuery() {
        return inQuery;
    }

    boolean bearerFallback() {
        return bearerFallback;
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String camelCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static List<String> concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return List.of(all);
    }

    @Override
    public String toString() {
        return name + " " + spellings;
    }
}
