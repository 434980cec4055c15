package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.ALLOWED_ORIGIN;
import static dev.kcemporix.auth.it.support.Demo.B2C_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2C_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.OTHER_TENANT;
import static dev.kcemporix.auth.it.support.Demo.PLAIN_REALM;
import static dev.kcemporix.auth.it.support.Demo.STOREFRONT;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Anonymous tokens (docs/endpoints.md, *Anonymous login and refresh*); run on each mount by a
 * subclass.
 */
abstract class AnonymousTokenScenarios extends MountScenarios {

    @BeforeAll
    static void realms() {
        server.ensureRealm(OTHER_TENANT, true);
        server.ensureRealm(PLAIN_REALM, false);
    }

    String url(String pathRealm, String pathAndQuery) {
        return storefront.url(pathRealm, pathAndQuery);
    }

    HttpResult anonymousLogin(String tenant, String query, String... headers) {
        return storefront.anonymousLogin(tenant, query, headers);
    }

    HttpResult anonymousLogin() {
        return storefront.anonymousLogin(TENANT);
    }

    HttpResult anonymousRefresh(String tenant, String clientId, String refreshToken) {
        return storefront.anonymousRefresh(tenant, clientId, refreshToken);
    }

    @Nested
    class Login {

        @Test
        void answersWithEveryFieldOfTheContract() {
            HttpResult r = anonymousLogin();
            assertEquals(200, r.status(), r::toString);
            JsonNode body = r.json();
            assertEquals("Bearer", body.get("token_type").asText());
            assertFalse(body.get("access_token").asText().isBlank());
            assertEquals(3599, body.get("expires_in").asInt());
            assertFalse(body.get("refresh_token").asText().isBlank());
            assertEquals(86399, body.get("refresh_token_expires_in").asInt());
            assertEquals("tenant=demo", body.get("scope").asText());
            UUID.fromString(body.get("sessionId").asText());
        }

        @Test
        void eachLoginStartsANewSession() {
            assertNotEquals(
                    anonymousLogin().json().get("sessionId").asText(),
                    anonymousLogin().json().get("sessionId").asText());
        }

        @Test
        void accessTokenVerifiesAgainstTheRealmJwks() throws Exception {
            String token = anonymousLogin().json().get("access_token").asText();
            JWKSet jwks =
                    JWKSet.load(
                            new URL(
                                    server.baseUrl()
                                            + "/realms/demo/protocol/openid-connect/certs"));
            JWSObject jws = JWSObject.parse(token);
            RSAKey key = (RSAKey) jwks.getKeyByKeyId(jws.getHeader().getKeyID());
            assertTrue(jws.verify(new RSASSAVerifier(key)), "signature");
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            assertEquals(server.baseUrl() + "/realms/demo", claims.get("iss"));
            assertEquals(STOREFRONT, claims.get("client_id"));
            assertEquals(
                    null,
                    claims.get("azp"),
                    "no azp: Keycloak's introspection must find no client for it");
        }

        @Test
        void legacyHybrisTenantParameterIsAccepted() {
            assertEquals(
                    200,
                    anonymousLogin(TENANT, "hybris-tenant=demo&client_id=storefront").status());
        }

        @Test
        void tenantWithCapitalsIsLookedUpLowercased() {
            HttpResult r = anonymousLogin(TENANT, "tenant=DeMo&client_id=storefront");
            assertEquals(200, r.status(), r::toString);
            assertEquals("tenant=demo", r.json().get("scope").asText());
        }

        @Test
        void sessionParametersAreAccepted() {
            HttpResult r =
                    anonymousLogin(
                            TENANT,
                            "tenant=demo&client_id=storefront&currency=EUR&siteCode=main&languag"
                                    + "e=de&targetLocation=DE");
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void missingTenantIsABadRequestAtTheRootAndThePathsRealmOnTheRealmMount() {
            HttpResult r = anonymousLogin(TENANT, "client_id=storefront");
            if (mount() == MountUnderTest.REALM) {
                assertEquals(200, r.status(), r::toString);
                return;
            }
            assertStandardError(400, r);
            assertEquals("tenant", r.json().at("/details/0/field").asText());
        }

        @Test
        void missingClientIdIsABadRequest() {
            HttpResult r = anonymousLogin(TENANT, "tenant=demo");
            assertStandardError(400, r);
            assertEquals("client_id", r.json().at("/details/0/field").asText());
        }

        @Test
        void unknownClientIsRejected() {
            assertStandardError(401, anonymousLogin(TENANT, "tenant=demo&client_id=nosuchclient"));
            // The same as a form, as SDKs that POST it send it.
            assertStandardError(
                    401,
                    server.postForm(
                            url(TENANT, "/customerlogin/auth/anonymous/login"),
                            Map.of("tenant", "demo", "client_id", "nosuchclient")));
        }

        @Test
        void confidentialClientIsRejected() {
            assertStandardError(
                    401, anonymousLogin(TENANT, "tenant=demo&client_id=emporix-service"));
        }

        @Test
        void oversizedSessionParameterIsABadRequest() {
            assertStandardError(
                    400,
                    anonymousLogin(
                            TENANT,
                            "tenant=demo&client_id=storefront&siteCode=" + "x".repeat(500)));
        }
    }

