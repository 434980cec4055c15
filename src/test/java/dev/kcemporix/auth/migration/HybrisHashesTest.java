package dev.kcemporix.auth.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * SAP Commerce's hashes, computed here from the published formulas, and verified as the import will
 * store them.
 */
class HybrisHashesTest {

    private static final String PEPPER = "a shop's own pepper";

    /**
     * SAP Commerce's salted digest, written out: the digest of pepper::password::uid, lowercase
     * hex.
     */
    private static String sapCommerceHash(
            String javaDigest, String pepper, String password, String uid)
            throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance(javaDigest);
        md.update(pepper.getBytes(StandardCharsets.UTF_8));
        md.update("::".getBytes(StandardCharsets.UTF_8));
        md.update(password.getBytes(StandardCharsets.UTF_8));
        md.update("::".getBytes(StandardCharsets.UTF_8));
        md.update(uid.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    private static String javaName(HybrisDigest digest) {
        return switch (digest) {
            case SHA512 -> "SHA-512";
            case SHA256 -> "SHA-256";
            case MD5 -> "MD5";
        };
    }

    @ParameterizedTest
    @EnumSource(HybrisDigest.class)
    void theRightPasswordOfTheRightCustomerMatchesInHexAndBase64(HybrisDigest digest)
            throws GeneralSecurityException {
        String hex =
                sapCommerceHash(
                        javaName(digest), PEPPER, "pässword-1", "old.customer@shop.example");
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        for (String stored : new String[] {hex, hex.toUpperCase(), base64, " " + hex + " "}) {
            assertTrue(
                    digest.matches(stored, PEPPER, "pässword-1", "old.customer@shop.example"),
                    stored);
        }
        assertFalse(
                digest.matches(hex, PEPPER, "pässword-2", "old.customer@shop.example"),
                "another password");
        assertFalse(
                digest.matches(hex, PEPPER, "pässword-1", "someone.else@shop.example"),
                "another customer's uid");
        assertFalse(
                digest.matches(
                        hex,
                        HybrisDigest.DEFAULT_PEPPER,
                        "pässword-1",
                        "old.customer@shop.example"),
                "another pepper");
        assertFalse(
                digest.matches(hex.substring(2), PEPPER, "pässword-1", "old.customer@shop.example"),
                "a cut hash");
        assertFalse(
                digest.matches("not a hash", PEPPER, "pässword-1", "old.customer@shop.example"));
        assertFalse(digest.matches(null, PEPPER, "pässword-1", "old.customer@shop.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret", "a-twenty-char-secret"})
    void aSapCommercePbkdf2HashBecomesAPbkdf2CredentialBoundByTheRetentionWindow(String password)
            throws GeneralSecurityException {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        int iterations = 1000;
        byte[] derived =
                SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                        .generateSecret(
                                new PBEKeySpec(password.toCharArray(), salt, iterations, 64 * 8))
                        .getEncoded();
        String exported =
                iterations
                        + ":"
                        + HexFormat.of().formatHex(salt)
                        + ":"
                        + HexFormat.of().formatHex(derived);

        // What Keycloak's built-in pbkdf2 provider verifies: the same derivation with the stored
        // salt and count, the key as long
        // as the stored hash; stored under an algorithm of ours, whose provider hands it to
        // Keycloak's until the window's end day.
        // Keycloak doing it is LegacyPasswordsIT's part (its provider needs the server's crypto set
        // up).
        PasswordCredentialModel credential = HybrisPbkdf2.credential(exported);
        assertEquals("hybris-pbkdf2", credential.getPasswordCredentialData().getAlgorithm());
        assertEquals(iterations, credential.getPasswordCredentialData().getHashIterations());
        assertTrue(java.util.Arrays.equals(salt, credential.getPasswordSecretData().getSalt()));
        assertEquals(
                Base64.getEncoder().encodeToString(derived),
                credential.getPasswordSecretData().getValue());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1000",
                "1000:00",
                "x:0011:0011",
                "0:00112233:00112233445566778899aabbccddeeff",
                "1000:zz:00",
                "1000:00112233:00",
                "1000::00112233445566778899aabbccddeeff",
                // Bounds that keep one login attempt cheap: iterations, and a derived key at most
                // 64 bytes long.
                "100001:00112233:00112233445566778899aabbccddeeff",
                "1000:00112233:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0"
                        + "0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00"
            })
    void whatIsNoPbkdf2HashIsRefused(String hash) {
        assertThrows(IllegalArgumentException.class, () -> HybrisPbkdf2.credential(hash));
    }
}
