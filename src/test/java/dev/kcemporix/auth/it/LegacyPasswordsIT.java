package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Customers who arrive with their SAP Commerce password hash (docs/endpoints.md, *Moving from
 * Emporix*) log in with their old password, at our login and at Keycloak's own token endpoint, and
 * the first login leaves Keycloak's own hash in place of the legacy one. The hashes are computed
 * here from the published formulas.
 */
@ExtendWith(KeycloakExtension.class)
class LegacyPasswordsIT {

    static final String TENANT = "legacyshop";
    static final String PEPPERED = "legacypepper";

    /** A retention window whose end day is today: the old passwords are refused from now on. */
    static final String ENDED = "legacyended";

    static Server server;

    @BeforeAll
    static void tenants(Server running) {
        server = running;
        server.ensureRealm(
                TENANT,
                true,
                Map.of(
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        10,
                        "adminEventsEnabled",
                        true,
                        "adminEventsDetailsEnabled",
                        true),
                Map.of());
        server.ensureRealm(
                PEPPERED,
                true,
                Map.of(),
                Map.of("emporix.migration.hybrisPepper", "our own pepper"));
        server.ensureRealm(
                ENDED,
                true,
                Map.of(),
                Map.of(
                        "emporix.migration.retentionEndDate",
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()));
    }

