package dev.kcemporix.auth.login;

import dev.kcemporix.auth.api.EmporixRequest;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The customer a request's customer token ("cust" in the contract) names, for the endpoints that
 * need one.
 */
public final class CustomerAuthentication {

    private CustomerAuthentication() {}

    /**
     * The customer behind the request's bearer token, checked by {@link
     * CustomerTokenCheck#authenticate}; the token's storefront client becomes the request's client
     * (its web origins answer CORS).
     */
    public static AuthResult of(EmporixRequest request) {
        AuthResult auth =
                new CustomerTokenCheck(request.session(), request.realm())
                        .authenticate(request.bearerToken());
        request.client(auth.client());
        return auth;
    }
}
