package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertExpiredToken;
import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.Demo;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Jwts;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/endpoints.md, *Assisted buying*: staff open a customer's session, as tokens or as a hand-off
 * code the storefront redeems; the tokens name the staff member wherever Keycloak issues them, the
 * customer sees and ends the session, it ends at the tenant's cap, and every other caller is
 * refused. On the root mount ({@link MountParityIT} sends both calls to both mounts; one scenario
 * here goes through the realm mount).
 */
class AssistedBuyingRootMountIT extends SelfServiceCalls {

    static final String SHOP = "assistshop";
    static final String BACK_OFFICE = "backoffice";
    static final String STAFF_PASSWORD = "staff-pass-123";
    static final String PASSWORD = "assist-pass-123";

    static String agentId;

    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    @BeforeAll
    static void shop() {
        server.ensureRealm(
                SHOP,
                true,
                Map.of(
                        "smtpServer",
                        Mailbox.smtpSettings(),
                        "eventsEnabled",
                        true,
                        "enabledEventTypes",
                        List.of(
                                "IMPERSONATE",
                                "IMPERSONATE_ERROR",
                                "LOGIN",
                                "REFRESH_TOKEN",
                                "LOGOUT")),
                Map.of(
                        "emporix.assistedBuying.enabled", "true",
                        "emporix.assistedBuying.notifyCustomer", "true",
                        "emporix.storefrontUrl", "http://localhost:3000"));
        if (!server.adminJson("/" + SHOP + "/clients?clientId=" + BACK_OFFICE).isEmpty()) {
            agentId = server.userId(SHOP, "agent");
            return;
        }
        // The back office: a confidential client with the staff scope, which Keycloak grants to
        // holders of the staff role only.
        assertEquals(
                201,
                server.admin(
                                "POST",
                                "/" + SHOP + "/clients",
                                Map.of(
                                        "clientId", BACK_OFFICE,
                                        "publicClient", false,
                                        "secret", BACK_OFFICE + "-secret",
                                        "directAccessGrantsEnabled", true,
                                        "standardFlowEnabled", false))
                        .status());
        String client =
                server.adminJson("/" + SHOP + "/clients?clientId=" + BACK_OFFICE)
                        .get(0)
                        .get("id")
                        .asText();
        String scope = scopeId("customer.assistedBuying_manage");
        assertEquals(
                204,
                server.admin(
                                "PUT",
                                "/"
                                        + SHOP
                                        + "/clients/"
                                        + client
                                        + "/default-client-scopes/"
                                        + scope,
                                null)
                        .status());
        agentId = staff("agent", true);
        staff("clerk", false);
    }

    static String scopeId(String name) {
        for (JsonNode s : server.adminJson("/" + SHOP + "/client-scopes")) {
            if (name.equals(s.get("name").asText())) {
                return s.get("id").asText();
            }
        }
        throw new AssertionError("provisioning created no client scope " + name);
    }

    /** A staff user of the shop; {@code agent}: holding the staff role. */
    static String staff(String name, boolean agent) {
        String id = server.createCustomer(SHOP, name + "@staff.example", STAFF_PASSWORD);
        if (agent) {
            grantStaffRole(id);
        }
        return id;
    }

    static void grantStaffRole(String userId) {
        JsonNode role = server.adminJson("/" + SHOP + "/roles/assisted-buying-agent");
        assertEquals(
                204,
                server.admin(
                                "POST",
                                "/" + SHOP + "/users/" + userId + "/role-mappings/realm",
                                List.of(role))
                        .status());
    }

    static void revokeStaffRole(String userId) {
        JsonNode role = server.adminJson("/" + SHOP + "/roles/assisted-buying-agent");
        assertEquals(
                204,
                server.send(
                                "DELETE",
                                server.baseUrl()
                                        + "/admin/realms/"
                                        + SHOP
                                        + "/users/"
                                        + userId
                                        + "/role-mappings/realm",
                                "application/json",
                                Server.toJson(List.of(role)),
                                "Authorization",
                                "Bearer " + server.adminToken())
                        .status());
    }

    /** A staff member's token of the back office, from Keycloak's own token endpoint. */
    static String staffToken(String name) {
        HttpResult r =
                server.passwordGrant(
                        SHOP,
                        BACK_OFFICE,
                        BACK_OFFICE + "-secret",
                        name + "@staff.example",
                        STAFF_PASSWORD);
        assertEquals(200, r.status(), r::toString);
        return r.json().get("access_token").asText();
    }

