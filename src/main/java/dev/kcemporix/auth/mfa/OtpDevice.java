package dev.kcemporix.auth.mfa;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcemporix.auth.api.answer.Described;

/** One of the customer's one-time-code devices (a Keycloak OTP credential); never its secret. */
@Described("A one-time-code device of the customer.")
public record OtpDevice(
        @Described("What `DELETE /me/mfa/{id}` takes.") String id,
        @Described("Always `otp`.") String type,
        @Described("The label given at `confirm`.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String label,
        @Described("When it was added (ISO-8601).") @JsonInclude(JsonInclude.Include.NON_NULL)
                String createdDate) {}
