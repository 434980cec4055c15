package dev.kcemporix.auth.assisted;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;

/** The body of Emporix's {@code assisted-buying-login}: camelCase only, as Emporix answers it. */
@Described(
        "The customer's tokens for a session a staff member opened. The access token names the"
                + " staff member (`act`); every token ends at the tenant's cap.")
@JsonPropertyOrder({
    "accessToken",
    "saasToken",
    "expiresIn",
    "refreshToken",
    "refreshTokenExpiresIn"
})
public record AssistedLoginResponse(
        @Described("The customer access token (a bearer token).") String accessToken,
        @Described("The customer's saas token, as at a login.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String saasToken,
        @Described("Seconds until the access token expires.") long expiresIn,
        @Described("The refresh token, for `refreshauthtoken`.") String refreshToken,
        @Described("Seconds until the refresh token expires, the cap included.")
                long refreshTokenExpiresIn) {}
