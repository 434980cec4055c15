package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Server;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Emporix's import API (docs/endpoints.md, *Moving from Emporix*): a service token with the right
 * client scope imports customers with SAP Commerce hashes (computed here from the published
 * formulas), who then log in with their old passwords; the retention window is set, read and
 * removed.
 */
abstract class CustomerImportScenarios extends MountScenarios {

    static final String DEFAULT_PEPPER =
            "hybris blue pepper can be used for creating delicious noodle meals";
    String tenant;

    /** A fresh tenant with an importer, a reader and a service client without either scope. */
    String tenant() throws Exception {
        if (tenant == null) {
            tenant = "import-" + UUID.randomUUID().toString().substring(0, 8);
            server.ensureRealm(tenant, true, Map.of("organizationsEnabled", true), Map.of());
            serviceClient(tenant, "importer", "customer.import_manage");
            serviceClient(tenant, "reader", "customer.import_read");
            serviceClient(tenant, "plain", null);
        }
        return tenant;
    }

    static void serviceClient(String realm, String clientId, String scope) {
        server.createServiceClient(realm, clientId, scope);
    }

    static String serviceToken(String realm, String clientId) {
        return server.serviceToken(realm, clientId);
    }

    HttpResult call(String method, String realm, String path, String token, Object body) {
        return server.send(
                method,
                storefront.url(realm, "/customer/" + realm + path),
                body == null ? null : "application/json",
                body == null ? null : Server.toJson(body),
                token == null ? new String[0] : new String[] {"Authorization", "Bearer " + token});
    }

    HttpResult setRetention(String realm, Map<String, Object> body) {
        return call(
                "POST",
                realm,
                "/config/password-migration-retention",
                serviceToken(realm, "importer"),
                body);
    }

