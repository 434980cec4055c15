package dev.kcemporix.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessTokenResponse;

/**
 * The login and refresh bodies as a client reads them: serialized by Jackson, in the contract's
 * order.
 */
class CustomerTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asSent(CustomerTokenResponse body)
            throws JsonProcessingException {
        return JSON.readValue(JSON.writeValueAsString(body), java.util.LinkedHashMap.class);
    }

    private static AccessTokenResponse tokens() {
        AccessTokenResponse t = new AccessTokenResponse();
        t.setToken("AT");
        t.setRefreshToken("RT");
        t.setExpiresIn(300);
        t.setRefreshExpiresIn(1800);
        t.setTokenType("Bearer");
        return t;
    }

    @Test
    void loginHasEveryContractFieldThenTheTwins() throws JsonProcessingException {
        Map<String, Object> body =
                asSent(CustomerTokenResponse.login(tokens(), "ST", "sid-1", false));
        assertEquals(
                List.of(
                        "access_token",
                        "saas_token",
                        "expires_in",
                        "refresh_token",
                        "refresh_token_expires_in",
                        "token_type",
                        "session_id",
                        "initialPassword",
                        "accessToken",
                        "saasToken",
                        "expiresIn",
                        "refreshToken",
                        "refreshTokenExpiresIn"),
                List.copyOf(body.keySet()));
        assertEquals("AT", body.get("accessToken"));
        assertEquals("ST", body.get("saasToken"));
        assertEquals(300L, ((Number) body.get("expiresIn")).longValue());
        assertEquals(1800L, ((Number) body.get("refreshTokenExpiresIn")).longValue());
        assertEquals(false, body.get("initialPassword"));
        assertEquals("sid-1", body.get("session_id"));
    }

    @Test
    void refreshHasNoSaasTokenNorInitialPassword() throws JsonProcessingException {
        Map<String, Object> body = asSent(CustomerTokenResponse.refresh(tokens(), "sid-1", null));
        assertFalse(body.containsKey("saas_token"));
        assertFalse(body.containsKey("saasToken"));
        assertFalse(body.containsKey("initialPassword"));
        assertEquals("RT", body.get("refreshToken"));
        assertEquals("Bearer", body.get("token_type"));
    }
}
