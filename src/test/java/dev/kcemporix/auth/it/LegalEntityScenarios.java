package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.B2B_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2B_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.B2C_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2C_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Refresh with legalEntityId (docs/endpoints.md, *Legal entities*): legal entities are
 * Organizations; run on the root mount by a subclass (MountParityIT: both).
 */
abstract class LegalEntityScenarios extends MountScenarios {

    /** A tenant whose realm-level Organizations switch the tests flip. */
    static final String B2B_SHOP = "b2bshop";

    @BeforeAll
    static void realms() {
        server.ensureRealm(B2B_SHOP, true, Map.of("organizationsEnabled", true), Map.of());
    }

    String orgId(String alias) {
        for (JsonNode org : server.adminJson("/demo/organizations?max=1000")) {
            if (alias.equals(org.get("alias").asText())) {
                return org.get("id").asText();
            }
        }
        throw new IllegalStateException("No organization " + alias);
    }

    static Map<String, Object> claims(String jwt) throws Exception {
        byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = new ObjectMapper().readValue(payload, Map.class);
        return claims;
    }

    /**
     * A new customer of the demo tenant who belongs to the given organizations; returns its email.
     */
    String member(String... organizationIds) {
        String email = "b2b-" + UUID.randomUUID() + "@example.com";
        String userId = server.createCustomer(TENANT, email, "secret-pass-1");
        for (String org : organizationIds) {
            server.addMember(TENANT, org, userId);
        }
        return email;
    }

    @Nested
    class Switching {

        @Test
        void betweenTwoLegalEntitiesAndBackToUnscopedWithoutANewLogin() throws Exception {
            JsonNode login = storefront.customer(TENANT, B2B_EMAIL, B2B_PASSWORD);
            String acme = orgId("acme");

            HttpResult asAcme =
                    storefront.refresh(TENANT, login.get("refresh_token").asText(), acme);
            assertEquals(200, asAcme.status(), asAcme::toString);
            assertEquals(
                    acme, claims(asAcme.json().get("access_token").asText()).get("legalEntityId"));
            assertEquals(
                    acme, claims(asAcme.json().get("saas_token").asText()).get("legalEntityId"));
            assertEquals(
                    acme,
                    storefront
                            .validate(TENANT, asAcme.json().get("access_token").asText())
                            .json()
                            .get("legalEntityId")
                            .asText());
            assertEquals(login.get("session_id"), asAcme.json().get("session_id"));

            // The second entity named by its imported id (organization attribute legalEntityId).
            HttpResult asGlobex =
                    storefront.refresh(
                            TENANT, asAcme.json().get("refresh_token").asText(), "LE-GLOBEX-2");
            assertEquals(200, asGlobex.status(), asGlobex::toString);
            assertEquals(
                    "LE-GLOBEX-2",
                    storefront
                            .validate(TENANT, asGlobex.json().get("access_token").asText())
                            .json()
                            .get("legalEntityId")
                            .asText());

            HttpResult unscoped =
                    storefront.refresh(TENANT, asGlobex.json().get("refresh_token").asText());
            assertEquals(200, unscoped.status(), unscoped::toString);
            assertFalse(
                    claims(unscoped.json().get("access_token").asText())
                            .containsKey("legalEntityId"));
            assertFalse(
                    storefront
                            .validate(TENANT, unscoped.json().get("access_token").asText())
                            .json()
                            .has("legalEntityId"));
        }
    }

    @Nested
    class Forbidden {

        @Test
        void forACustomerWhoIsNoMember() {
            JsonNode login = storefront.customer(TENANT, B2C_EMAIL, B2C_PASSWORD);
            assertStandardError(
                    403,
                    storefront.refresh(TENANT, login.get("refresh_token").asText(), orgId("acme")));
        }

        @Test
        void forAnUnknownLegalEntity() {
            JsonNode login = storefront.customer(TENANT, B2B_EMAIL, B2B_PASSWORD);
            assertStandardError(
                    403,
                    storefront.refresh(
                            TENANT, login.get("refresh_token").asText(), "no-such-entity"));
        }

        @Test
        void forADisabledOrganization() {
            String org =
                    server.createOrganization(
                            TENANT,
                            "off-" + UUID.randomUUID().toString().substring(0, 8),
                            false,
                            Map.of());
            String email = member(org);
            JsonNode login = storefront.customer(TENANT, email, "secret-pass-1");
            HttpResult r = storefront.refresh(TENANT, login.get("refresh_token").asText(), org);
            assertStandardError(403, r);
            assertFalse(r.body().contains("access_token"));
        }

        @Test
        void onceTheAdminRemovesTheMembershipBetweenTwoRefreshes() {
            String org =
                    server.createOrganization(
                            TENANT,
                            "gone-" + UUID.randomUUID().toString().substring(0, 8),
                            true,
                            Map.of());
            String email = member(org);
            JsonNode login = storefront.customer(TENANT, email, "secret-pass-1");
            HttpResult first = storefront.refresh(TENANT, login.get("refresh_token").asText(), org);
            assertEquals(200, first.status(), first::toString);

            HttpResult removed =
                    server.admin(
                            "DELETE",
                            "/demo/organizations/"
                                    + org
                                    + "/members/"
                                    + server.userId(TENANT, email),
                            null);
            assertEquals(204, removed.status(), removed::toString);
            assertStandardError(
                    403,
                    storefront.refresh(TENANT, first.json().get("refresh_token").asText(), org));
        }

        @Test
        void whenOrganizationsAreSwitchedOffForTheRealm() {
            String email = "b2b-" + UUID.randomUUID() + "@example.com";
            String userId = server.createCustomer(B2B_SHOP, email, "secret-pass-1");
            String org =
                    server.createOrganization(
                            B2B_SHOP,
                            "org-" + UUID.randomUUID().toString().substring(0, 8),
                            true,
                            Map.of());
            server.addMember(B2B_SHOP, org, userId);
            JsonNode login = storefront.customer(B2B_SHOP, email, "secret-pass-1");
            assertEquals(
                    204,
                    server.admin("PUT", "/" + B2B_SHOP, Map.of("organizationsEnabled", false))
                            .status());
            try {
                assertStandardError(
                        403,
                        storefront.refresh(B2B_SHOP, login.get("refresh_token").asText(), org));
            } finally {
                assertEquals(
                        204,
                        server.admin("PUT", "/" + B2B_SHOP, Map.of("organizationsEnabled", true))
                                .status());
            }
        }

        @Test
        void withAnInvalidRefreshTokenItIsUnauthorizedInstead() {
            HttpResult r = storefront.refresh(TENANT, "garbage", orgId("acme"));
            Storefront.assertInvalidToken(r);
        }
    }
}
