package dev.kcemporix.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import org.keycloak.TokenCategory;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
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

    /**
     * The key an ES256 saas_token of {@code realm} is signed with: its active ES256 key of the
     * highest priority (the one Keycloak would pick), or null when it has none. Looked up here, not
     * through Keycloak's active-key lookup, which would generate a fallback key inside a customer's
     * login (one per node at once in a cluster); without a key the token takes the realm's default
     * algorithm and the health report says why.
     */
    public static KeyWrapper es256Key(KeycloakSession session, RealmModel realm) {
        return session.keys()
                .getKeysStream(realm, KeyUse.SIG, Algorithm.ES256)
                .filter(key -> key.getStatus().isActive())
                .max(Comparator.comparingLong(KeyWrapper::getProviderPriority))
                .orElse(null);
    }
}
