package dev.kcemporix.auth.keycloak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * A short digest of a customer's stored password credential (its id, creation time and salted
 * hash): it changes whenever the password is set, by anyone, anywhere. What was issued for or
 * learned about one password carries it, and stops counting once the password changed: one-time
 * tokens, remembered wrong passwords.
 */
public final class PasswordStamp {

    /** The stamp of an address with no account, or an account without a password. */
    public static final String NONE = "none";

    private PasswordStamp() {}

    public static String of(UserModel user) {
        CredentialModel password =
                user == null
                        ? null
                        : user.credentialManager()
                                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                                .findFirst()
                                .orElse(null);
        if (password == null) {
            return NONE;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (password.getId()
                                                    + "."
                                                    + password.getCreatedDate()
                                                    + "."
                                                    + password.getSecretData())
                                            .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
