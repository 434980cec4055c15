package dev.kcemporix.auth.social;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;

/** The body of {@code exchangeauthtoken}. */
@Described("A customer's tokens for a token of an identity provider.")
@JsonPropertyOrder({
    "subject_access_token",
    "access_token",
    "saas_token",
    "refresh_token",
    "refresh_token_expires_in",
    "session_idle_time",
    "token_type",
    "expires_in",
    "scope",
    "session_id"
})
public record TokenExchangeResponse(
        @Described("The provider's token that was exchanged, as sent.")
                @JsonProperty("subject_access_token")
                String subjectAccessToken,
        @Described("The customer access token (a bearer token).") @JsonProperty("access_token")
                String accessToken,
        @Described("A JWT naming the customer number (`sub`), signed with the realm's key.")
                @JsonProperty("saas_token")
                String saasToken,
        @Described("The refresh token, for `refreshauthtoken`.") @JsonProperty("refresh_token")
                String refreshToken,
        @Described("Seconds until the refresh token expires.")
                @JsonProperty("refresh_token_expires_in")
                long refreshTokenExpiresIn,
        @Described("Seconds the session may stay idle before it ends.")
                @JsonProperty("session_idle_time")
                long sessionIdleTime,
        @Described("Always `Bearer`.") @JsonProperty("token_type") String tokenType,
        @Described("Seconds until the access token expires.") @JsonProperty("expires_in")
                long expiresIn,
        @Described("The token's customer scopes, space separated, ending with `tenant=T`.")
                @JsonProperty("scope")
                String scope,
        @Described(
                        "The visitor's session: the `sessionId` of the anonymous token, kept by"
                                + " every refresh.")
                @JsonProperty("session_id")
                String sessionId) {}