    /** A new customer of the shop with a customer number; returns the number. */
    static String customer(String email) {
        String number = "A-" + email.substring(0, email.indexOf('@'));
        server.createCustomer(SHOP, email, PASSWORD, Map.of("customerNumber", List.of(number)));
        return number;
    }

    HttpResult assist(String token, Object body, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (token != null) {
            all.addAll(List.of("Authorization", "Bearer " + token));
        }
        return server.post(
                url(SHOP, "/assisted-buying-login"),
                "application/json",
                Server.toJson(body),
                all.toArray(String[]::new));
    }

    HttpResult redeem(String tenant, String anonymousToken, String code) {
        return post(tenant, "/assisted-buying/token", anonymousToken, Map.of("handoffCode", code));
    }

    String handoffCode(String number) {
        HttpResult r =
                assist(staffToken("agent"), Map.of("customerNumber", number, "handoff", true));
        assertEquals(200, r.status(), r::toString);
        return r.json().get("handoffCode").asText();
    }

    @Nested
    class EmporixsCall {

        @Test
        void staffOpenTheSessionAndEveryTokenNamesThem() throws Exception {
            String email = address("ab-");
            String number = customer(email);
            HttpResult r = assist(staffToken("agent"), Map.of("customerNumber", number));
            assertEquals(200, r.status(), r::toString);
            JsonNode body = r.json();
            assertEquals(
                    new TreeSet<>(
                            List.of(
                                    "accessToken",
                                    "saasToken",
                                    "expiresIn",
                                    "refreshToken",
                                    "refreshTokenExpiresIn")),
                    fieldNames(body),
                    "camelCase only, as Emporix answers");
            String access = body.get("accessToken").asText();
            Map<String, Object> claims = Jwts.verified(server, SHOP, access, "RS256");
            assertEquals(server.userId(SHOP, email), claims.get("sub"));
            assertEquals(Map.of("sub", agentId), claims.get("act"));
            assertTrue(body.get("refreshTokenExpiresIn").asLong() <= 1800, body::toString);
            // validate and the customer's sessions say who opened it.
            HttpResult valid = storefront.validate(SHOP, access);
            assertEquals(200, valid.status(), valid::toString);
            assertEquals(agentId, valid.json().get("assistedBy").asText());
            // A refresh through our endpoint, then Keycloak's own: the actor stays.
            HttpResult refreshed = storefront.refresh(SHOP, body.get("refreshToken").asText());
            assertEquals(200, refreshed.status(), refreshed::toString);
            assertEquals(
                    agentId,
                    Jwts.claims(refreshed.json().get("access_token").asText())
                            .at("/act/sub")
                            .asText());
            HttpResult own = keycloakRefresh(refreshed.json().get("refresh_token").asText());
            assertEquals(200, own.status(), own::toString);
            assertEquals(
                    agentId,
                    Jwts.claims(own.json().get("access_token").asText()).at("/act/sub").asText());
            // Keycloak's IMPERSONATE event names staff member, customer and client; the session's
            // refresh through our endpoint names the staff member too.
            String customerId = server.userId(SHOP, email);
            JsonNode impersonate = server.events(SHOP, "IMPERSONATE", customerId).get(0);
            assertEquals("storefront", impersonate.get("clientId").asText());
            assertEquals(agentId, impersonate.at("/details/impersonator_id").asText());
            assertEquals("agent@staff.example", impersonate.at("/details/impersonator").asText());
            // Newest first: our refresh is the older of the two (Keycloak's own names the session
            // only).
            JsonNode refresh = server.events(SHOP, "REFRESH_TOKEN", customerId);
            assertEquals(2, refresh.size(), refresh::toString);
            assertEquals(
                    agentId,
                    refresh.get(1).at("/details/impersonator_id").asText(),
                    refresh::toString);
            // The grant that started the session: not the customer's own password login.
            JsonNode login = server.events(SHOP, "LOGIN", customerId);
            assertEquals(1, login.size(), login::toString);
            assertEquals(agentId, login.get(0).at("/details/impersonator_id").asText());
            // The customer is told, and sees and ends the session.
            Mailbox.Mail mail = Mailbox.await(email, 1, 30);
            assertTrue(mail.text().contains("assisted buying"), mail::text);
            String mine = accessToken(storefront.login(SHOP, anonymous(SHOP), email, PASSWORD));
            HttpResult sessions = send("GET", "/me/sessions", mine, null);
            assertEquals(200, sessions.status(), sessions::toString);
            JsonNode assisted = null;
            for (JsonNode s : sessions.json()) {
                if (s.has("assistedBy")) {
                    assisted = s;
                }
            }
            assertNotNull(assisted, sessions::toString);
            assertEquals(agentId, assisted.get("assistedBy").asText());
            assertEquals(
                    204,
                    send("DELETE", "/me/sessions/" + assisted.get("id").asText(), mine, null)
                            .status());
            assertInvalidToken(storefront.validate(SHOP, own.json().get("access_token").asText()));
        }

