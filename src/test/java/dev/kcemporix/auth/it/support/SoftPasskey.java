package dev.kcemporix.auth.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A software passkey (a discoverable ES256 credential with "none" attestation, as a platform
 * authenticator makes it), written from the WebAuthn Level 3 data formats, that can be told to lie:
 * another origin, relying party, challenge or client-data type, no user verification, a counter
 * that goes back, another user handle, a forged signature. The honest ceremony in a real browser is
 * {@code PasskeysBrowserIT}'s; this one is for what a browser would never send.
 */
public final class SoftPasskey {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int USER_PRESENT = 0x01;
    private static final int USER_VERIFIED = 0x04;
    private static final int ATTESTED_DATA = 0x40;

    private final KeyPair key;
    private final byte[] credentialId;
    private final String home;
    private byte[] userHandle;
    private int counter;

    // What the next ceremony says (one ceremony only); a test sets one to lie.
    public String origin;
    public String rpId;
    public String type;
    public String challenge;
    public boolean userVerified = true;
    public Integer nextCounter;
    public byte[] signWith;

    public SoftPasskey(String origin) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        this.credentialId = new byte[16];
        RANDOM.nextBytes(credentialId);
        this.home = origin;
    }

    /** The credential id, base64url. */
    public String id() {
        return b64(credentialId);
    }

    /**
     * Uses this authenticator's key under another credential's id (the same authenticator, again).
     */
    public SoftPasskey withIdOf(SoftPasskey other) {
        System.arraycopy(other.credentialId, 0, credentialId, 0, credentialId.length);
        return this;
    }

    /** Sends {@code handle} (raw bytes) as the user handle of the next assertion. */
    public void userHandle(byte[] handle) {
        this.userHandle = handle;
    }

    /**
     * {@code RegistrationResponseJSON} answering {@code options} ({@code
     * PublicKeyCredentialCreationOptionsJSON}).
     */
    public ObjectNode register(JsonNode options) {
        userHandle = Base64.getUrlDecoder().decode(options.at("/user/id").asText());
        String rp = rpId != null ? rpId : options.at("/rp/id").asText();
        byte[] clientData =
                clientData(
                        type != null ? type : "webauthn.create",
                        options.path("challenge").asText());
        ByteArrayOutputStream attested = new ByteArrayOutputStream();
        attested.writeBytes(new byte[16]); // AAGUID: none
        attested.write(credentialId.length >> 8);
        attested.write(credentialId.length & 0xff);
        attested.writeBytes(credentialId);
        attested.writeBytes(coseKey());
        byte[] authData =
                authenticatorData(rp, ATTESTED_DATA | flags(), counter, attested.toByteArray());
        Map<Object, Object> attestation = new LinkedHashMap<>();
        attestation.put("fmt", "none");
        attestation.put("attStmt", new LinkedHashMap<>());
        attestation.put("authData", authData);
        ObjectNode credential = credential(clientData);
        ObjectNode response = (ObjectNode) credential.get("response");
        response.put("attestationObject", b64(cbor(attestation)));
        response.putArray("transports").add("internal");
        reset();
        return credential;
    }

    /**
     * {@code AuthenticationResponseJSON} answering {@code options} ({@code
     * PublicKeyCredentialRequestOptionsJSON}).
     */
    public ObjectNode assert_(JsonNode options) {
        String rp = rpId != null ? rpId : options.path("rpId").asText();
        byte[] clientData =
                clientData(
                        type != null ? type : "webauthn.get", options.path("challenge").asText());
        counter = nextCounter != null ? nextCounter : counter + 1;
        byte[] authData = authenticatorData(rp, flags(), counter, new byte[0]);
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(authData);
            ecdsa.update(sha256(clientData));
            signature = ecdsa.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (signWith != null) {
            signature = signWith;
        }
        ObjectNode credential = credential(clientData);
        ObjectNode response = (ObjectNode) credential.get("response");
        response.put("authenticatorData", b64(authData));
        response.put("signature", b64(signature));
        if (userHandle != null) {
            response.put("userHandle", b64(userHandle));
        }
        reset();
        return credential;
    }

    /** What {@code credential.toJSON()} gives of a platform passkey, the response begun. */
    private ObjectNode credential(byte[] clientData) {
        ObjectNode credential = JSON.createObjectNode();
        credential.put("id", id());
        credential.put("rawId", id());
        credential.put("type", "public-key");
        credential.put("authenticatorAttachment", "platform");
        credential.putObject("clientExtensionResults");
        credential.putObject("response").put("clientDataJSON", b64(clientData));
        return credential;
    }

    /** Back to the truth after each ceremony. */
    private void reset() {
        origin = null;
        type = null;
        challenge = null;
        rpId = null;
        userVerified = true;
        nextCounter = null;
        signWith = null;
    }

    private int flags() {
        return USER_PRESENT | (userVerified ? USER_VERIFIED : 0);
    }

    private byte[] clientData(String ceremonyType, String expectedChallenge) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", ceremonyType);
        data.put("challenge", challenge != null ? challenge : expectedChallenge);
        data.put("origin", origin != null ? origin : home);
        data.put("crossOrigin", false);
        try {
            return JSON.writeValueAsBytes(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] authenticatorData(String rp, int flags, int count, byte[] attested) {
        ByteBuffer data = ByteBuffer.allocate(37 + attested.length);
        data.put(sha256(rp.getBytes(StandardCharsets.UTF_8)));
        data.put((byte) flags);
        data.putInt(count);
        data.put(attested);
        return data.array();
    }

    /** The public key as a COSE EC2 key (kty 2, alg ES256, crv P-256, x, y). */
    private byte[] coseKey() {
        ECPublicKey pub = (ECPublicKey) key.getPublic();
        Map<Object, Object> cose = new LinkedHashMap<>();
        cose.put(1, 2);
        cose.put(3, -7);
        cose.put(-1, 1);
        cose.put(-2, unsigned32(pub.getW().getAffineX()));
        cose.put(-3, unsigned32(pub.getW().getAffineY()));
        return cbor(cose);
    }

    private static byte[] unsigned32(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes.length == 32) {
            return bytes;
        }
        byte[] fixed = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }

    // ---- the little CBOR (RFC 8949) these structures need: ints, bytes, text, maps ----

    private static byte[] cbor(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof Integer i) {
            if (i >= 0) {
                head(out, 0, i);
            } else {
                head(out, 1, -1 - i);
            }
        } else if (value instanceof byte[] bytes) {
            head(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            head(out, 3, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Map<?, ?> map) {
            head(out, 5, map.size());
            map.forEach(
                    (k, v) -> {
                        write(out, k);
                        write(out, v);
                    });
        } else {
            throw new IllegalArgumentException("no CBOR for " + value);
        }
    }

    private static void head(ByteArrayOutputStream out, int major, long n) {
        if (n < 24) {
            out.write((major << 5) | (int) n);
        } else if (n < 256) {
            out.write((major << 5) | 24);
            out.write((int) n);
        } else {
            out.write((major << 5) | 25);
            out.write((int) (n >> 8));
            out.write((int) (n & 0xff));
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "SoftPasskey " + id() + " " + Arrays.toString(new int[] {counter});
    }
}