    static String sapCommerceHash(String javaDigest, String pepper, String password, String uid)
            throws GeneralSecurityException {
        return HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance(javaDigest)
                                .digest(
                                        (pepper + "::" + password + "::" + uid)
                                                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A customer whose only password credential is the given stored one, as the import writes it.
     */
    static String customerWithCredential(
            String realm,
            String email,
            String algorithm,
            int iterations,
            String value,
            String salt,
            Map<String, List<String>> parameters) {
        Map<String, Object> credentialData =
                Map.of(
                        "hashIterations",
                        iterations,
                        "algorithm",
                        algorithm,
                        "additionalParameters",
                        parameters);
        Map<String, Object> secretData = new LinkedHashMap<>();
        secretData.put("value", value);
        if (salt != null) {
            secretData.put("salt", salt);
        }
        secretData.put("additionalParameters", Map.of());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", email);
        user.put("email", email);
        user.put("emailVerified", true);
        user.put("enabled", true);
        user.put("firstName", "Legacy");
        user.put("lastName", "Customer");
        user.put(
                "credentials",
                List.of(
                        Map.of(
                                "type",
                                "password",
                                "credentialData",
                                Server.toJson(credentialData),
                                "secretData",
                                Server.toJson(secretData))));
        HttpResult r = server.admin("POST", "/" + realm + "/users", user);
        assertEquals(201, r.status(), r::toString);
        return server.userId(realm, email);
    }

    /**
     * The uid as the import stores it: the credential's salt (secret data), Base64 in the admin
     * API's JSON.
     */
    static String salt(String uid) {
        return java.util.Base64.getEncoder().encodeToString(uid.getBytes(StandardCharsets.UTF_8));
    }

    static String passwordAlgorithm(String realm, String userId) {
        for (JsonNode credential :
                server.adminJson("/" + realm + "/users/" + userId + "/credentials")) {
            if ("password".equals(credential.get("type").asText())) {
                return credential.get("credentialData").asText();
            }
        }
        return null;
    }

    /** Keycloak re-hashes after the login's transaction, in one of its own: wait for it. */
    static String rehashed(String realm, String userId, String legacy) throws InterruptedException {
        String data = passwordAlgorithm(realm, userId);
        for (int i = 0; i < 50 && data != null && data.contains(legacy); i++) {
            Thread.sleep(100);
            data = passwordAlgorithm(realm, userId);
        }
        return data;
    }

    static String email() {
        return "legacy-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void eachSapCommerceDigestLogsInWithTheOldPasswordOnceThenKeycloaksHashIsLeft()
            throws Exception {
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        String[][] digests = {
            {"hybris-sha512-uid-salt", "SHA-512"},
            {"hybris-sha256-uid-salt", "SHA-256"},
            {"hybris-md5-uid-salt", "MD5"}
        };
        for (String[] digest : digests) {
            String email = email();
            String uid = "old-" + email;
            String hash =
                    sapCommerceHash(
                            digest[1],
                            "hybris blue pepper can be used for creating delicious noodle meals",
                            "old-pass-1",
                            uid);
            String id =
                    customerWithCredential(TENANT, email, digest[0], 1, hash, salt(uid), Map.of());

            String anonymous = storefront.anonymous(TENANT).get("access_token").asText();
            HttpResult wrong = storefront.login(TENANT, anonymous, email, "old-pass-2");
            assertEquals(401, wrong.status(), wrong::toString);
            HttpResult right = storefront.login(TENANT, anonymous, email, "old-pass-1");
            assertEquals(200, right.status(), digest[0] + ": " + right);

            String after = rehashed(TENANT, id, digest[0]);
            assertFalse(
                    after.contains("hybris") || after.contains(uid),
                    "nothing legacy is left: " + after);
            assertFalse(
                    server.adminJson("/" + TENANT + "/users/" + id + "/credentials")
                            .toString()
                            .contains(uid));
            // The same password still works, now against Keycloak's hash, at Keycloak's own
            // endpoint too.
            HttpResult keycloaks = server.passwordGrant(TENANT, email, "old-pass-1");
            assertEquals(200, keycloaks.status(), keycloaks::toString);
        }
    }

    @Test
    void theTenantsPepperIsTheOneThatCounts() throws Exception {
        String email = email();
        String uid = "U-" + UUID.randomUUID();
        String hash = sapCommerceHash("SHA-512", "our own pepper", "pepper-pass-1", uid);
        customerWithCredential(
                PEPPERED, email, "hybris-sha512-uid-salt", 1, hash, salt(uid), Map.of());
        HttpResult login = server.passwordGrant(PEPPERED, email, "pepper-pass-1");
        assertEquals(200, login.status(), login::toString);

        // The same hash in a tenant on the default pepper is a wrong password, counted like one.
        String other = email();
        String otherId =
                customerWithCredential(
                        TENANT, other, "hybris-sha512-uid-salt", 1, hash, salt(uid), Map.of());
        HttpResult refused = server.passwordGrant(TENANT, other, "pepper-pass-1");
        // Keycloak's token endpoint answers a wrong password with invalid_grant (26.7: 400, 26.5:
        // 401).
        assertTrue(refused.status() == 400 || refused.status() == 401, refused::toString);
        assertEquals("invalid_grant", refused.json().get("error").asText());
        assertEquals(1, settledFailures(TENANT, otherId, 1), "the wrong password counted once");
    }

    @Test
    void thePepperIsASecretNoRepresentationOrAdminEventShows() {
        // PEPPERED was created with the pepper as a realm attribute, as versions before 0.2 kept
        // it: it moved into the form.
        String realm = server.adminJson("/" + PEPPERED).toString();
        assertFalse(realm.contains("our own pepper") || realm.contains("hybrisPepper"), realm);
        JsonNode form =
                server.adminJson(
                        "/"
                                + PEPPERED
                                + "/components?type=org.keycloak.services.ui.extend.UiTabProvider");
        assertTrue(
                form.toString().contains("\"hybrisPepper\":[\"**********\"]"),
                "shown masked: " + form);
        assertFalse(form.toString().contains("our own pepper"), form::toString);
        assertTrue(
                server.adminJson("/" + PEPPERED + "/emporix/settings")
                        .toString()
                        .contains("\"hybrisPepper\":\"**********\""));

        HttpResult set =
                server.admin(
                        "PUT",
                        "/" + TENANT + "/emporix/settings",
                        Map.of("hybrisPepper", "a new secret pepper"));
        assertEquals(200, set.status(), set::toString);
        String everything =
                server.adminJson("/" + TENANT).toString()
                        + server.adminJson("/" + TENANT + "/emporix/settings")
                        + server.adminJson("/" + TENANT + "/components")
                        + server.adminJson("/" + TENANT + "/admin-events?max=200");
        assertFalse(
                everything.contains("a new secret pepper"),
                "the pepper shows somewhere an admin reads");
        assertEquals(
                200,
                server.admin("PUT", "/" + TENANT + "/emporix/settings", Map.of("hybrisPepper", ""))
                        .status());
    }

    /**
     * Keycloak's brute-force detector counts after the answer: the count once it shows {@code
     * expected} (or after 5 s), read again a second later, so that a count beyond it shows too.
     */
    static int settledFailures(String realm, String userId, int expected)
            throws InterruptedException {
        for (int i = 0; i < 50 && failures(realm, userId) < expected; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        return failures(realm, userId);
    }

    static int failures(String realm, String userId) {
        return server.adminJson("/" + realm + "/attack-detection/brute-force/users/" + userId)
                .get("numFailures")
                .asInt();
    }

    /**
     * A customer of {@code realm} whose password credential is a SAP Commerce PBKDF2 hash of {@code
     * password}, as the import stores it.
     */
    static String customerWithPbkdf2(String realm, String email, String password)
            throws GeneralSecurityException {
        byte[] salt =
                UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII);
        byte[] derived =
                SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 1000, 512))
                        .getEncoded();
        var credential =
                dev.kcemporix.auth.migration.HybrisPbkdf2.credential(
                        "1000:"
                                + HexFormat.of().formatHex(salt)
                                + ":"
                                + HexFormat.of().formatHex(derived));
        return customerWithCredential(
                realm,
                email,
                credential.getPasswordCredentialData().getAlgorithm(),
                1000,
                credential.getPasswordSecretData().getValue(),
                java.util.Base64.getEncoder().encodeToString(salt),
                credential.getPasswordCredentialData().getAdditionalParameters());
    }

    @Test
    void aSapCommercePbkdf2HashLogsInWithKeycloaksPbkdf2CheckThenKeycloaksHashIsLeft()
            throws Exception {
        for (String password : new String[] {"sixchr", "twenty-chars-secret!"}) {
            String email = email();
            String id = customerWithPbkdf2(TENANT, email, password);
            HttpResult login = server.passwordGrant(TENANT, email, password);
            assertEquals(200, login.status(), password + ": " + login);
            String after = rehashed(TENANT, id, "hybris-pbkdf2");
            assertFalse(after.contains("pbkdf2"), "re-hashed with the realm's algorithm: " + after);
        }
    }

    @Test
    void fromTheWindowsEndDayAnImportedPbkdf2HashIsRefusedBeforeTheJobRemovesIt() throws Exception {
        String password = "pbkdf2-pass-1";
        String email = email();
        String id = customerWithPbkdf2(ENDED, email, password);
        HttpResult refused = server.passwordGrant(ENDED, email, password);
        assertEquals("invalid_grant", refused.json().path("error").asText(), refused::toString);
        assertTrue(
                passwordAlgorithm(ENDED, id).contains("hybris-pbkdf2"),
                "refused by the window, not because the job removed it");
    }
}
