package dev.kcemporix.auth.social;

import static dev.kcemporix.auth.api.answer.Answers.json;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.login.Callers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.models.ClientModel;

/**
 * {@code /customer/{tenant}/socialLogin} and {@code /customer/{tenant}/exchangeauthtoken}
 * (docs/endpoints.md, *Social login and token exchange*), on either mount. Both act for the
 * storefront client an anonymous token names and start a customer session like a password login's.
 */
public class SocialResource {

    static final Parameter CODE = Parameter.named("code");
    static final Parameter REDIRECT_URI = Parameter.named("redirect_uri");
    static final Parameter CODE_VERIFIER = Parameter.named("code_verifier");
    static final Parameter SUBJECT_TOKEN = Parameter.named("subjectAccessToken");
    static final Parameter CONFIG = Parameter.named("config");

    /** The one-time code of a customer with a device: a secret, in the body only. */
    static final Parameter OTP = Parameter.named("otp").bodyOnly();

    static final String TAG = "Social login and token exchange";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private SocialResource() {}

    /** {@code socialLogin} and {@code exchangeauthtoken} below {@code /customer/{tenant}}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "POST",
                                "/customer/{tenant}/socialLogin",
                                TAG,
                                "Log in with the code of a login through an identity provider")
                        .describe(
                                "The storefront sent the shopper to Keycloak's authorization"
                                    + " endpoint for its storefront client (PKCE S256,"
                                    + " `kc_idp_hint` = the provider's alias); Keycloak brokered"
                                    + " the login and sent a code to the storefront's page, which"
                                    + " posts it here. The code is redeemed by Keycloak's"
                                    + " `authorization_code` grant: a used, expired, forged or"
                                    + " foreign code, a wrong `code_verifier` or `redirect_uri` is"
                                    + " a 400 `invalid_grant`. A customer with a one-time-code"
                                    + " device whose brokered login asked for no code gets 401"
                                    + " `otp_required`; the same call with `otp` in a JSON body"
                                    + " then completes the login (within 5 minutes).")
                        .inPath("tenant", TENANT)
                        .required("code", "The authorization code the storefront's page received.")
                        .optional(
                                "redirect_uri",
                                "The `redirect_uri` of the authorization request; left out: the"
                                        + " storefront client's one redirect URI.")
                        .optional(
                                "code_verifier", "The PKCE verifier of the authorization request.")
                        .optional(
                                "anonymous_token",
                                "The anonymous token, where the `Authorization` header does not"
                                        + " carry it.")
                        .optional(
                                "state",
                                "Accepted and ignored (the storefront checks its own `state`).")
                        .secret(
                                "otp",
                                false,
                                "A current one-time code, for a customer with a device (after a 401"
                                        + " `otp_required`).")
                        .answers(200, SocialLoginResponse.class)
                        .refuses(401)
                        .handledBy(
                                Callers.VISITOR_HEADER_OR_PARAMETER, SocialResource::socialLogin),
                Route.of(
                                "POST",
                                "/customer/{tenant}/exchangeauthtoken",
                                TAG,
                                "A customer session for a token of an identity provider")
                        .describe(
                                "The JWT must be valid for the identity provider `config` names"
                                    + " (signature by its keys, issuer, expiry, issued to its"
                                    + " client), else 401. The customer is the one linked to the"
                                    + " token's subject; else (tenant setting) the one whose"
                                    + " verified e-mail it is; else a new customer, unless the"
                                    + " tenant turned that off: 404. An e-mail taken by a customer"
                                    + " not linked to the identity: 409. One token exchanges once."
                                    + " A customer with a one-time-code device gets 401"
                                    + " `otp_required`; the same call with `otp` in a JSON body"
                                    + " completes it.")
                        .inPath("tenant", TENANT)
                        .required(
                                "subjectAccessToken",
                                "The provider's JWT (an ID token or a JWT access token).")
                        .optional(
                                "config",
                                "The alias of the identity provider; left out: the tenant's"
                                        + " default, else the realm's only one.")
                        .optional(
                                "anonymous_token",
                                "The anonymous token, where the `Authorization` header does not"
                                        + " carry it.")
                        .secret(
                                "otp",
                                false,
                                "A current one-time code, for a customer with a device (after a 401"
                                        + " `otp_required`).")
                        .answers(200, TokenExchangeResponse.class)
                        .refuses(401, 409)
                        .handledBy(Callers.VISITOR_HEADER_OR_PARAMETER, SocialResource::exchange));
    }

    private static Response socialLogin(EmporixRequest request, AnonymousAccessToken anonymous) {
        ClientModel client = request.client();
        String code = request.required(CODE);
        return json(
                new SocialLogin(request.session(), request.realm())
                        .redeem(
                                anonymous,
                                client,
                                code,
                                request.optional(REDIRECT_URI),
                                request.optional(CODE_VERIFIER),
                                request.optional(OTP)));
    }

    private static Response exchange(EmporixRequest request, AnonymousAccessToken anonymous) {
        ClientModel client = request.client();
        String subjectToken = request.required(SUBJECT_TOKEN);
        return json(
                new TokenExchange(request.session(), request.realm())
                        .exchange(
                                anonymous,
                                client,
                                subjectToken,
                                request.optional(CONFIG),
                                request.optional(OTP)));
    }
}
