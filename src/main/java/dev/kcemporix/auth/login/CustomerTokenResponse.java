package dev.kcemporix.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;
import org.keycloak.representations.AccessTokenResponse;

/**
 * The body of a customer login, an opt-in and a refresh: Keycloak's tokens under the contract's
 * names, then the deprecated camelCase twins that live clients still read (same values).
 */
@Described(
        "A customer's tokens. `access_token` and `refresh_token` are Keycloak's own tokens: treat"
                + " them as opaque strings.")
@JsonPropertyOrder({
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
    "refreshTokenExpiresIn"
})
public record CustomerTokenResponse(
        @Described("The customer access token (a bearer token).") @JsonProperty("access_token")
                String accessToken,
        @Described(
                        "A JWT naming the customer number (`sub`), signed with the realm's key:"
                            + " verify it with the realm's JWKS. Sent at login, and at a refresh"
                            + " that chose a legal entity.")
                @JsonProperty("saas_token")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String saasToken,
        @Described("Seconds until the access token expires.") @JsonProperty("expires_in")
                long expiresIn,
        @Described("The refresh token, for `refreshauthtoken`.") @JsonProperty("refresh_token")
                String refreshToken,
        @Described("Seconds until the refresh token expires.")
                @JsonProperty("refresh_token_expires_in")
                long refreshTokenExpiresIn,
        @Described("Always `Bearer`.") @JsonProperty("token_type") String tokenType,
        @Described(
                        "The visitor's session: the `sessionId` of the anonymous token the login"
                                + " used, kept by every refresh.")
                @JsonProperty("session_id")
                String sessionId,
        @Described(
                        "`true` when the customer logged in with a temporary password an employee"
                                + " set: send them to `password/change`. Login only.")
                @JsonProperty("initialPassword")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                Boolean initialPassword,
        @Described("Deprecated twin of `access_token`.") @JsonProperty("accessToken")
                String accessTokenTwin,
        @Described("Deprecated twin of `saas_token`.")
                @JsonProperty("saasToken")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String saasTokenTwin,
        @Described("Deprecated twin of `expires_in`.") @JsonProperty("expiresIn")
                long expiresInTwin,
        @Described("Deprecated twin of `refresh_token`.") @JsonProperty("refreshToken")
                String refreshTokenTwin,
        @Described("Deprecated twin of `refresh_token_expires_in`.")
                @JsonProperty("refreshTokenExpiresIn")
                long refreshTokenExpiresInTwin) {

    static CustomerTokenResponse login(
            AccessTokenResponse tokens,
            String saasToken,
            String sessionId,
            boolean initialPassword) {
        return of(tokens, saasToken, sessionId, initialPassword);
    }

    /**
     * A refresh: no saas token, unless the refresh chose a legal entity ({@code saasToken} then
     * names it).
     */
    static CustomerTokenResponse refresh(
            AccessTokenResponse tokens, String sessionId, String saasToken) {
        return of(tokens, saasToken, sessionId, null);
    }

    private static CustomerTokenResponse of(
            AccessTokenResponse tokens,
            String saasToken,
            String sessionId,
            Boolean initialPassword) {
        return new CustomerTokenResponse(
                tokens.getToken(),
                saasToken,
                tokens.getExpiresIn(),
                tokens.getRefreshToken(),
                tokens.getRefreshExpiresIn(),
                "Bearer",
                sessionId,
                initialPassword,
                tokens.getToken(),
                saasToken,
                tokens.getExpiresIn(),
                tokens.getRefreshToken(),
                tokens.getRefreshExpiresIn());
    }
}
