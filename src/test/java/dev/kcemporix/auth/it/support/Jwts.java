package dev.kcemporix.auth.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * Reads and forges JWTs for the negative tests of token exchange (same claims, a signature nobody
 * trusted), and verifies a token of ours with its realm's JWKS, as whoever receives it would.
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

    /**
     * The claims of {@code jwt} once verified with the key its {@code kid} names in {@code realm}'s
     * JWKS; fails unless it is signed with {@code algorithm}.
     */
    public static Map<String, Object> verified(
            Server server, String realm, String jwt, String algorithm) throws Exception {
        JWKSet jwks =
                JWKSet.load(
                        URI.create(
                                        server.baseUrl()
                                                + "/realms/"
                                                + realm
                                                + "/protocol/openid-connect/certs")
                                .toURL());
        JWSObject jws = JWSObject.parse(jwt);
        assertEquals(algorithm, jws.getHeader().getAlgorithm().getName(), jwt);
        JWK key = jwks.getKeyByKeyId(jws.getHeader().getKeyID());
        assertNotNull(key, () -> "the realm's JWKS names the key " + jws.getHeader().getKeyID());
        JWSVerifier verifier =
                key instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key);
        assertTrue(jws.verify(verifier), "signed with the realm's key");
        return jws.getPayload().toJSONObject();
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
