package dev.kcemporix.auth.passkeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcemporix.auth.api.answer.Described;
import java.util.List;

/**
 * The start of adding a passkey: WebAuthn Level 3's {@code PublicKeyCredentialCreationOptionsJSON},
 * which a storefront hands to {@code PublicKeyCredential.parseCreationOptionsFromJSON}.
 */
@Described("The options of a passkey registration, and the ceremony they belong to.")
public record RegistrationOptions(
        @Described("What `POST /me/passkeys` takes back with the new credential.")
                String ceremonyId,
        @Described("WebAuthn's `PublicKeyCredentialCreationOptionsJSON`.") PublicKey publicKey) {

    @Described(
            "WebAuthn's `PublicKeyCredentialCreationOptionsJSON`, from the realm's passwordless"
                    + " policy.")
    public record PublicKey(
            @Described("The relying party (the policy's).") RelyingParty rp,
            @Described(
                            "The customer; `id` is the user handle, the Keycloak user id's UTF-8"
                                    + " bytes in base64url.")
                    User user,
            @Described("The challenge, base64url.") String challenge,
            @Described("The policy's signature algorithms.")
                    List<CredentialParameter> pubKeyCredParams,
            @Described("How long the ceremony lasts, in milliseconds.") long timeout,
            @Described("The customer's passkeys already registered.")
                    List<CredentialDescriptor> excludeCredentials,
            @Described("A discoverable credential, the policy's user verification and attachment.")
                    AuthenticatorSelection authenticatorSelection,
            @Described("The policy's attestation conveyance preference.") String attestation) {}

    @Described("A relying party.")
    public record RelyingParty(
            @Described("Its id (a host name).") String id, @Described("Its name.") String name) {}

    @Described("The customer as the authenticator names them.")
    public record User(
            @Described("The user handle: the Keycloak user id's UTF-8 bytes, base64url.") String id,
            @Described("The customer's login name.") String name,
            @Described("The customer's name or e-mail.") String displayName) {}

    @Described("An algorithm the relying party accepts.")
    public record CredentialParameter(
            @Described("Always `public-key`.") String type,
            @Described("A COSE algorithm identifier.") long alg) {}

    @Described("A credential, by id.")
    public record CredentialDescriptor(
            @Described("Always `public-key`.") String type,
            @Described("The credential id, base64url.") String id) {}

    @Described("What the authenticator must be.")
    public record AuthenticatorSelection(
            @Described("Always `required`: a passkey is found without an address.")
                    String residentKey,
            @Described("Always true (for older browsers).") boolean requireResidentKey,
            @Described("`required`, `preferred` or `discouraged`.") String userVerification,
            @Described("`platform` or `cross-platform`; absent: either.")
                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    String authenticatorAttachment) {}
}
