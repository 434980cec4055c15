package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Jwts;
import dev.kcemporix.auth.it.support.Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue "a tenant in one switch": a realm switched on any of the four ways is a working B2B tenant
 * with nothing else configured, provisioning changes nothing twice and keeps an admin's own
 * changes, the admin resource is guarded by Keycloak's admin permissions, and the health report
 * names what is missing. Run on the root mount by a subclass (MountParityIT sends every call to
 * both mounts).
 */
abstract class TenantProvisioningScenarios extends MountScenarios {

    static final String PASSWORD = "provision-pass-1";

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A realm with a public storefront client and organizations on, the extension off. */
    static void plainRealm(String realm) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("realm", realm);
        rep.put("enabled", true);
        rep.put("organizationsEnabled", true);
        rep.put(
                "clients",
                List.of(
                        Map.of(
                                "clientId",
                                "storefront",
                                "publicClient",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "standardFlowEnabled",
                                false,
                                "webOrigins",
                                List.of("http://localhost:3000"))));
        HttpResult r =
                server.send(
                        "POST",
                        server.baseUrl() + "/admin/realms",
                        "application/json",
                        Server.toJson(rep),
                        "Authorization",
                        "Bearer " + server.adminToken());
        assertEquals(201, r.status(), r::toString);
    }

    /**
     * What a working tenant does: the B2B switch, and customerNumber kept for a customer created
     * afterwards.
     */
    void assertWorkingB2bTenant(String realm) throws Exception {
        String email = unique("p-") + "@example.com";
        String userId =
                server.createCustomer(
                        realm, email, PASSWORD, Map.of("customerNumber", List.of("C-" + realm)));
        assertEquals(
                "C-" + realm,
                server.adminJson("/" + realm + "/users/" + userId)
                        .at("/attributes/customerNumber/0")
                        .asText(),
                "customerNumber kept by the user profile");
        String organization = server.createOrganization(realm, unique("org-"), true, Map.of());
        server.addMember(realm, organization, userId);

        JsonNode login = storefront.customer(realm, email, PASSWORD);
        assertEquals(
                "C-" + realm,
                Jwts.verified(server, realm, login.get("saas_token").asText(), "ES256").get("sub"),
                "a new tenant signs the saas_token with its EC key");
        HttpResult switched =
                storefront.refresh(realm, login.get("refresh_token").asText(), organization);
        assertEquals(200, switched.status(), switched::toString);
        assertEquals(
                organization,
                claims(switched.json().get("access_token").asText()).get("legalEntityId"));
    }

    static Map<String, Object> claims(String jwt) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> claims =
                new ObjectMapper()
                        .readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
        return claims;
    }

    HttpResult adminResource(String method, String realm, String path, Object body) {
        return server.admin(method, "/" + realm + "/emporix" + path, body);
    }

    @Nested
    class FourWaysToSwitchATenantOn {

        @Test
        void aRealmCreatedThroughTheAdminApiWithOnlyTheAttribute() throws Exception {
            String realm = unique("created");
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("realm", realm);
            rep.put("enabled", true);
            rep.put("organizationsEnabled", true);
            rep.put("attributes", Map.of("emporix.enabled", "true"));
            rep.put(
                    "clients",
                    List.of(
                            Map.of(
                                    "clientId",
                                    "storefront",
                                    "publicClient",
                                    true,
                                    "directAccessGrantsEnabled",
                                    true)));
            assertEquals(
                    201,
                    server.send(
                                    "POST",
                                    server.baseUrl() + "/admin/realms",
                                    "application/json",
                                    Server.toJson(rep),
                                    "Authorization",
                                    "Bearer " + server.adminToken())
                            .status());
            assertWorkingB2bTenant(realm);
        }

        @Test
        void aRealmSwitchedOnLaterByAnAttributeUpdate() throws Exception {
            String realm = unique("later");
            plainRealm(realm);
            assertEquals(404, storefront.anonymousLogin(realm).status());
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + realm,
                                    Map.of("attributes", Map.of("emporix.enabled", "true")))
                            .status());
            assertWorkingB2bTenant(realm);
        }

        @Test
        void aRealmImportedFromJson() throws Exception {
            String json;
            try (InputStream in = getClass().getResourceAsStream("/import/importshop-realm.json")) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String realm = unique("imported");
            json = json.replace("\"importshop\"", "\"" + realm + "\"");
            assertEquals(
                    201,
                    server.send(
                                    "POST",
                                    server.baseUrl() + "/admin/realms",
                                    "application/json",
                                    json,
                                    "Authorization",
                                    "Bearer " + server.adminToken())
                            .status());
            assertWorkingB2bTenant(realm);
        }

        @Test
        void aRealmSwitchedOnThroughTheAdminResource() throws Exception {
            String realm = unique("resource");
            plainRealm(realm);
            HttpResult r =
                    adminResource(
                            "PUT",
                            realm,
                            "/settings",
                            Map.of("enabled", true, "storefrontUrl", "https://shop.example"));
            assertEquals(200, r.status(), r::toString);
            assertTrue(r.json().get("enabled").asBoolean());
            assertFalse(r.json().get("created").isEmpty(), r::toString);
            assertWorkingB2bTenant(realm);
            assertEquals(
                    "https://shop.example",
                    adminResource("GET", realm, "/settings", null)
                            .json()
                            .get("storefrontUrl")
                            .asText());
        }
    }

    @Nested
    class Provisioning {

        @Test
        void twiceChangesNothingAndAnAdminsOwnChangesSurvive() {
            String realm = unique("twice");
            plainRealm(realm);
            assertEquals(
                    200,
                    adminResource("PUT", realm, "/settings", Map.of("enabled", true)).status());

            // The admin makes the customer number editable by customers and adds a mapper of their
            // own to the scope.
            JsonNode profile = server.adminJson("/" + realm + "/users/profile");
            Map<String, Object> config = Server.fromJson(profile);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> attributes =
                    (List<Map<String, Object>>) config.get("attributes");
            attributes.stream()
                    .filter(a -> "customerNumber".equals(a.get("name")))
                    .forEach(a -> a.put("displayName", "Kundennummer"));
            assertEquals(200, server.admin("PUT", "/" + realm + "/users/profile", config).status());
            String scopeId = scopeId(realm);
            assertEquals(
                    201,
                    server.admin(
                                    "POST",
                                    "/"
                                            + realm
                                            + "/client-scopes/"
                                            + scopeId
                                            + "/protocol-mappers/models",
                                    Map.of(
                                            "name",
                                            "admin's own",
                                            "protocol",
                                            "openid-connect",
                                            "protocolMapper",
                                            "oidc-hardcoded-claim-mapper",
                                            "config",
                                            Map.of(
                                                    "claim.name",
                                                    "shop",
                                                    "claim.value",
                                                    "x",
                                                    "access.token.claim",
                                                    "true")))
                            .status());

            HttpResult again = adminResource("POST", realm, "/provision", null);
            assertEquals(200, again.status(), again::toString);
            assertEquals(0, again.json().get("created").size(), again::toString);
            assertTrue(
                    server.adminJson("/" + realm + "/users/profile")
                            .toString()
                            .contains("Kundennummer"));
            assertEquals(
                    2,
                    server.adminJson(
                                    "/"
                                            + realm
                                            + "/client-scopes/"
                                            + scopeId
                                            + "/protocol-mappers/models")
                            .size());
        }

        @Test
        void whatAnAdminDeletedIsReportedAndTheSwitchAnswersAClearError() throws Exception {
            String realm = unique("deleted");
            plainRealm(realm);
            assertEquals(
                    200,
                    adminResource("PUT", realm, "/settings", Map.of("enabled", true)).status());
            assertEquals(
                    204,
                    server.admin("DELETE", "/" + realm + "/client-scopes/" + scopeId(realm), null)
                            .status());

            JsonNode health = adminResource("GET", realm, "/health", null).json();
            assertTrue(
                    health.get("findings").toString().contains("legal-entity-mapper-missing"),
                    health::toString);

            String email = unique("d-") + "@example.com";
            String userId = server.createCustomer(realm, email, PASSWORD);
            String organization = server.createOrganization(realm, unique("org-"), true, Map.of());
            server.addMember(realm, organization, userId);
            HttpResult refused =
                    storefront.refresh(
                            realm,
                            storefront
                                    .customer(realm, email, PASSWORD)
                                    .get("refresh_token")
                                    .asText(),
                            organization);
            assertStandardError(503, refused);
            assertTrue(
                    refused.json().get("message").asText().contains("health report"),
                    refused::toString);

            assertFalse(
                    adminResource("POST", realm, "/provision", null)
                            .json()
                            .get("created")
                            .isEmpty());
            HttpResult repaired =
                    storefront.refresh(
                            realm,
                            storefront
                                    .customer(realm, email, PASSWORD)
                                    .get("refresh_token")
                                    .asText(),
                            organization);
            assertEquals(200, repaired.status(), repaired::toString);
        }

        String scopeId(String realm) {
            for (JsonNode scope : server.adminJson("/" + realm + "/client-scopes")) {
                if ("emporix-legal-entity".equals(scope.get("name").asText())) {
                    return scope.get("id").asText();
                }
            }
            throw new AssertionError("no emporix-legal-entity scope in " + realm);
        }
    }

    @Nested
    class HealthReport {

        @Test
        void namesEachMisconfigurationWithItsFix() {
            String realm = unique("unhealthy");
            plainRealm(realm);
            assertEquals(
                    200,
                    adminResource("PUT", realm, "/settings", Map.of("enabled", true)).status());
            server.createOrganization(realm, unique("org-"), true, Map.of());
            String storefront =
                    server.adminJson("/" + realm + "/clients?clientId=storefront")
                            .get(0)
                            .get("id")
                            .asText();
            Map<String, Object> client =
                    Server.fromJson(server.adminJson("/" + realm + "/clients/" + storefront));
            client.put("directAccessGrantsEnabled", false);
            assertEquals(
                    204,
                    server.admin("PUT", "/" + realm + "/clients/" + storefront, client).status());
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + realm,
                                    Map.of(
                                            "bruteForceProtected",
                                            false,
                                            "organizationsEnabled",
                                            false,
                                            "sslRequired",
                                            "none",
                                            "attributes",
                                            Map.of(
                                                    "emporix.enabled",
                                                    "true",
                                                    "frontendUrl",
                                                    "https://login.shop.example")))
                            .status());

            // Customers may edit unmanaged attributes: the extension's own marks among them.
            Map<String, Object> profile =
                    Server.fromJson(server.adminJson("/" + realm + "/users/profile"));
            profile.put("unmanagedAttributePolicy", "ENABLED");
            assertEquals(
                    200, server.admin("PUT", "/" + realm + "/users/profile", profile).status());

            JsonNode findings = adminResource("GET", realm, "/health", null).json().get("findings");
            String all = findings.toString();
            for (String id :
                    List.of(
                            "direct-grants-off:storefront",
                            "brute-force-off",
                            "organizations-off",
                            "no-smtp",
                            "ssl-not-required",
                            "customers-edit-internal-attributes")) {
                assertTrue(all.contains("\"" + id + "\""), id + " missing in " + all);
            }
            findings.forEach(f -> assertFalse(f.get("fix").asText().isBlank(), f::toString));
        }

        /**
         * Keycloak asks the extension's stand-in password before its own password provider, so an
         * opt-in, passkey, social or assisted login pays no hash of the customer's password.
         */
        @Test
        void aVerifiedLoginPaysNoPasswordHash() {
            JsonNode findings =
                    adminResource("GET", "demo", "/health", null).json().get("findings");
            assertFalse(
                    findings.toString().contains("\"stand-in-login-hashes\""), findings::toString);
        }

        @Test
        void theDemoTenantIsHealthy() {
            JsonNode findings =
                    adminResource("GET", "demo", "/health", null).json().get("findings");
            assertEquals(0, findings.size(), findings::toString);
        }
    }

    @Nested
    class Permissions {

        @Test
        void anAdminWithoutManageRealmIsForbiddenToChangeAndViewRealmMayRead() {
            String realm = unique("perm");
            plainRealm(realm);
            String viewer = unique("viewer-");
            String userId = server.createCustomer(realm, viewer + "@example.com", PASSWORD);
            String management =
                    server.adminJson("/" + realm + "/clients?clientId=realm-management")
                            .get(0)
                            .get("id")
                            .asText();
            JsonNode viewRealm =
                    server.adminJson("/" + realm + "/clients/" + management + "/roles/view-realm");
            assertEquals(
                    204,
                    server.admin(
                                    "POST",
                                    "/"
                                            + realm
                                            + "/users/"
                                            + userId
                                            + "/role-mappings/clients/"
                                            + management,
                                    List.of(
                                            Map.of(
                                                    "id",
                                                    viewRealm.get("id").asText(),
                                                    "name",
                                                    "view-realm")))
                            .status());
            String token =
                    server.postForm(
                                    server.baseUrl()
                                            + "/realms/"
                                            + realm
                                            + "/protocol/openid-connect/token",
                                    Map.of(
                                            "grant_type",
                                            "password",
                                            "client_id",
                                            "admin-cli",
                                            "username",
                                            viewer + "@example.com",
                                            "password",
                                            PASSWORD))
                            .json()
                            .get("access_token")
                            .asText();

            assertEquals(
                    200,
                    server.get(
                                    server.baseUrl() + "/admin/realms/" + realm + "/emporix/health",
                                    "Authorization",
                                    "Bearer " + token)
                            .status());
            assertEquals(
                    403,
                    server.send(
                                    "PUT",
                                    server.baseUrl()
                                            + "/admin/realms/"
                                            + realm
                                            + "/emporix/settings",
                                    "application/json",
                                    "{\"enabled\":true}",
                                    "Authorization",
                                    "Bearer " + token)
                            .status());
            assertEquals(
                    403,
                    server.send(
                                    "POST",
                                    server.baseUrl()
                                            + "/admin/realms/"
                                            + realm
                                            + "/emporix/provision",
                                    "application/json",
                                    "",
                                    "Authorization",
                                    "Bearer " + token)
                            .status());
        }

        @Test
        void aCustomerTokenIsForbiddenAndNoTokenUnauthorized() {
            String customer =
                    storefront
                            .customer("demo", "customer@example.com", "customer123")
                            .get("access_token")
                            .asText();
            // Keycloak's admin authentication takes the token (a user of the realm) and finds no
            // admin role: 403.
            assertEquals(
                    403,
                    server.get(
                                    server.baseUrl() + "/admin/realms/demo/emporix/health",
                                    "Authorization",
                                    "Bearer " + customer)
                            .status());
            assertEquals(
                    401,
                    server.get(server.baseUrl() + "/admin/realms/demo/emporix/health").status());
        }
    }

    @Nested
    class TheSaasTokensAlgorithm {

        /**
         * A tenant provisioned before the setting existed (its realm says so) keeps the realm's
         * default algorithm; switched on in the settings, its saas_token is ES256 under the key the
         * switch provisioned; with that key deleted, the default algorithm again and a health
         * finding, until provisioning adds a key; switched off, RS256. Each verified with the
         * realm's JWKS.
         */
        @Test
        void aTenantProvisionedBeforeKeepsItsAlgorithmUntilTheSettingSwitchesIt() throws Exception {
            String realm = unique("older");
            server.ensureRealm(realm, true, Map.of(), Map.of("emporix.provisioned", "2"));
            String email = unique("saas-") + "@example.com";
            server.createCustomer(realm, email, PASSWORD);
            assertEquals(
                    realm,
                    Jwts.verified(server, realm, saasToken(realm, email), "RS256").get("tenant"));

            assertEquals(
                    200,
                    adminResource("PUT", realm, "/settings", Map.of("saasTokenEs256", true))
                            .status());
            String signed = saasToken(realm, email);
            Jwts.verified(server, realm, signed, "ES256");
            assertEquals(provisionedKid(realm), Jwts.header(signed).get("kid").asText());

            assertEquals(
                    204,
                    server.admin("DELETE", "/" + realm + "/components/" + keyProvider(realm), null)
                            .status());
            Jwts.verified(server, realm, saasToken(realm, email), "RS256");
            assertTrue(
                    adminResource("GET", realm, "/health", null)
                            .json()
                            .toString()
                            .contains("saas-token-es256-key-missing"));
            assertEquals(200, adminResource("POST", realm, "/provision", null).status());
            signed = saasToken(realm, email);
            Jwts.verified(server, realm, signed, "ES256");
            assertEquals(provisionedKid(realm), Jwts.header(signed).get("kid").asText());

            assertEquals(
                    200,
                    adminResource("PUT", realm, "/settings", Map.of("saasTokenEs256", false))
                            .status());
            Jwts.verified(server, realm, saasToken(realm, email), "RS256");
        }

        String saasToken(String realm, String email) {
            return storefront.customer(realm, email, PASSWORD).get("saas_token").asText();
        }

        /** The id of the key provider provisioning added. */
        String keyProvider(String realm) {
            return server.adminJson("/" + realm + "/components?name=" + SAAS_TOKEN_KEY)
                    .get(0)
                    .get("id")
                    .asText();
        }

        /** The kid of the key of the provider provisioning added. */
        String provisionedKid(String realm) {
            String component = keyProvider(realm);
            for (JsonNode key : server.adminJson("/" + realm + "/keys").get("keys")) {
                if (component.equals(key.path("providerId").asText())) {
                    return key.get("kid").asText();
                }
            }
            throw new AssertionError("no key of provider " + component);
        }
    }

    static final String SAAS_TOKEN_KEY = "emporix-saas-token-es256";
}
