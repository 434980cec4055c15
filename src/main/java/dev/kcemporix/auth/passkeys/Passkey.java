package dev.kcemporix.auth.passkeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcemporix.auth.api.answer.Described;

/** One of the customer's passkeys (a Keycloak {@code webauthn-passwordless} credential). */
@Described("A passkey of the customer.")
public record Passkey(
        @Described("What `DELETE /me/passkeys/{id}` takes.") String id,
        @Described("The label given when it was added.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String label,
        @Described("When it was added (ISO-8601).") @JsonInclude(JsonInclude.Include.NON_NULL)
                String createdAt,
        @Described("When it last signed a login through this API (ISO-8601).")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String lastUsedAt) {}