    @Nested
    class Tenants {

        @Test
        void masterIsNotFound() {
            assertStandardError(
                    404, anonymousLogin("master", "tenant=master&client_id=storefront"));
        }

        @Test
        void realmWithoutTheExtensionIsNotFound() {
            assertStandardError(
                    404,
                    anonymousLogin(PLAIN_REALM, "tenant=" + PLAIN_REALM + "&client_id=storefront"));
        }

        @Test
        void unknownTenantIsNotFound() {
            HttpResult r =
                    anonymousLogin("nosuchtenant", "tenant=nosuchtenant&client_id=storefront");
            assertEquals(404, r.status(), r::toString);
            if (mount() == MountUnderTest.ROOT) {
                // On the realm mount Keycloak itself answers for a realm that does not exist.
                assertStandardError(404, r);
            }
        }

        @Test
        void anotherEnabledTenantAnswersToo() {
            HttpResult r =
                    anonymousLogin(
                            OTHER_TENANT, "tenant=" + OTHER_TENANT + "&client_id=storefront");
            assertEquals(200, r.status(), r::toString);
            assertEquals("tenant=" + OTHER_TENANT, r.json().get("scope").asText());
        }
    }

    @Nested
    class Refresh {

        @Test
        void keepsTheSessionAndIssuesNewTokens() {
            JsonNode first = anonymousLogin().json();
            HttpResult r =
                    anonymousRefresh(TENANT, STOREFRONT, first.get("refresh_token").asText());
            assertEquals(200, r.status(), r::toString);
            JsonNode second = r.json();
            assertEquals(first.get("sessionId").asText(), second.get("sessionId").asText());
            assertNotEquals(
                    first.get("access_token").asText(), second.get("access_token").asText());
            assertEquals("Bearer", second.get("token_type").asText());
            assertEquals(3599, second.get("expires_in").asInt());
            assertEquals(86399, second.get("refresh_token_expires_in").asInt());
            assertEquals("tenant=demo", second.get("scope").asText());
        }

        @Test
        void deprecatedAnonymousTokenIsIgnoredBesideARefreshToken() {
            JsonNode first = anonymousLogin().json();
            HttpResult r =
                    server.get(
                            url(
                                    TENANT,
                                    "/customerlogin/auth/anonymous/refresh?tenant=demo&client_id"
                                            + "=storefront&anonymous_token=junk&refresh_token="
                                            + Server.enc(first.get("refresh_token").asText())));
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void missingRefreshTokenIsABadRequest() {
            HttpResult r =
                    server.get(
                            url(
                                    TENANT,
                                    "/customerlogin/auth/anonymous/refresh?tenant=demo&client_id"
                                            + "=storefront"));
            assertStandardError(400, r);
            assertEquals("refresh_token", r.json().at("/details/0/field").asText());
        }

        @Test
        void garbageIsAnInvalidToken() {
            assertInvalidToken(anonymousRefresh(TENANT, STOREFRONT, "not-a-token"));
        }

        @Test
        void anAccessTokenIsNotARefreshToken() {
            assertInvalidToken(
                    anonymousRefresh(
                            TENANT,
                            STOREFRONT,
                            anonymousLogin().json().get("access_token").asText()));
        }

        @Test
        void aCustomerRefreshTokenIsRejected() {
            HttpResult customer =
                    server.postForm(
                            server.baseUrl() + "/realms/demo/protocol/openid-connect/token",
                            Map.of(
                                    "grant_type",
                                    "password",
                                    "client_id",
                                    STOREFRONT,
                                    "username",
                                    B2C_EMAIL,
                                    "password",
                                    B2C_PASSWORD));
            assertEquals(200, customer.status(), customer::toString);
            assertInvalidToken(
                    anonymousRefresh(
                            TENANT, STOREFRONT, customer.json().get("refresh_token").asText()));
        }

        @Test
        void anotherTenantsRefreshTokenIsRejected() {
            String foreign =
                    anonymousLogin(OTHER_TENANT, "tenant=" + OTHER_TENANT + "&client_id=storefront")
                            .json()
                            .get("refresh_token")
                            .asText();
            assertInvalidToken(anonymousRefresh(TENANT, STOREFRONT, foreign));
        }

        @Test
        void anotherStorefrontsRefreshTokenIsRejected() {
            if (server.adminJson("/" + OTHER_TENANT + "/clients?clientId=second-storefront")
                    .isEmpty()) {
                assertEquals(
                        201,
                        server.admin(
                                        "POST",
                                        "/" + OTHER_TENANT + "/clients",
                                        Map.of(
                                                "clientId",
                                                "second-storefront",
                                                "publicClient",
                                                true,
                                                "directAccessGrantsEnabled",
                                                true))
                                .status());
            }
            String refreshToken = storefront.anonymous(OTHER_TENANT).get("refresh_token").asText();
            assertInvalidToken(anonymousRefresh(OTHER_TENANT, "second-storefront", refreshToken));
        }

        @Test
        void keycloaksOwnClientsAreNoStorefronts() {
            String refreshToken = anonymousLogin().json().get("refresh_token").asText();
            HttpResult r = anonymousRefresh(TENANT, "account-console", refreshToken);
            assertStandardError(401, r);
            assertEquals("Invalid client_id", r.json().get("message").asText(), r::toString);
        }

        @Test
        void aTamperedRefreshTokenIsRejected() {
            String token = anonymousLogin().json().get("refresh_token").asText();
            String[] parts = token.split("\\.");
            String tampered =
                    parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
            assertInvalidToken(anonymousRefresh(TENANT, STOREFRONT, tampered));
        }
    }

