package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of a successful anonymous login or refresh, field for field as the contract has it. */
@JsonPropertyOrder({"token_type", "access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "sessionId", "scope"})
public record AnonymousTokenResponse(
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("expires_in") int expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("refresh_token_expires_in") int refreshTokenExpiresIn,
        @JsonProperty("sessionId") String sessionId,
        @JsonProperty("scope") String scope) {
}
