package dev.kcemporix.auth.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;

/**
 * The body of {@code /oauth/token}: a service access token, field for field as the contract has it.
 */
@Described("A service access token (client credentials); there is no refresh token.")
@JsonPropertyOrder({
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "refresh_token_expires_in",
    "session_idle_time",
    "scope"
})
public record ServiceTokenResponse(
        @Described("The service access token.") @JsonProperty("access_token") String accessToken,
        @Described("Always `Bearer`.") @JsonProperty("token_type") String tokenType,
        @Described("Seconds until it expires.") @JsonProperty("expires_in") long expiresIn,
        @Described("Always empty.") @JsonProperty("refresh_token") String refreshToken,
        @Described("Always 0.") @JsonProperty("refresh_token_expires_in")
                long refreshTokenExpiresIn,
        @Described("The realm's SSO session idle timeout, in seconds.")
                @JsonProperty("session_idle_time")
                long sessionIdleTime,
        @Described("The granted scopes, space separated, ending with `tenant=T`.")
                @JsonProperty("scope")
                String scope) {}