        @Test
        void aCustomerWithAOneTimeCodeDeviceIsAssistedWithoutTheirCode() {
            String email = address("abotp-");
            String number = "A-" + email.substring(0, email.indexOf('@'));
            Map<String, Object> otp = new LinkedHashMap<>();
            otp.put("type", "otp");
            otp.put("userLabel", "phone");
            otp.put("secretData", "{\"value\":\"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\"}");
            otp.put(
                    "credentialData",
                    "{\"subType\":\"totp\",\"digits\":6,\"period\":30,"
                            + "\"algorithm\":\"HmacSHA1\",\"counter\":0}");
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", email);
            user.put("email", email);
            user.put("emailVerified", true);
            user.put("enabled", true);
            user.put("attributes", Map.of("customerNumber", List.of(number)));
            user.put(
                    "credentials",
                    List.of(
                            Map.of("type", "password", "value", PASSWORD, "temporary", false),
                            otp));
            assertEquals(201, server.admin("POST", "/" + SHOP + "/users", user).status());
            HttpResult own = storefront.login(SHOP, anonymous(SHOP), email, PASSWORD);
            assertEquals(401, own.status(), own::toString);
            assertEquals("otp_required", own.json().get("type").asText(), own::toString);
            HttpResult assisted = assist(staffToken("agent"), Map.of("customerNumber", number));
            assertEquals(200, assisted.status(), assisted::toString);
            JsonNode claims = Jwts.claims(assisted.json().get("accessToken").asText());
            assertEquals(agentId, claims.at("/act/sub").asText());
            assertFalse(claims.path("amr").toString().contains("otp"), claims::toString);
            // The customer's own login still asks for the code.
            assertEquals(
                    "otp_required",
                    storefront
                            .login(SHOP, anonymous(SHOP), email, PASSWORD)
                            .json()
                            .get("type")
                            .asText());
        }

        @Test
        void throughTheRealmMountToo() {
            String number = customer(address("abr-"));
            Storefront realmMount = new Storefront(server, MountUnderTest.REALM);
            HttpResult r =
                    server.post(
                            realmMount.url(SHOP, "/customer/" + SHOP + "/assisted-buying-login"),
                            "application/json",
                            Server.toJson(Map.of("customerNumber", number)),
                            "Authorization",
                            "Bearer " + staffToken("agent"));
            assertEquals(200, r.status(), r::toString);
            assertEquals(
                    agentId,
                    Jwts.claims(r.json().get("accessToken").asText()).at("/act/sub").asText());
        }

