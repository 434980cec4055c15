package dev.kcemporix.auth.assisted;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;

/** A hand-off instead of tokens: the storefront redeems the code with its anonymous token. */
@Described(
        "A one-time code for the storefront, which redeems it at `assisted-buying/token` with the"
                + " visitor's anonymous token: no token travels in a URL.")
@JsonPropertyOrder({"handoffCode", "expiresIn", "storefrontUrl"})
public record HandoffResponse(
        @Described("The code: good once, for 60 seconds, for the tenant's storefront client.")
                String handoffCode,
        @Described("Seconds the code is good for: 60.") long expiresIn,
        @Described(
                        "The storefront to open (the tenant's storefront URL, per site); absent"
                                + " when the tenant has none.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String storefrontUrl) {}
