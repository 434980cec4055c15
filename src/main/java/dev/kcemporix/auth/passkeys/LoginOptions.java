package dev.kcemporix.auth.passkeys;

import dev.kcemporix.auth.api.answer.Described;
import java.util.List;

/**
 * The start of a passkey login: WebAuthn Level 3's {@code PublicKeyCredentialRequestOptionsJSON}
 * for a discoverable credential (no address asked, no credential listed), which a storefront hands
 * to {@code PublicKeyCredential.parseRequestOptionsFromJSON}.
 */
@Described("The options of a passkey login, and the ceremony they belong to.")
public record LoginOptions(
        @Described("What `POST /passkey/login` takes back with the assertion.") String ceremonyId,
        @Described("WebAuthn's `PublicKeyCredentialRequestOptionsJSON`.") PublicKey publicKey) {

    @Described(
            "WebAuthn's `PublicKeyCredentialRequestOptionsJSON`, from the realm's passwordless"
                    + " policy.")
    public record PublicKey(
            @Described("The challenge, base64url.") String challenge,
            @Described("The relying party id (the policy's).") String rpId,
            @Described("How long the ceremony lasts, in milliseconds.") long timeout,
            @Described("`required`, `preferred` or `discouraged`.") String userVerification,
            @Described("Always empty: the authenticator offers the customer's passkeys itself.")
                    List<String> allowCredentials) {}
}
