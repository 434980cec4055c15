package dev.kcemporix.auth.tenant;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Emporix scope string of a token: the Emporix-named scopes among the token's scopes ({@code
 * {service}.{resource}_{action}}, e.g. {@code customer.customer_read_own}), then {@code tenant=T}.
 * OIDC housekeeping scopes ({@code openid}, {@code profile}, {@code email}, {@code basic}, {@code
 * roles}, {@code web-origins}, {@code acr}, {@code organization}, ...) carry no dot and are left
 * out.
 */
public final class EmporixScopes {

    private static final Pattern EMPORIX_SCOPE =
            Pattern.compile(
                    "[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*_[a-z0-9_]+", Pattern.CASE_INSENSITIVE);

    private EmporixScopes() {}

    public static boolean isCustomerScope(String name) {
        return EMPORIX_SCOPE.matcher(name).matches();
    }

    public static String of(String tokenScope, String tenant) {
        Stream<String> scopes =
                tokenScope == null
                        ? Stream.empty()
                        : Arrays.stream(tokenScope.trim().split("\\s+"));
        return Stream.concat(
                        scopes.filter(EmporixScopes::isCustomerScope).distinct(),
                        Stream.of("tenant=" + tenant))
                .collect(Collectors.joining(" "));
    }
}
