package dev.kcemporix.auth.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.TokenCategory;
import org.keycloak.representations.JsonWebToken;

/**
 * The {@code saas_token} shops forward as a {@code saas-token} header: {@code sub} is the customer
 * number. Signed with the realm's active key, so the realm's JWKS verifies it; its {@code typ}
 * is {@value #TYPE}, so Keycloak never takes it for one of its own tokens.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SaasToken extends JsonWebToken {

    public static final String TYPE = "Saas";

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
