package dev.kcemporix.auth.social;

import static dev.kcemporix.auth.http.Answers.json;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.ClientModel;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.anonymous.AnonymousTokenService;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.http.Parameter;

/**
 * {@code /customer/{tenant}/socialLogin} and {@code /customer/{tenant}/exchangeauthtoken} (README,
 * *Social login and token exchange*), on either mount. Both act for the storefront client an
 * anonymous token names and start a customer session like a password login's.
 */
public class SocialResource {

    static final Parameter CODE = Parameter.named("code");
    static final Parameter REDIRECT_URI = Parameter.named("redirect_uri");
    static final Parameter CODE_VERIFIER = Parameter.named("code_verifier");
    /** Where a client sends the anonymous token in the query instead of the {@code Authorization} header. */
    static final Parameter ANONYMOUS_TOKEN = Parameter.named("anonymous_token");
    static final Parameter SUBJECT_TOKEN = Parameter.named("subjectAccessToken");
    static final Parameter CONFIG = Parameter.named("config");
    /** The one-time code of a customer with a device: a secret, in the body only. */
    static final Parameter OTP = Parameter.named("otp").bodyOnly();

    private final Mount mount;
    private final String tenant;

    public SocialResource(Mount mount, String tenant) {
        this.mount = mount;
        this.tenant = tenant;
    }

    public Endpoint route(String path) {
        return switch (path) {
            case "socialLogin" -> Endpoint.of(mount, tenant, Endpoint.POST, this::socialLogin);
            case "exchangeauthtoken" -> Endpoint.of(mount, tenant, Endpoint.POST, this::exchange);
            default -> Endpoint.none(mount);
        };
    }

    private Response socialLogin(EmporixRequest request) {
        AnonymousAccessToken anonymous = anonymous(request);
        ClientModel client = request.client(request.realm().getClientByClientId(anonymous.getClientId()));
        String code = request.required(CODE);
        return json(new SocialLogin(request.session(), request.realm())
                .redeem(anonymous, client, code, request.optional(REDIRECT_URI), request.optional(CODE_VERIFIER), request.optional(OTP)));
    }

    private Response exchange(EmporixRequest request) {
        AnonymousAccessToken anonymous = anonymous(request);
        ClientModel client = request.client(request.realm().getClientByClientId(anonymous.getClientId()));
        String subjectToken = request.required(SUBJECT_TOKEN);
        return json(new TokenExchange(request.session(), request.realm()).exchange(anonymous, client, subjectToken, request.optional(CONFIG),
                request.optional(OTP)));
    }

    private static AnonymousAccessToken anonymous(EmporixRequest request) {
        String token = request.bearerToken();
        if (token == null) {
            token = request.optional(ANONYMOUS_TOKEN);
        }
        return new AnonymousTokenService(request.session(), request.realm()).verifyAccessToken(token);
    }

}
