package dev.kcemporix.auth.customer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.representations.AccessTokenResponse;

/**
 * Shapes Keycloak's token response into the contract's login and refresh bodies, with the
 * deprecated camelCase twins live clients still read.
 */
final class CustomerTokens {

    private CustomerTokens() {
    }

    static Map<String, Object> login(AccessTokenResponse tokens, String saasToken, String sessionId, boolean initialPassword) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.getToken());
        body.put("saas_token", saasToken);
        body.put("expires_in", tokens.getExpiresIn());
        body.put("refresh_token", tokens.getRefreshToken());
        body.put("refresh_token_expires_in", tokens.getRefreshExpiresIn());
        body.put("token_type", "Bearer");
        body.put("session_id", sessionId);
        body.put("initialPassword", initialPassword);
        body.put("accessToken", tokens.getToken());
        body.put("saasToken", saasToken);
        body.put("expiresIn", tokens.getExpiresIn());
        body.put("refreshToken", tokens.getRefreshToken());
        body.put("refreshTokenExpiresIn", tokens.getRefreshExpiresIn());
        return body;
    }

    /** A refresh that chose a legal entity also hands out a saas token naming it. */
    static void addSaasToken(Map<String, Object> body, String saasToken) {
        body.put("saas_token", saasToken);
        body.put("saasToken", saasToken);
    }

    static Map<String, Object> refresh(AccessTokenResponse tokens, String sessionId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.getToken());
        body.put("expires_in", tokens.getExpiresIn());
        body.put("refresh_token", tokens.getRefreshToken());
        body.put("refresh_token_expires_in", tokens.getRefreshExpiresIn());
        body.put("token_type", "Bearer");
        body.put("session_id", sessionId);
        body.put("accessToken", tokens.getToken());
        body.put("expiresIn", tokens.getExpiresIn());
        body.put("refreshToken", tokens.getRefreshToken());
        body.put("refreshTokenExpiresIn", tokens.getRefreshExpiresIn());
        return body;
    }
}
