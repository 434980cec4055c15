package dev.kcemporix.auth.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.TokenCategory;
import org.keycloak.representations.JsonWebToken;

/**
 * The {@code saas_token} shops forward as a {@code saas-token} header: {@code sub} is the customer
 * number. Signed with the realm's active key, so the realm's JWKS verifies it; it has no
 * {@code typ}, so Keycloak never accepts it as an access token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SaasToken extends JsonWebToken {

    @JsonProperty("email")
    protected String email;

    @JsonProperty("tenant")
    protected String tenant;

    @JsonProperty("legalEntityId")
    protected String legalEntityId;

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.ACCESS;
    }
}
