package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;

/** The body of a successful anonymous login or refresh, field for field as the contract has it. */
@JsonPropertyOrder({
    "token_type",
    "access_token",
    "expires_in",
    "refresh_token",
    "refresh_token_expires_in",
    "sessionId",
    "scope"
})
@Described("A visitor's anonymous token. It carries no customer scope; `scope` is `tenant=T`.")
public record AnonymousTokenResponse(
        @Described("Always `Bearer`.") @JsonProperty("token_type") String tokenType,
        @Described(
                        "The anonymous access token: the bearer token of login, sign-up and the"
                                + " other visitor calls.")
                @JsonProperty("access_token")
                String accessToken,
        @Described("Seconds until it expires (the realm's setting).") @JsonProperty("expires_in")
                int expiresIn,
        @Described("For `anonymous/refresh`.") @JsonProperty("refresh_token") String refreshToken,
        @Described("Seconds until the refresh token expires.")
                @JsonProperty("refresh_token_expires_in")
                int refreshTokenExpiresIn,
        @Described(
                        "The visitor's session: a customer who logs in with this token keeps it as"
                                + " `session_id`.")
                @JsonProperty("sessionId")
                String sessionId,
        @Described("`tenant=T`.") @JsonProperty("scope") String scope) {}
