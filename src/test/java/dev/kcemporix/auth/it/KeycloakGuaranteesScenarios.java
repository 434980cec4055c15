package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.B2B_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2B_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Server;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keycloak's guarantees on our endpoints, and ours at Keycloak's: issue-by-issue checks of what
 * Keycloak's token endpoint enforces, one storefront session per customer, password changes, legal
 * entities, and our own tokens at Keycloak's endpoints. Run on the realm mount by a subclass
 * (MountParityIT sends every call to both mounts).
 */
abstract class KeycloakGuaranteesScenarios extends MountScenarios {

    /**
     * Storefront tokens name the API client {@code api} as audience, the usual way to let an API
     * introspect them.
     */
    static final String API_TENANT = "apishop";

    static final String API_SECRET = "api-secret-1";
    static final String PASSWORD = "guarantee-pass-1";

    @BeforeAll
    static void realms() {
        if (server.admin("GET", "/" + API_TENANT, null).status() == 200) {
            return;
        }
        server.ensureRealm(API_TENANT, true, Map.of("organizationsEnabled", true), Map.of());
        HttpResult api =
                server.admin(
                        "POST",
                        "/" + API_TENANT + "/clients",
                        Map.of(
                                "clientId",
                                "api",
                                "publicClient",
                                false,
                                "secret",
                                API_SECRET,
                                "serviceAccountsEnabled",
                                true,
                                "standardFlowEnabled",
                                false));
        assertEquals(201, api.status(), api::toString);
        String storefront =
                server.adminJson("/" + API_TENANT + "/clients?clientId=storefront")
                        .get(0)
                        .get("id")
                        .asText();
        HttpResult mapper =
                server.admin(
                        "POST",
                        "/" + API_TENANT + "/clients/" + storefront + "/protocol-mappers/models",
                        Map.of(
                                "name",
                                "api audience",
                                "protocol",
                                "openid-connect",
                                "protocolMapper",
                                "oidc-audience-mapper",
                                "config",
                                Map.of(
                                        "included.client.audience",
                                        "api",
                                        "access.token.claim",
                                        "true",
                                        "introspection.token.claim",
                                        "true")));
        assertEquals(201, mapper.status(), mapper::toString);
        HttpResult other =
                server.admin(
                        "POST",
                        "/" + API_TENANT + "/clients",
                        Map.of(
                                "clientId",
                                "other-app",
                                "publicClient",
                                true,
                                "standardFlowEnabled",
                                true,
                                "redirectUris",
                                List.of("https://other.example/*"),
                                "webOrigins",
                                List.of("https://other.example")));
        assertEquals(201, other.status(), other::toString);
    }

    static String newCustomer(String realm) {
        String email = "g-" + UUID.randomUUID() + "@example.com";
        server.createCustomer(realm, email, PASSWORD);
        return email;
    }