        @Test
        void noMapperOfTheRealmDropsTheActor() {
            String client =
                    server.adminJson("/" + SHOP + "/clients?clientId=storefront")
                            .get(0)
                            .get("id")
                            .asText();
            Map<String, Object> mapper = new LinkedHashMap<>();
            mapper.put("name", "act overwritten");
            mapper.put("protocol", "openid-connect");
            mapper.put("protocolMapper", "oidc-hardcoded-claim-mapper");
            mapper.put(
                    "config",
                    Map.of(
                            "claim.name", "act",
                            "claim.value", "nobody",
                            "jsonType.label", "String",
                            "access.token.claim", "true",
                            "id.token.claim", "true"));
            HttpResult added =
                    server.admin(
                            "POST",
                            "/" + SHOP + "/clients/" + client + "/protocol-mappers/models",
                            mapper);
            assertEquals(201, added.status(), added::toString);
            String id =
                    added.header("Location")
                            .substring(added.header("Location").lastIndexOf('/') + 1);
            try {
                String number = customer(address("abm-"));
                HttpResult r = assist(staffToken("agent"), Map.of("customerNumber", number));
                assertEquals(200, r.status(), r::toString);
                assertEquals(
                        agentId,
                        Jwts.claims(r.json().get("accessToken").asText()).at("/act/sub").asText());
                // A customer's own login names no actor, whatever the realm's mappers say.
                String email = address("abm-own-");
                customer(email);
                JsonNode login = storefront.customer(SHOP, email, PASSWORD);
                assertEquals(
                        "nobody",
                        Jwts.claims(login.get("access_token").asText()).get("act").asText());
            } finally {
                server.admin(
                        "DELETE",
                        "/" + SHOP + "/clients/" + client + "/protocol-mappers/models/" + id,
                        null);
            }
        }

        @Test
        void theSessionEndsAtTheTenantsCap() throws Exception {
            setting("assistedBuyingMaxSeconds", "3");
            try {
                String email = address("abc-");
                String number = customer(email);
                HttpResult r = assist(staffToken("agent"), Map.of("customerNumber", number));
                assertEquals(200, r.status(), r::toString);
                JsonNode body = r.json();
                assertTrue(body.get("expiresIn").asLong() <= 3, body::toString);
                assertTrue(body.get("refreshTokenExpiresIn").asLong() <= 3, body::toString);
                long exp = Jwts.claims(body.get("accessToken").asText()).get("exp").asLong();
                Thread.sleep(4_000);
                assertExpiredToken(storefront.validate(SHOP, body.get("accessToken").asText()));
                // Keycloak's own refresh gives nothing that outlives the cap.
                HttpResult own = keycloakRefresh(body.get("refreshToken").asText());
                if (own.status() == 200) {
                    assertTrue(
                            Jwts.claims(own.json().get("access_token").asText()).get("exp").asLong()
                                    <= exp,
                            own::toString);
                    assertExpiredToken(
                            storefront.validate(SHOP, own.json().get("access_token").asText()));
                }
                assertInvalidToken(storefront.refresh(SHOP, body.get("refreshToken").asText()));
                // ... and ended the session, for every endpoint.
                String id = server.userId(SHOP, email);
                JsonNode sessions = server.adminJson("/" + SHOP + "/users/" + id + "/sessions");
                assertEquals(0, sessions.size(), sessions::toString);
            } finally {
                setting("assistedBuyingMaxSeconds", "1800");
            }
        }
    }

    @Nested
    class Refusals {

        @Test
        void everyCallerButStaffWithTheScopeIsRefused() {
            String email = address("abx-");
            String number = customer(email);
            Map<String, Object> body = Map.of("customerNumber", number);
            assertInvalidToken(assist(null, body));
            assertInvalidToken(assist("not.a.token", body));
            assertStandardError(403, assist(anonymous(SHOP), body));
            String customerToken =
                    storefront.customer(SHOP, email, PASSWORD).get("access_token").asText();
            assertStandardError(403, assist(customerToken, body));
            assertStandardError(403, assist(staffToken("clerk"), body));
            // Another tenant's staff token is no token there; a tenant that has not switched
            // assisted buying on refuses even its own staff (the demo's agent holds the role).
            String demoUrl =
                    storefront.url(
                            Demo.TENANT, "/customer/" + Demo.TENANT + "/assisted-buying-login");
            assertInvalidToken(
                    server.post(
                            demoUrl,
                            "application/json",
                            Server.toJson(body),
                            "Authorization",
                            "Bearer " + staffToken("agent")));
            HttpResult demoAgent =
                    server.passwordGrant(
                            Demo.TENANT,
                            Demo.BACK_OFFICE,
                            Demo.BACK_OFFICE_SECRET,
                            Demo.AGENT_EMAIL,
                            Demo.AGENT_PASSWORD);
            assertEquals(200, demoAgent.status(), demoAgent::toString);
            assertTrue(
                    Jwts.claims(demoAgent.json().get("access_token").asText())
                            .get("scope")
                            .asText()
                            .contains("customer.assistedBuying_manage"),
                    "the demo grants its agent the staff scope");
            assertStandardError(
                    403,
                    server.post(
                            demoUrl,
                            "application/json",
                            Server.toJson(body),
                            "Authorization",
                            "Bearer " + demoAgent.json().get("access_token").asText()));
        }

