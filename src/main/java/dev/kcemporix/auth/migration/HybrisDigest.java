package dev.kcemporix.auth.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SAP Commerce's salted password digests, as its salted encoders compute them: the digest of {@code
 * pepper + "::" + password + "::" + uid} (the pepper is SAP Commerce's system-wide salt, the uid
 * the customer's original login), stored as lowercase hex. Pure computation: what the hash
 * providers verify with, and what tests build their vectors from.
 */
public enum HybrisDigest {
    SHA512("hybris-sha512-uid-salt", "SHA-512"),
    SHA256("hybris-sha256-uid-salt", "SHA-256"),
    MD5("hybris-md5-uid-salt", "MD5");

    /** SAP Commerce's system-wide salt when a shop never configured its own. */
    public static final String DEFAULT_PEPPER =
            "hybris blue pepper can be used for creating delicious noodle meals";

    private final String algorithm;
    private final String digest;

    HybrisDigest(String algorithm, String digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /**
     * The credential algorithm name, as the import API and Keycloak's stored credential name it.
     */
    public String algorithm() {
        return algorithm;
    }

    public static HybrisDigest byAlgorithm(String algorithm) {
        for (HybrisDigest d : values()) {
            if (d.algorithm.equals(algorithm)) {
                return d;
            }
        }
        return null;
    }

    /**
     * The digest bytes SAP Commerce stored for {@code password} of the customer whose original
     * login is {@code uid}.
     */
    public byte[] digest(String pepper, String password, String uid) {
        try {
            return MessageDigest.getInstance(digest)
                    .digest(
                            (pepper + "::" + password + "::" + uid)
                                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " is part of every Java runtime", e);
        }
    }

    /**
     * Whether {@code stored} (hex or Base64, as exports carry it) is the digest of {@code
     * password}; constant time.
     */
    public boolean matches(String stored, String pepper, String password, String uid) {
        byte[] expected = decode(stored);
        return expected != null && MessageDigest.isEqual(expected, digest(pepper, password, uid));
    }

    /**
     * The bytes of a stored digest of this kind, or null when it is neither hex nor Base64 of the
     * digest's length.
     */
    public byte[] decode(String stored) {
        if (stored == null) {
            return null;
        }
        String value = stored.trim();
        int length = length();
        if (value.length() == length * 2
                && value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            return bytes.length == length ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The digest's length in bytes. */
    public int length() {
        return switch (this) {
            case SHA512 -> 64;
            case SHA256 -> 32;
            case MD5 -> 16;
        };
    }
}
