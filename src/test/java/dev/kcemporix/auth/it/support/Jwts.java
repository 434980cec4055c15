package dev.kcemporix.auth.it.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/**
 * Reads and forges JWTs for the negative tests of token exchange: same claims, a signature nobody
 * trusted.
 */
public final class Jwts {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {}

    public static ObjectNode header(String jwt) {
        return part(jwt, 0);
    }

    public static ObjectNode claims(String jwt) {
        return part(jwt, 1);
    }

    /**
     * {@code claims} signed RS256 with a fresh key pair, under {@code header} (its kid kept: the
     * provider's key id, a wrong key).
     */
    public static String signedByStranger(ObjectNode header, ObjectNode claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            String input = encode(header) + "." + encode(claims);
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} under {@code alg: none}, no signature. */
    public static String unsigned(ObjectNode claims) {
        ObjectNode header = HttpResult.JSON.createObjectNode().put("alg", "none").put("typ", "JWT");
        return encode(header) + "." + encode(claims) + ".";
    }

    /** The real token with its claims replaced and its original signature kept. */
    public static String tampered(String jwt, ObjectNode claims) {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    private static ObjectNode part(String jwt, int index) {
        try {
            return (ObjectNode)
                    HttpResult.JSON.readTree(
                            Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(ObjectNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }
}
