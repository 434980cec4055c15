package dev.kcemporix.auth.migration;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * SAP Commerce's PBKDF2 hashes ({@code iterations:hexSalt:hexHash}, PBKDF2 with HMAC-SHA1) are
 * exactly Keycloak's built-in {@code pbkdf2} credential: converted once at import and stored under
 * the algorithm {@value #ALGORITHM}, they are verified by Keycloak's own {@code pbkdf2} provider
 * (the derived key's length is read from the stored hash) until the retention window ends, and
 * re-hashed with the realm's algorithm on the first login ({@link HybrisPasswordHash}).
 */
public final class HybrisPbkdf2 {

    public static final String ALGORITHM = "hybris-pbkdf2";
    static final int MAX_ITERATIONS = 100_000;

    /**
     * Credential data parameter marking an imported hash: Keycloak's own provider ignores it, and
     * its re-hash on the first login replaces the credential data, so a credential still carrying
     * it is the import's.
     */
    static final String IMPORTED = "emporixImported";

    /** Keycloak's built-in provider for PBKDF2 with HMAC-SHA1. */
    static final String KEYCLOAK_ALGORITHM = "pbkdf2";

    private HybrisPbkdf2() {}

    /**
     * The Keycloak credential for a SAP Commerce PBKDF2 hash; throws {@link
     * IllegalArgumentException} when it is not one.
     */
    public static PasswordCredentialModel credential(String hash) {
        String[] parts = hash == null ? new String[0] : hash.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected iterations:hexSalt:hexHash");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a number");
        }
        // Keycloak derives a key as long as the stored hash, iterations times per 20 bytes, at
        // every login attempt for the
        // address, before brute-force counting: bounds keep a hostile import from making one
        // attempt cost minutes.
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "the iteration count must be 1 to " + MAX_ITERATIONS);
        }
        byte[] salt = hex(parts[1], "salt");
        byte[] derived = hex(parts[2], "hash");
        if (salt.length == 0 || salt.length > 64 || derived.length < 16 || derived.length > 64) {
            throw new IllegalArgumentException("the salt must be 1 to 64 bytes, the hash 16 to 64");
        }
        return PasswordCredentialModel.createFromValues(
                ALGORITHM,
                salt,
                iterations,
                Map.of(IMPORTED, List.of("true")),
                Base64.getEncoder().encodeToString(derived));
    }

    private static byte[] hex(String value, String what) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not hex");
        }
    }
}
