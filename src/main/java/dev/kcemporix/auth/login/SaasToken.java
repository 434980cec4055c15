package dev.kcemporix.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.TokenCategory;
import org.keycloak.representations.JsonWebToken;

/**
 * The {@code saas_token} shops forward as a {@code saas-token} header: {@code sub} is the customer
 * number. Signed with the realm's active key (its ES256 key where the tenant's setting says so), so
 * the realm's JWKS verifies it. Keycloak never takes it for one of its own access tokens: its
 * {@code typ} is {@value #TYPE} (refused wherever Keycloak checks the type: userinfo, account,
 * admin) and it names no client ({@code azp}), which Keycloak's introspection needs before it looks
 * any further. {@code sid} names the customer's session, so whoever checks it can tell when that
 * session has ended.
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

    @JsonProperty("sid")
    protected String sessionId;

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.ACCESS;
    }
}