        @Test
        void aServiceTokenIsRefused() {
            if (server.adminJson("/" + SHOP + "/clients?clientId=assist-service").isEmpty()) {
                server.createServiceClient(
                        SHOP, "assist-service", "customer.assistedBuying_manage");
                // With the staff role, so the token carries the scope: refused as a service token.
                String client =
                        server.adminJson("/" + SHOP + "/clients?clientId=assist-service")
                                .get(0)
                                .get("id")
                                .asText();
                grantStaffRole(
                        server.adminJson(
                                        "/" + SHOP + "/clients/" + client + "/service-account-user")
                                .get("id")
                                .asText());
            }
            assertTrue(
                    Jwts.claims(server.serviceToken(SHOP, "assist-service"))
                            .get("scope")
                            .asText()
                            .contains("customer.assistedBuying_manage"));
            assertStandardError(
                    403,
                    assist(
                            server.serviceToken(SHOP, "assist-service"),
                            Map.of("customerNumber", customer(address("abs-")))));
        }

        @Test
        void aTokenOutlivesNoRevokedRole() {
            String name = "leaver-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            staff(name, true);
            String token = staffToken(name);
            String number = customer(address("abl-"));
            assertEquals(200, assist(token, Map.of("customerNumber", number)).status());
            revokeStaffRole(server.userId(SHOP, name + "@staff.example"));
            assertStandardError(403, assist(token, Map.of("customerNumber", number)));
        }

        @Test
        void aTenantThatNamesNoStorefrontClientIsNotConfigured() {
            String number = customer(address("abn-"));
            setting("assistedBuyingClient", "no-such-client");
            try {
                HttpResult r = assist(staffToken("agent"), Map.of("customerNumber", number));
                assertStandardError(503, r);
                assertEquals("not_configured", r.json().get("type").asText());
                JsonNode findings =
                        server.adminJson("/" + SHOP + "/emporix/health").get("findings");
                assertTrue(
                        findings.toString().contains("assisted-buying-client-missing"),
                        findings::toString);
            } finally {
                setting("assistedBuyingClient", "");
            }
        }

        @Test
        void noSessionOfAnAdminOrOfStaff() {
            String email = address("abadmin-");
            String number = customer(email);
            String id = server.userId(SHOP, email);
            String management =
                    server.adminJson("/" + SHOP + "/clients?clientId=realm-management")
                            .get(0)
                            .get("id")
                            .asText();
            JsonNode manageUsers =
                    server.adminJson("/" + SHOP + "/clients/" + management + "/roles/manage-users");
            assertEquals(
                    204,
                    server.admin(
                                    "POST",
                                    "/"
                                            + SHOP
                                            + "/users/"
                                            + id
                                            + "/role-mappings/clients/"
                                            + management,
                                    List.of(manageUsers))
                            .status());
            String token = staffToken("agent");
            assertStandardError(404, assist(token, Map.of("customerNumber", number)));
            String colleague = address("abstaff-");
            String colleagues = customer(colleague);
            grantStaffRole(server.userId(SHOP, colleague));
            assertStandardError(404, assist(token, Map.of("customerNumber", colleagues)));
        }

        @Test
        void sessionsOfStaffWhoLeftEndWithThem() {
            String name = "gone-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            String staffId = staff(name, true);
            HttpResult r =
                    assist(staffToken(name), Map.of("customerNumber", customer(address("abg-"))));
            assertEquals(200, r.status(), r::toString);
            String access = r.json().get("accessToken").asText();
            assertEquals(200, storefront.validate(SHOP, access).status());
            assertEquals(
                    204,
                    server.admin("PUT", "/" + SHOP + "/users/" + staffId, Map.of("enabled", false))
                            .status());
            assertInvalidToken(storefront.validate(SHOP, access));
            assertInvalidToken(storefront.refresh(SHOP, r.json().get("refreshToken").asText()));
        }