    static Map<String, Object> claims(String jwt) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> claims =
                new ObjectMapper()
                        .readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
        return claims;
    }

    HttpResult introspect(String token) {
        return server.postForm(
                server.baseUrl()
                        + "/realms/"
                        + API_TENANT
                        + "/protocol/openid-connect/token/introspect",
                Map.of("token", token, "client_id", "api", "client_secret", API_SECRET));
    }

    HttpResult nativeRefresh(String realm, String refreshToken) {
        return server.postForm(
                server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        "storefront",
                        "refresh_token",
                        refreshToken));
    }

    @Nested
    class TokenEndpointChecks {

        @Test
        void aDisabledRealmIssuesNoAnonymousTokenAndRefusesEveryEndpoint() {
            String realm = "off-" + UUID.randomUUID().toString().substring(0, 8);
            server.ensureRealm(realm, true);
            String email = newCustomer(realm);
            JsonNode anonymous = storefront.anonymous(realm);
            String access =
                    storefront.customer(realm, email, PASSWORD).get("access_token").asText();
            assertEquals(204, server.admin("PUT", "/" + realm, Map.of("enabled", false)).status());

            assertStandardError(403, storefront.anonymousLogin(realm));
            assertStandardError(
                    403,
                    storefront.anonymousRefresh(
                            realm, "storefront", anonymous.get("refresh_token").asText()));
            assertStandardError(
                    403,
                    storefront.login(
                            realm, anonymous.get("access_token").asText(), email, PASSWORD));
            assertStandardError(403, storefront.validate(realm, access));
            assertStandardError(403, storefront.logout(realm, access));
        }

        @Test
        void plainHttpIsRefusedWhereTheRealmRequiresSsl() {
            String realm = "ssl-" + UUID.randomUUID().toString().substring(0, 8);
            server.ensureRealm(realm, true);
            String email = newCustomer(realm);
            JsonNode anonymous = storefront.anonymous(realm);
            assertEquals(
                    204, server.admin("PUT", "/" + realm, Map.of("sslRequired", "all")).status());

            HttpResult login =
                    storefront.login(
                            realm, anonymous.get("access_token").asText(), email, PASSWORD);
            assertStandardError(403, login);
            assertEquals("HTTPS required", login.json().get("message").asText());
            assertStandardError(403, storefront.anonymousLogin(realm));
        }

        @Test
        void aJwsWithoutAKnownAlgorithmIsAnInvalidTokenNotAServerError() {
            // {} / {"typ":"JWT"} without alg, {"alg":0} and {"alg":"XYZ"}: no signature provider
            // serves them.
            for (String token :
                    List.of(
                            "e30.e30.e30",
                            "e30.e30.",
                            "eyJ0eXAiOiJKV1QifQ.e30.AAAA",
                            "eyJhbGciOjB9.e30",
                            "eyJhbGciOjB9.e30.AAAA",
                            "eyJhbGciOiJYWVoifQ.e30.AAAA")) {
                assertInvalidToken(storefront.validate(TENANT, token));
                assertInvalidToken(storefront.logout(TENANT, token));
            }
        }
    }

    @Nested
    class OneStorefrontSessionPerCustomer {

        @Test
        void aSecondCustomerGetsASessionOfTheirOwnAndTheFirstKeepsTheirs() {
            String first = newCustomer(API_TENANT);
            String second = newCustomer(API_TENANT);
            JsonNode anonymous = storefront.anonymous(API_TENANT);
            String anonymousToken = anonymous.get("access_token").asText();
            String sessionId = anonymous.get("sessionId").asText();

            JsonNode firstLogin =
                    storefront.login(API_TENANT, anonymousToken, first, PASSWORD).json();
            assertEquals(sessionId, firstLogin.get("session_id").asText());
            HttpResult secondLogin = storefront.login(API_TENANT, anonymousToken, second, PASSWORD);
            assertEquals(200, secondLogin.status(), secondLogin::toString);
            assertNotEquals(sessionId, secondLogin.json().get("session_id").asText());

            // A storefront that logs out and in again keeps its session.
            assertEquals(
                    204,
                    storefront
                            .logout(API_TENANT, firstLogin.get("access_token").asText())
                            .status());
            JsonNode again = storefront.login(API_TENANT, anonymousToken, first, PASSWORD).json();
            assertEquals(sessionId, again.get("session_id").asText());
            assertEquals(
                    sessionId,
                    storefront
                            .validate(API_TENANT, again.get("access_token").asText())
                            .json()
                            .get("sessionId")
                            .asText());
        }

        @Test
        void whoeverKeptTheAnonymousTokenCannotRenewItOnceACustomerClaimedTheSession() {
            JsonNode anonymous = storefront.anonymous(API_TENANT);
            assertEquals(
                    200,
                    storefront
                            .anonymousRefresh(
                                    API_TENANT,
                                    "storefront",
                                    anonymous.get("refresh_token").asText())
                            .status());
            storefront.login(
                    API_TENANT,
                    anonymous.get("access_token").asText(),
                    newCustomer(API_TENANT),
                    PASSWORD);
            assertInvalidToken(
                    storefront.anonymousRefresh(
                            API_TENANT, "storefront", anonymous.get("refresh_token").asText()));
        }
    }

    @Nested
    class PasswordChanges {

        @Test
        void anAdminsResetEndsTheCustomersSessionsAtKeycloaksEndpointsToo() {
            String email = newCustomer(API_TENANT);
            JsonNode ours = storefront.customer(API_TENANT, email, PASSWORD);
            JsonNode native_ =
                    server.postForm(
                                    server.baseUrl()
                                            + "/realms/"
                                            + API_TENANT
                                            + "/protocol/openid-connect/token",
                                    Map.of(
                                            "grant_type",
                                            "password",
                                            "client_id",
                                            "storefront",
                                            "username",
                                            email,
                                            "password",
                                            PASSWORD))
                            .json();
            String userId = server.userId(API_TENANT, email);
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + API_TENANT + "/users/" + userId + "/reset-password",
                                    Map.of(
                                            "type",
                                            "password",
                                            "value",
                                            "brand-new-pass-1",
                                            "temporary",
                                            false))
                            .status());

            HttpResult nativeAfterReset =
                    nativeRefresh(API_TENANT, native_.get("refresh_token").asText());
            assertEquals(
                    400,
                    nativeAfterReset.status(),
                    "Keycloak's own refresh after a reset: " + nativeAfterReset);
            assertEquals(
                    "invalid_grant",
                    nativeAfterReset.json().get("error").asText(),
                    nativeAfterReset::toString);
            HttpResult nativeOfOurs = nativeRefresh(API_TENANT, ours.get("refresh_token").asText());
            assertEquals(
                    400,
                    nativeOfOurs.status(),
                    "Keycloak's own refresh of our session: " + nativeOfOurs);
            assertEquals(
                    "invalid_grant",
                    nativeOfOurs.json().get("error").asText(),
                    nativeOfOurs::toString);
            assertFalse(
                    introspect(native_.get("access_token").asText())
                            .json()
                            .get("active")
                            .asBoolean());
            assertInvalidToken(storefront.refresh(API_TENANT, ours.get("refresh_token").asText()));
            assertInvalidToken(storefront.validate(API_TENANT, ours.get("access_token").asText()));
            assertEquals(
                    200,
                    storefront
                            .login(
                                    API_TENANT,
                                    storefront.anonymous(API_TENANT).get("access_token").asText(),
                                    email,
                                    "brand-new-pass-1")
                            .status());
        }
    }

    @Nested
    class LegalEntities {

        String organization;
        String email;

        void member() {
            email = newCustomer(API_TENANT);
            organization =
                    server.createOrganization(
                            API_TENANT,
                            "org-" + UUID.randomUUID().toString().substring(0, 8),
                            true,
                            Map.of());
            server.addMember(API_TENANT, organization, server.userId(API_TENANT, email));
        }

        @Test
        void keycloaksOwnRefreshNeverNamesALegalEntity() throws Exception {
            member();
            JsonNode login = storefront.customer(API_TENANT, email, PASSWORD);
            HttpResult chosen =
                    storefront.refresh(
                            API_TENANT, login.get("refresh_token").asText(), organization);
            assertEquals(200, chosen.status(), chosen::toString);
            assertEquals(
                    organization,
                    claims(chosen.json().get("access_token").asText()).get("legalEntityId"));

            HttpResult native_ =
                    nativeRefresh(API_TENANT, chosen.json().get("refresh_token").asText());
            assertEquals(200, native_.status(), native_::toString);
            assertNull(claims(native_.json().get("access_token").asText()).get("legalEntityId"));
        }

        @Test
        void aRemovedMemberGetsNoTokenNamingTheEntityAnywhere() throws Exception {
            member();
            JsonNode login = storefront.customer(API_TENANT, email, PASSWORD);
            String refresh =
                    storefront
                            .refresh(API_TENANT, login.get("refresh_token").asText(), organization)
                            .json()
                            .get("refresh_token")
                            .asText();
            String userId = server.userId(API_TENANT, email);
            assertEquals(
                    204,
                    server.admin(
                                    "DELETE",
                                    "/"
                                            + API_TENANT
                                            + "/organizations/"
                                            + organization
                                            + "/members/"
                                            + userId,
                                    null)
                            .status());

            assertStandardError(403, storefront.refresh(API_TENANT, refresh, organization));
            HttpResult native_ = nativeRefresh(API_TENANT, refresh);
            assertEquals(200, native_.status(), native_::toString);
            assertNull(claims(native_.json().get("access_token").asText()).get("legalEntityId"));
        }

        @Test
        void concurrentRefreshesChoosingDifferentEntitiesEachGetTheirOwn() throws Exception {
            member();
            String second =
                    server.createOrganization(
                            API_TENANT,
                            "org-" + UUID.randomUUID().toString().substring(0, 8),
                            true,
                            Map.of());
            server.addMember(API_TENANT, second, server.userId(API_TENANT, email));
            String refresh =
                    storefront.customer(API_TENANT, email, PASSWORD).get("refresh_token").asText();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String[]>> results = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    String entity = i % 2 == 0 ? organization : second;
                    results.add(
                            pool.submit(
                                    () -> {
                                        HttpResult r =
                                                storefront.refresh(API_TENANT, refresh, entity);
                                        if (r.status() != 200) {
                                            return new String[] {entity, "status " + r.status()};
                                        }
                                        String token = r.json().get("access_token").asText();
                                        return new String[] {
                                            entity, (String) claims(token).get("legalEntityId")
                                        };
                                    }));
                }
                int checked = 0;
                for (Future<String[]> f : results) {
                    String[] r = f.get();
                    if (!r[1].startsWith("status")) {
                        assertEquals(r[0], r[1], "a refresh got another request's legal entity");
                        checked++;
                    }
                }
                assertTrue(checked > 0);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Nested
    class OurTokensAtKeycloaksEndpoints {

        @Test
        void anApiClientInTheAudienceSeesTheCustomerTokenActiveButNeverTheSaasOrAnonymousToken() {
            JsonNode login = storefront.customer(API_TENANT, newCustomer(API_TENANT), PASSWORD);
            assertTrue(
                    introspect(login.get("access_token").asText()).json().get("active").asBoolean(),
                    "sanity: the customer token");
            assertFalse(
                    introspect(login.get("saas_token").asText()).json().get("active").asBoolean(),
                    "saas token");
            assertFalse(
                    introspect(storefront.anonymous(API_TENANT).get("access_token").asText())
                            .json()
                            .get("active")
                            .asBoolean(),
                    "anonymous token");
        }

        @Test
        void userinfoAndTheAccountApiRefuseThem() {
            JsonNode login = storefront.customer(API_TENANT, newCustomer(API_TENANT), PASSWORD);
            String anonymous = storefront.anonymous(API_TENANT).get("access_token").asText();
            for (String token : List.of(login.get("saas_token").asText(), anonymous)) {
                assertEquals(
                        401,
                        server.get(
                                        server.baseUrl()
                                                + "/realms/"
                                                + API_TENANT
                                                + "/protocol/openid-connect/userinfo",
                                        "Authorization",
                                        "Bearer " + token)
                                .status());
                assertEquals(
                        401,
                        server.get(
                                        server.baseUrl() + "/realms/" + API_TENANT + "/account/",
                                        "Authorization",
                                        "Bearer " + token,
                                        "Accept",
                                        "application/json")
                                .status());
            }
        }

        /**
         * Whoever checks a saas token learns its session from {@code sid}: the customer's Keycloak
         * session, live before the logout (the admin API lists it) and gone after it.
         */
        @Test
        void theSaasTokenNamesItsSessionAndALogoutEndsIt() throws Exception {
            String email = newCustomer(API_TENANT);
            JsonNode login = storefront.customer(API_TENANT, email, PASSWORD);
            Map<String, Object> saas = claims(login.get("saas_token").asText());
            assertNull(saas.get("azp"));
            assertEquals(claims(login.get("access_token").asText()).get("sid"), saas.get("sid"));
            String sessions =
                    "/" + API_TENANT + "/users/" + server.userId(API_TENANT, email) + "/sessions";
            assertTrue(
                    server.adminJson(sessions).toString().contains("\"" + saas.get("sid") + "\""),
                    "the saas token's session is live");
            assertEquals(
                    204,
                    storefront.logout(API_TENANT, login.get("access_token").asText()).status());
            assertFalse(
                    introspect(login.get("access_token").asText())
                            .json()
                            .get("active")
                            .asBoolean());
            assertFalse(
                    server.adminJson(sessions).toString().contains("\"" + saas.get("sid") + "\""),
                    "the saas token's session ended");
        }
    }

    @Nested
    class CorsOfTheOneClient {

        @Test
        void anotherPublicClientsOriginIsNoStorefrontOrigin() {
            HttpResult preflight =
                    server.options(
                            storefront.url(API_TENANT, "/customer/" + API_TENANT + "/login"),
                            "Origin",
                            "https://other.example",
                            "Access-Control-Request-Method",
                            "POST");
            assertNull(
                    preflight.header("Access-Control-Allow-Origin"), preflight.headers()::toString);
            HttpResult anonymous =
                    server.get(
                            storefront.url(
                                    API_TENANT,
                                    "/customerlogin/auth/anonymous/login?tenant="
                                            + API_TENANT
                                            + "&client_id=storefront"),
                            "Origin",
                            "https://other.example");
            assertStandardError(403, anonymous);
        }

        @Test
        void theB2bCustomerOfTheDemoStillLogsIn() {
            assertEquals(
                    200,
                    storefront
                            .login(
                                    TENANT,
                                    storefront.anonymous(TENANT).get("access_token").asText(),
                                    B2B_EMAIL,
                                    B2B_PASSWORD)
                            .status());
        }
    }

    static String enc(String s) {
        return Server.enc(s);
    }
}
