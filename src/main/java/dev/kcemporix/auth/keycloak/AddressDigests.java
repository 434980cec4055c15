package dev.kcemporix.auth.keycloak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Keys of Keycloak's single-use store that are about an e-mail address (a mail throttle, a count of
 * refusals) name the address by its SHA-256, lowercased: the store never holds the address itself.
 */
public final class AddressDigests {

    private AddressDigests() {}

    /** Hex SHA-256 of {@code address}, lowercased. */
    public static String of(String address) {
        return exact(address.toLowerCase(Locale.ROOT));
    }

    /**
     * Hex SHA-256 of {@code text} as it is (a token, a token's id): for keys that must not hold the
     * text itself.
     */
    public static String exact(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
