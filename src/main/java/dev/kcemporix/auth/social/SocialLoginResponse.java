package dev.kcemporix.auth.social;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;

/** The body of {@code socialLogin}: Emporix's shape, lifetimes as strings as Emporix sends them. */
@Described(
        "A customer's tokens after a login through an identity provider. `expires_in` and"
                + " `refresh_token_expires_in` are strings, as Emporix sends them here.")
@JsonPropertyOrder({
    "access_token",
    "saas_token",
    "refresh_token",
    "refresh_token_expires_in",
    "session_idle_time",
    "token_type",
    "expires_in",
    "scope",
    "social_access_token",
    "social_id_token"
})
public record SocialLoginResponse(
        @Described("The customer access token (a bearer token).") @JsonProperty("access_token")
                String accessToken,
        @Described("A JWT naming the customer number (`sub`), signed with the realm's key.")
                @JsonProperty("saas_token")
                String saasToken,
        @Described("The refresh token, for `refreshauthtoken`.") @JsonProperty("refresh_token")
                String refreshToken,
        @Described("Seconds until the refresh token expires, as a string.")
                @JsonProperty("refresh_token_expires_in")
                String refreshTokenExpiresIn,
        @Described("Seconds the session may stay idle before it ends.")
                @JsonProperty("session_idle_time")
                long sessionIdleTime,
        @Described("Always `Bearer`.") @JsonProperty("token_type") String tokenType,
        @Described("Seconds until the access token expires, as a string.")
                @JsonProperty("expires_in")
                String expiresIn,
        @Described("The token's customer scopes, space separated, ending with `tenant=T`.")
                @JsonProperty("scope")
                String scope,
        @Described(
                        "The identity provider's access token, when the provider is set to store"
                                + " tokens.")
                @JsonProperty("social_access_token")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String socialAccessToken,
        @Described(
                        "The identity provider's ID token, when the provider is set to store tokens"
                                + " and sent one.")
                @JsonProperty("social_id_token")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String socialIdToken) {}
