package dev.kcemporix.auth.it.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time codes as an authenticator app computes them (RFC 6238 over RFC 4226), from the Base32
 * secret an enrolment shows: written here from the RFCs, so the tests check Keycloak's codes
 * against an independent computation.
 */
public final class Totp {

    private Totp() {}

    /** The code of the period that holds {@code epochSeconds}. */
    public static String code(
            String base32Secret, long epochSeconds, int digits, int period, String algorithm) {
        try {
            String hmac = "Hmac" + algorithm.toUpperCase(Locale.ROOT).replace("-", "");
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(base32(base32Secret), hmac));
            byte[] hash =
                    mac.doFinal(ByteBuffer.allocate(8).putLong(epochSeconds / period).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary =
                    ((hash[offset] & 0x7f) << 24)
                            | ((hash[offset + 1] & 0xff) << 16)
                            | ((hash[offset + 2] & 0xff) << 8)
                            | (hash[offset + 3] & 0xff);
            String code = Integer.toString(binary % (int) Math.pow(10, digits));
            return "0".repeat(digits - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current code, 6 digits every 30 s with SHA-1: Keycloak's default OTP policy. */
    public static String now(String base32Secret) {
        return code(base32Secret, System.currentTimeMillis() / 1000, 6, 30, "SHA1");
    }

    /** RFC 4648 Base32, padding and spaces ignored. */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("Not Base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
