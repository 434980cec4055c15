package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.TokenCategory;

/**
 * The access token of a storefront visitor who has not logged in. Signed like the realm's access
 * tokens (so its JWKS verifies it), but with a {@code typ} of its own, so Keycloak's bearer-token
 * checks never take it for a customer token.
 */
public class AnonymousAccessToken extends AnonymousToken {

    public static final String TYPE = "Anonymous";

    @JsonProperty("scope")
    protected String scope;

    public String getScope() {
        return scope;
    }

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.ACCESS;
    }
}