    @Nested
    class Lifetimes {

        @Test
        void comeFromTheRealmAndExpiredRefreshTokensAreRejected() throws InterruptedException {
            setOtherTenantLifespans("5", "1");
            try {
                HttpResult login =
                        anonymousLogin(
                                OTHER_TENANT, "tenant=" + OTHER_TENANT + "&client_id=storefront");
                assertEquals(5, login.json().get("expires_in").asInt(), login::toString);
                assertEquals(
                        1, login.json().get("refresh_token_expires_in").asInt(), login::toString);
                Thread.sleep(2100);
                HttpResult r =
                        anonymousRefresh(
                                OTHER_TENANT,
                                STOREFRONT,
                                login.json().get("refresh_token").asText());
                assertEquals(401, r.status(), r::toString);
                assertEquals(
                        "keymanagement.service.access_token_expired",
                        r.json().at("/fault/detail/errorcode").asText());
            } finally {
                setOtherTenantLifespans("", "");
            }
        }

        private void setOtherTenantLifespans(String access, String refresh) {
            HttpResult r =
                    server.admin(
                            "PUT",
                            "/" + OTHER_TENANT,
                            Map.of(
                                    "attributes",
                                    Map.of(
                                            "emporix.enabled", "true",
                                            "emporix.anonymous.accessTokenLifespan", access,
                                            "emporix.anonymous.refreshTokenLifespan", refresh)));
            assertEquals(204, r.status(), r::toString);
        }
    }

    @Nested
    class Cors {

        @Test
        void preflightFromTheStorefrontOriginIsAllowed() {
            HttpResult r =
                    server.options(
                            url(
                                    TENANT,
                                    "/customerlogin/auth/anonymous/login?tenant=demo&client_id=s"
                                            + "torefront"),
                            "Origin",
                            ALLOWED_ORIGIN,
                            "Access-Control-Request-Method",
                            "GET");
            assertTrue(r.status() < 300, r::toString);
            assertEquals(ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
            assertTrue(
                    r.header("Access-Control-Allow-Methods").contains("GET"),
                    r.headers()::toString);
        }

        @Test
        void preflightFromAnotherOriginGetsNoCorsHeaders() {
            HttpResult r =
                    server.options(
                            url(
                                    TENANT,
                                    "/customerlogin/auth/anonymous/login?tenant=demo&client_id=s"
                                            + "torefront"),
                            "Origin",
                            "https://evil.example",
                            "Access-Control-Request-Method",
                            "GET");
            assertNull(r.header("Access-Control-Allow-Origin"), r.headers()::toString);
        }

        @Test
        void requestFromTheStorefrontOriginCarriesCorsHeaders() {
            HttpResult r =
                    anonymousLogin(
                            TENANT, "tenant=demo&client_id=storefront", "Origin", ALLOWED_ORIGIN);
            assertEquals(200, r.status(), r::toString);
            assertEquals(ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin"));
        }

        @Test
        void requestFromAnotherOriginIsRefusedWithoutCorsHeaders() {
            HttpResult r =
                    anonymousLogin(
                            TENANT,
                            "tenant=demo&client_id=storefront",
                            "Origin",
                            "https://evil.example");
            assertStandardError(403, r);
            assertNull(r.header("Access-Control-Allow-Origin"), r.headers()::toString);
        }

        @Test
        void errorsForTheStorefrontOriginCarryCorsHeadersToo() {
            HttpResult r = anonymousRefresh(TENANT, STOREFRONT, "junk");
            assertEquals(401, r.status());
            HttpResult withOrigin =
                    server.get(
                            url(
                                    TENANT,
                                    "/customerlogin/auth/anonymous/refresh?tenant=demo&client_id"
                                            + "=storefront&refresh_token=junk"),
                            "Origin",
                            ALLOWED_ORIGIN);
            assertInvalidToken(withOrigin);
            assertEquals(ALLOWED_ORIGIN, withOrigin.header("Access-Control-Allow-Origin"));
        }
    }
}