        @Test
        void anUnknownNumberIs404AndADisabledCustomer400() {
            String token = staffToken("agent");
            assertStandardError(404, assist(token, Map.of("customerNumber", "A-no-such-number")));
            assertStandardError(400, assist(token, Map.of()));
            String email = address("abd-");
            String number = customer(email);
            String id = server.userId(SHOP, email);
            assertEquals(
                    204,
                    server.admin("PUT", "/" + SHOP + "/users/" + id, Map.of("enabled", false))
                            .status());
            assertStandardError(400, assist(token, Map.of("customerNumber", number)));
            assertStandardError(
                    400, assist(token, Map.of("customerNumber", number, "handoff", true)));
        }
    }

    @Nested
    class Handoff {

        @Test
        void aCodeInsteadOfTokensRedeemedOnceByTheStorefront() {
            String number = customer(address("abh-"));
            HttpResult r =
                    assist(
                            staffToken("agent"),
                            Map.of("customerNumber", number),
                            "Prefer",
                            "handoff=code");
            assertEquals(200, r.status(), r::toString);
            JsonNode body = r.json();
            assertEquals(
                    new TreeSet<>(List.of("handoffCode", "expiresIn", "storefrontUrl")),
                    fieldNames(body));
            assertEquals(60, body.get("expiresIn").asInt());
            assertEquals("http://localhost:3000", body.get("storefrontUrl").asText());
            JsonNode visitor = storefront.anonymous(SHOP);
            HttpResult redeemed =
                    redeem(
                            SHOP,
                            visitor.get("access_token").asText(),
                            body.get("handoffCode").asText());
            assertEquals(200, redeemed.status(), redeemed::toString);
            assertEquals(
                    visitor.get("sessionId").asText(),
                    redeemed.json().get("session_id").asText(),
                    "the visitor's session is kept");
            assertEquals(
                    agentId,
                    Jwts.claims(redeemed.json().get("access_token").asText())
                            .at("/act/sub")
                            .asText());
            assertStandardError(
                    400, redeem(SHOP, anonymous(SHOP), body.get("handoffCode").asText()));
        }

        @Test
        void aCodeDiesWithItsIssuersRole() {
            String name = "handing-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            String id = staff(name, true);
            HttpResult r =
                    assist(
                            staffToken(name),
                            Map.of("customerNumber", customer(address("abr2-")), "handoff", true));
            assertEquals(200, r.status(), r::toString);
            revokeStaffRole(id);
            assertStandardError(
                    400, redeem(SHOP, anonymous(SHOP), r.json().get("handoffCode").asText()));
        }

        @Test
        void anotherTenantsOrAnUnknownCodeIsRefused() {
            String code = handoffCode(customer(address("abt-")));
            assertStandardError(400, redeem(Demo.TENANT, anonymous(Demo.TENANT), code));
            // Tried at another tenant, it is still good at its own (nothing there could take it).
            assertEquals(200, redeem(SHOP, anonymous(SHOP), code).status());
            assertStandardError(400, redeem(SHOP, anonymous(SHOP), "no-such-code"));
            assertInvalidToken(redeem(SHOP, "not.a.token", handoffCode(customer(address("abu-")))));
        }

        @Test
        void twoRedemptionsAtOnceGiveOneSession() throws Exception {
            String code = handoffCode(customer(address("abo-")));
            String first = anonymous(SHOP);
            String second = anonymous(SHOP);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<HttpResult>> both = new ArrayList<>();
            for (String visitor : List.of(first, second)) {
                both.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        start.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return redeem(SHOP, visitor, code);
                                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResult> f : both) {
                statuses.add(f.get().status());
            }
            statuses.sort(null);
            assertEquals(List.of(200, 400), statuses);
        }
    }

    static void setting(String field, String value) {
        HttpResult r = server.admin("PUT", "/" + SHOP + "/emporix/settings", Map.of(field, value));
        assertTrue(r.status() / 100 == 2, r::toString);
    }

    static HttpResult keycloakRefresh(String refreshToken) {
        return server.postForm(
                server.baseUrl() + "/realms/" + SHOP + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type", "refresh_token",
                        "client_id", "storefront",
                        "refresh_token", refreshToken));
    }

    static TreeSet<String> fieldNames(JsonNode body) {
        TreeSet<String> names = new TreeSet<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    HttpResult send(String method, String path, String token, Object body) {
        return send(SHOP, method, path, token, body);
    }
}
