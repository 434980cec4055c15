package dev.kcemporix.auth.login;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.anonymous.AnonymousTokenService;
import dev.kcemporix.auth.api.Caller;
import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route.Access;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The callers of the storefront's calls, as the request layer resolves them before a handler runs:
 * a visitor (an anonymous token), a customer (a customer token), either. Each makes the storefront
 * client its token names the request's client (its web origins answer CORS); a refused token is the
 * contract's 401 and reaches no handler.
 */
public final class Callers {

    /**
     * Where real clients put the anonymous token when the header does not carry it (social login,
     * the exchange).
     */
    static final Parameter ANONYMOUS_TOKEN = Parameter.named("anonymous_token");

    /** A visitor: the anonymous token of the {@code Authorization} header. */
    public static final Caller<AnonymousAccessToken> VISITOR =
            new Caller<>(Access.ANONYMOUS, request -> visitor(request, request.bearerToken()));

    /** A visitor whose anonymous token may also come as the {@code anonymous_token} parameter. */
    public static final Caller<AnonymousAccessToken> VISITOR_HEADER_OR_PARAMETER =
            new Caller<>(
                    Access.ANONYMOUS_TOKEN_OR_PARAMETER,
                    request ->
                            visitor(
                                    request,
                                    request.bearerToken() != null
                                            ? request.bearerToken()
                                            : request.optional(ANONYMOUS_TOKEN)));

    /**
     * A customer: the customer token of the {@code Authorization} header ({@link
     * CustomerAuthentication}).
     */
    public static final Caller<AuthResult> CUSTOMER =
            new Caller<>(Access.CUSTOMER, CustomerAuthentication::of);

    /** A shopper: a customer by their token, or a visitor by an anonymous one. */
    public static final Caller<Shopper> SHOPPER =
            new Caller<>(
                    Access.ANONYMOUS_OR_CUSTOMER,
                    request -> {
                        String token = request.bearerToken();
                        return token != null && AnonymousTokenService.looksAnonymous(token)
                                ? new Shopper(visitor(request, token), null)
                                : new Shopper(null, CustomerAuthentication.of(request));
                    });

    /** A visitor or a customer: exactly one of the two is set. */
    public record Shopper(AnonymousAccessToken visitor, AuthResult customer) {}

    private Callers() {}

    private static AnonymousAccessToken visitor(EmporixRequest request, String token) {
        AnonymousAccessToken anonymous =
                new AnonymousTokenService(request.session(), request.realm())
                        .verifyAccessToken(token);
        request.client(request.realm().getClientByClientId(anonymous.getClientId()));
        return anonymous;
    }
}