    static String day(int fromToday) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(fromToday).toString();
    }

    static String sha(String javaDigest, String pepper, String password, String uid)
            throws Exception {
        return HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance(javaDigest)
                                .digest(
                                        (pepper + "::" + password + "::" + uid)
                                                .getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, Object> item(String email, Map<String, Object> account) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("firstName", "Imported");
        item.put("lastName", "Customer");
        Map<String, Object> acc = new LinkedHashMap<>(account);
        acc.put("email", email);
        item.put("account", acc);
        return item;
    }

    static Map<String, Object> legacy(String algorithm, String hash, String uid) {
        Map<String, Object> legacyAuth = new LinkedHashMap<>();
        legacyAuth.put("algorithm", algorithm);
        legacyAuth.put("hash", hash);
        if (uid != null) {
            legacyAuth.put("context", Map.of("originalUid", uid));
        }
        return Map.of("legacyAuth", legacyAuth);
    }

    static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void onlyAServiceTokenWithTheScopeMayImportOrSetTheWindow() throws Exception {
        String realm = tenant();
        List<Object> one = List.of(item(email("auth"), Map.of("passwordHash", "x")));
        assertInvalidToken(call("POST", realm, "/customers/import", null, one));
        String anonymous = storefront.anonymous(realm).get("access_token").asText();
        assertInvalidToken(call("POST", realm, "/customers/import", anonymous, one));
        String customerEmail = email("customer");
        server.createCustomer(realm, customerEmail, "customer-pass-1");
        // A customer's own token is no service token at all: 401, as at Emporix.
        String customerToken =
                storefront
                        .customer(realm, customerEmail, "customer-pass-1")
                        .get("access_token")
                        .asText();
        assertInvalidToken(call("POST", realm, "/customers/import", customerToken, one));
        assertInvalidToken(
                call(
                        "POST",
                        realm,
                        "/config/password-migration-retention",
                        customerToken,
                        Map.of("retentionEndDate", day(30))));
        assertInvalidToken(
                call("GET", realm, "/config/password-migration-retention", customerToken, null));
        assertStandardError(
                403, call("POST", realm, "/customers/import", serviceToken(realm, "plain"), one));
        assertStandardError(
                403, call("POST", realm, "/customers/import", serviceToken(realm, "reader"), one));
        assertStandardError(
                403,
                call(
                        "POST",
                        realm,
                        "/config/password-migration-retention",
                        serviceToken(realm, "reader"),
                        Map.of("retentionEndDate", day(30))));
        // Reading needs only customer.import_read; nothing set yet: 404.
        assertStandardError(
                404,
                call(
                        "GET",
                        realm,
                        "/config/password-migration-retention",
                        serviceToken(realm, "reader"),
                        null));
        // Another tenant's service token is no token here.
        String other = "import-other-" + UUID.randomUUID().toString().substring(0, 8);
        server.ensureRealm(other, true);
        serviceClient(other, "importer", "customer.import_manage");
        assertInvalidToken(
                call("POST", realm, "/customers/import", serviceToken(other, "importer"), one));
    }

    @Test
    void theRetentionWindowIsSetWithItsDefaultsReadAndChecked() throws Exception {
        String realm = tenant();
        HttpResult set = setRetention(realm, Map.of("retentionEndDate", day(30)));
        assertEquals(200, set.status(), set::toString);
        assertEquals(day(30), set.json().get("retentionEndDate").asText());
        assertEquals(
                day(23), set.json().get("emailReminderDate").asText(), "7 days before the end");
        assertTrue(set.json().get("emailNotificationsEnabled").asBoolean());
        HttpResult read =
                call(
                        "GET",
                        realm,
                        "/config/password-migration-retention",
                        serviceToken(realm, "reader"),
                        null);
        assertEquals(200, read.status(), read::toString);
        assertEquals(set.json(), read.json());

        HttpResult soon =
                setRetention(
                        realm,
                        Map.of("retentionEndDate", day(3), "emailNotificationsEnabled", false));
        assertEquals(
                day(1),
                soon.json().get("emailReminderDate").asText(),
                "tomorrow when 7 days before is not in the future");
        assertFalse(soon.json().get("emailNotificationsEnabled").asBoolean());
        for (Map<String, Object> bad :
                List.<Map<String, Object>>of(
                        Map.of("retentionEndDate", day(0)),
                        Map.of("retentionEndDate", "tomorrow"),
                        Map.of(),
                        Map.of("retentionEndDate", day(10), "emailReminderDate", day(11)),
                        Map.of(
                                "retentionEndDate",
                                day(10),
                                "emailNotificationsEnabled",
                                "perhaps"))) {
            assertStandardError(400, setRetention(realm, bad));
        }
        assertEquals(
                day(3),
                call(
                                "GET",
                                realm,
                                "/config/password-migration-retention",
                                serviceToken(realm, "importer"),
                                null)
                        .json()
                        .get("retentionEndDate")
                        .asText(),
                "a refused change changes nothing");
        assertEquals(200, setRetention(realm, Map.of("retentionEndDate", day(60))).status());
    }

    @Test
    void importedCustomersLogInWithTheirOldPasswordsEachItemAnsweredInOrder() throws Exception {
        String realm = tenant();
        assertEquals(200, setRetention(realm, Map.of("retentionEndDate", day(60))).status());
        String organization =
                server.createOrganization(
                        realm,
                        "org-" + UUID.randomUUID().toString().substring(0, 6),
                        true,
                        Map.of("legalEntityId", List.of("LE-IMPORT-1")));

        String sha512 = email("sha512");
        String md5 = email("md5");
        String pbkdf2 = email("pbkdf2");
        String number = "C-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] salt = "import-salt-1234".getBytes(StandardCharsets.US_ASCII);
        byte[] derived =
                SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                        .generateSecret(new PBEKeySpec("six666".toCharArray(), salt, 1000, 512))
                        .getEncoded();
        List<Object> items = new ArrayList<>();
        Map<String, Object> first =
                item(
                        sha512,
                        legacy(
                                "hybris-sha512-uid-salt",
                                sha("SHA-512", DEFAULT_PEPPER, "old-pass-1", "uid-1"),
                                "uid-1"));
        first.put("id", number);
        first.put("contactEmail", sha512.toUpperCase());
        first.put("b2b", Map.of("legalEntities", List.of(Map.of("id", "LE-IMPORT-1"))));
        items.add(first);
        items.add(
                item(
                        md5,
                        legacy(
                                "hybris-md5-uid-salt",
                                sha("MD5", DEFAULT_PEPPER, "old-pass-2", "uid-2"),
                                "uid-2")));
        items.add(
                item(
                        pbkdf2,
                        legacy(
                                "hybris-pbkdf2",
                                "1000:"
                                        + HexFormat.of().formatHex(salt)
                                        + ":"
                                        + HexFormat.of().formatHex(derived),
                                null)));
        Map<String, Object> both =
                item(
                        email("both"),
                        Map.of(
                                "passwordHash",
                                "x",
                                "legacyAuth",
                                Map.of("algorithm", "hybris-md5-uid-salt")));
        items.add(both);
        items.add(item(email("neither"), Map.of()));
        items.add(item(email("emporix"), Map.of("passwordHash", "$2a$10$abcdefghijklmnopqrstuv")));
        items.add(item(email("unknown"), legacy("bcrypt", "x", "u")));
        items.add(
                item(
                        sha512,
                        legacy("hybris-md5-uid-salt", sha("MD5", DEFAULT_PEPPER, "p", "u"), "u")));
        Map<String, Object> sameNumber =
                item(
                        email("number"),
                        legacy("hybris-md5-uid-salt", sha("MD5", DEFAULT_PEPPER, "p", "u"), "u"));
        sameNumber.put("id", number);
        items.add(sameNumber);
        Map<String, Object> mismatch =
                item(
                        email("contact"),
                        legacy("hybris-md5-uid-salt", sha("MD5", DEFAULT_PEPPER, "p", "u"), "u"));
        mismatch.put("contactEmail", "someone@else.example");
        items.add(mismatch);
        items.add("not an object");

        HttpResult r =
                call("POST", realm, "/customers/import", serviceToken(realm, "importer"), items);
        assertEquals(207, r.status(), r::toString);
        JsonNode results = r.json();
        assertEquals(items.size(), results.size());
        int[] codes = {201, 201, 201, 400, 400, 400, 400, 409, 409, 400, 400};
        for (int i = 0; i < codes.length; i++) {
            assertEquals(i, results.get(i).get("index").asInt());
            assertEquals(codes[i], results.get(i).get("code").asInt(), results.get(i)::toString);
        }
        assertEquals(number, results.get(0).get("id").asText());
        assertEquals(
                "Exactly one of 'passwordHash' or 'legacyAuth' must be provided in the account",
                results.get(3).get("message").asText());
        assertEquals(
                "Exactly one of 'passwordHash' or 'legacyAuth' must be provided in the account",
                results.get(4).get("message").asText());
        assertFalse(
                r.body().contains("old-pass")
                        || r.body().contains("uid-1")
                        || r.body().contains(HexFormat.of().formatHex(derived)),
                "the answer carries no password, uid or hash");

        // The old passwords work, once each through our login, and Keycloak's hash replaces the
        // legacy one.
        String[][] logins = {{sha512, "old-pass-1"}, {md5, "old-pass-2"}, {pbkdf2, "six666"}};
        for (String[] login : logins) {
            String anonymous = storefront.anonymous(realm).get("access_token").asText();
            assertEquals(
                    401, storefront.login(realm, anonymous, login[0], login[1] + "x").status());
            HttpResult in = storefront.login(realm, anonymous, login[0], login[1]);
            assertEquals(200, in.status(), login[0] + ": " + in);
        }
        HttpResult me =
                server.get(
                        storefront.url(realm, "/customer/" + realm + "/me"),
                        "Authorization",
                        "Bearer "
                                + storefront
                                        .customer(realm, sha512, "old-pass-1")
                                        .get("access_token")
                                        .asText());
        assertEquals(number, me.json().get("customerNumber").asText());
        assertEquals("LE-IMPORT-1", me.json().at("/b2b/legalEntities/0/id").asText(), me::toString);
        assertFalse(organization.isBlank());
    }

    @Test
    void withoutAWindowLegacyItemsAreRefusedAndTheWindowStaysWhileLegacyHashesAreLeft()
            throws Exception {
        String realm = "import-window-" + UUID.randomUUID().toString().substring(0, 8);
        server.ensureRealm(realm, true);
        serviceClient(realm, "importer", "customer.import_manage");
        String email = email("window");
        List<Object> items =
                List.of(
                        item(
                                email,
                                legacy(
                                        "hybris-sha256-uid-salt",
                                        sha("SHA-256", DEFAULT_PEPPER, "window-pass-1", "w"),
                                        "w")));
        HttpResult refused =
                call("POST", realm, "/customers/import", serviceToken(realm, "importer"), items);
        assertEquals(207, refused.status(), refused::toString);
        assertEquals(400, refused.json().get(0).get("code").asInt());

        assertEquals(200, setRetention(realm, Map.of("retentionEndDate", day(10))).status());
        HttpResult imported =
                call("POST", realm, "/customers/import", serviceToken(realm, "importer"), items);
        assertEquals(201, imported.json().get(0).get("code").asInt(), imported::toString);
        assertStandardError(
                400,
                call(
                        "DELETE",
                        realm,
                        "/config/password-migration-retention",
                        serviceToken(realm, "importer"),
                        null));

        storefront.customer(realm, email, "window-pass-1");
        // Keycloak re-hashes after the login's transaction: the window goes once nothing legacy is
        // left.
        HttpResult deleted = null;
        for (int i = 0; i < 50; i++) {
            deleted =
                    call(
                            "DELETE",
                            realm,
                            "/config/password-migration-retention",
                            serviceToken(realm, "importer"),
                            null);
            if (deleted.status() == 204) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(204, deleted.status(), deleted::toString);
        assertStandardError(
                404,
                call(
                        "GET",
                        realm,
                        "/config/password-migration-retention",
                        serviceToken(realm, "importer"),
                        null));
    }

    @Test
    void moreThan200ItemsOrABodyThatIsNoArrayIsRefusedWhole() throws Exception {
        String realm = tenant();
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(item("many-" + i + "@example.com", Map.of("passwordHash", "x")));
        }
        assertStandardError(
                400,
                call("POST", realm, "/customers/import", serviceToken(realm, "importer"), many));
        assertStandardError(
                400,
                call(
                        "POST",
                        realm,
                        "/customers/import",
                        serviceToken(realm, "importer"),
                        Map.of("items", List.of())));
        assertEquals(
                0,
                server.adminJson("/" + realm + "/users?exact=true&email=many-0@example.com")
                        .size());
    }
}
