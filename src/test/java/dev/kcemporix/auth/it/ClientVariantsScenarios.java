package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.ALLOWED_ORIGIN;
import static dev.kcemporix.auth.it.support.Demo.B2C_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2C_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.OTHER_TENANT;
import static dev.kcemporix.auth.it.support.Demo.SERVICE_CLIENT;
import static dev.kcemporix.auth.it.support.Demo.SERVICE_SECRET;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Server;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What real Emporix clients send beyond the reference (docs/endpoints.md, *What every endpoint
 * accepts*): every shape on each mount. Each request here is one a public SDK, storefront or script
 * sends unchanged.
 */
abstract class ClientVariantsScenarios extends MountScenarios {

    /** Brute-force detection with a failure factor of 3, for the SDK's retry after a 401. */
    static final String RETRY_TENANT = "retryshop";

    @BeforeAll
    static void realms() {
        server.ensureRealm(OTHER_TENANT, true);
        server.ensureRealm(
                RETRY_TENANT,
                true,
                Map.of(
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        3,
                        "waitIncrementSeconds",
                        300,
                        "maxFailureWaitSeconds",
                        900,
                        "maxDeltaTimeSeconds",
                        3600,
                        "quickLoginCheckMilliSeconds",
                        1000,
                        "minimumQuickLoginWaitSeconds",
                        60),
                Map.of());
    }

    String url(String path) {
        return storefront.url(TENANT, path);
    }

    JsonNode customer() {
        return storefront.customer(TENANT, B2C_EMAIL, B2C_PASSWORD);
    }

    static String json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Refresh {

        @Test
        void asPostWithAJsonBody() {
            HttpResult r =
                    server.post(
                            url("/customer/demo/refreshauthtoken"),
                            "application/json",
                            json(Map.of("refreshToken", customer().get("refresh_token").asText())));
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void asPostWithAFormBodyInSnakeCase() {
            HttpResult r =
                    server.postForm(
                            url("/customer/demo/refreshauthtoken"),
                            Map.of("refresh_token", customer().get("refresh_token").asText()));
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void asGetInSnakeCase() {
            HttpResult r =
                    server.get(
                            url(
                                    "/customer/demo/refreshauthtoken?refresh_token="
                                            + Server.enc(
                                                    customer().get("refresh_token").asText())));
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void withTheLegalEntityInTheBodyAndTheTokenInTheQuery() {
            String refresh =
                    storefront
                            .customer(
                                    TENANT,
                                    dev.kcemporix.auth.it.support.Demo.B2B_EMAIL,
                                    dev.kcemporix.auth.it.support.Demo.B2B_PASSWORD)
                            .get("refresh_token")
                            .asText();
            HttpResult r =
                    server.post(
                            url(
                                    "/customer/demo/refreshauthtoken?refreshToken="
                                            + Server.enc(refresh)),
                            "application/json",
                            json(Map.of("legal_entity_id", "LE-ACME-1")));
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void twoDifferentRefreshTokensAreABadRequestNamingTheField() {
            HttpResult r =
                    server.post(
                            url("/customer/demo/refreshauthtoken?refreshToken=one"),
                            "application/json",
                            json(Map.of("refresh_token", "two")));
            assertStandardError(400, r);
            assertEquals("refreshToken", r.json().at("/details/0/field").asText());
            assertEquals("conflict", r.json().at("/details/0/type").asText());
        }
    }

    @Nested
    class LogoutAndValidate {

        @Test
        void logoutWithTheCustomerTokenOnlyInTheAuthorizationHeader() {
            String token = customer().get("access_token").asText();
            HttpResult r =
                    server.get(url("/customer/demo/logout"), "Authorization", "Bearer " + token);
            assertEquals(204, r.status(), r::toString);
            assertInvalidToken(storefront.validate(TENANT, token));
        }

        @Test
        void logoutAsPostWithTheTokenInAJsonBody() {
            String token = customer().get("access_token").asText();
            HttpResult r =
                    server.post(
                            url("/customer/demo/logout"),
                            "application/json",
                            json(Map.of("access_token", token)),
                            "Authorization",
                            "Bearer " + token);
            assertEquals(204, r.status(), r::toString);
        }

        @Test
        void validateAsPost() {
            String token = customer().get("access_token").asText();
            HttpResult r =
                    server.post(
                            url("/customer/demo/validateauthtoken"),
                            null,
                            "",
                            "Authorization",
                            "Bearer " + token);
            assertEquals(200, r.status(), r::toString);
        }
    }

    @Nested
    class Tenants {

        @Test
        void anonymousLoginWithTheTenantInTheEmporixTenantHeader() {
            HttpResult r =
                    server.get(
                            url("/customerlogin/auth/anonymous/login?client_id=storefront"),
                            "Emporix-Tenant",
                            TENANT);
            assertEquals(200, r.status(), r::toString);
            assertEquals("tenant=demo", r.json().get("scope").asText());
        }

        @Test
        void theHeaderMayRepeatThePathsTenantInAnyCase() {
            HttpResult r =
                    server.post(
                            url("/customer/demo/refreshauthtoken"),
                            "application/json",
                            json(Map.of("refreshToken", customer().get("refresh_token").asText())),
                            "Emporix-Tenant",
                            "Demo");
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void twoDifferentTenantsAreABadRequest() {
            HttpResult r =
                    server.get(
                            url(
                                    "/customerlogin/auth/anonymous/login?tenant=demo&client_id=s"
                                            + "torefront"),
                            "Emporix-Tenant",
                            OTHER_TENANT);
            assertStandardError(400, r);
            assertEquals("tenant", r.json().at("/details/0/field").asText());
        }

        @Test
        void theLegacyHybrisTenantParameter() {
            HttpResult r =
                    server.get(
                            url(
                                    "/customerlogin/auth/anonymous/login?hybris-tenant=demo&clie"
                                            + "nt_id=storefront"));
            assertEquals(200, r.status(), r::toString);
        }
    }

    @Nested
    class AnonymousTokens {

        @Test
        void loginAsPostWithAFormBody() {
            HttpResult r =
                    server.postForm(
                            url("/customerlogin/auth/anonymous/login"),
                            Map.of("tenant", TENANT, "client_id", "storefront"));
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void refreshAsPostWithAJsonBodyInCamelCase() {
            JsonNode anonymous = storefront.anonymous(TENANT);
            HttpResult r =
                    server.post(
                            url("/customerlogin/auth/anonymous/refresh"),
                            "application/json",
                            json(
                                    Map.of(
                                            "tenant",
                                            TENANT,
                                            "clientId",
                                            "storefront",
                                            "refreshToken",
                                            anonymous.get("refresh_token").asText())));
            assertEquals(200, r.status(), r::toString);
            assertEquals(anonymous.get("sessionId"), r.json().get("sessionId"));
        }
    }

    @Nested
    class Login {

        @Test
        void withAFormBody() {
            HttpResult r =
                    server.postForm(
                            url("/customer/demo/login"),
                            Map.of("email", B2C_EMAIL, "password", B2C_PASSWORD),
                            "Authorization",
                            "Bearer " + storefront.anonymous(TENANT).get("access_token").asText());
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void neverTakesThePasswordFromTheQueryString() {
            HttpResult r =
                    server.post(
                            url("/customer/demo/login?password=" + B2C_PASSWORD),
                            "application/json",
                            json(Map.of("email", B2C_EMAIL)),
                            "Authorization",
                            "Bearer " + storefront.anonymous(TENANT).get("access_token").asText());
            assertStandardError(400, r);
            assertEquals("password", r.json().at("/details/0/field").asText());
        }
    }

    @Nested
    class ServiceTokens {

        HttpResult token(String contentType, String body, String query, String... headers) {
            return server.post(
                    url("/oauth/token" + (query == null ? "" : "?" + query)),
                    contentType,
                    body,
                    headers);
        }

        @Test
        void aJsonBodyInCamelCase() {
            HttpResult r =
                    token(
                            "application/json",
                            json(
                                    Map.of(
                                            "grantType",
                                            "client_credentials",
                                            "clientId",
                                            SERVICE_CLIENT,
                                            "clientSecret",
                                            SERVICE_SECRET,
                                            "tenant",
                                            TENANT)),
                            null);
            ServiceTokenScenarios.assertServiceToken(r);
        }

        @Test
        void everyParameterInTheQueryWithAnEmptyBody() {
            HttpResult r =
                    token(
                            null,
                            "",
                            "grant_type=client_credentials&client_id="
                                    + SERVICE_CLIENT
                                    + "&client_secret="
                                    + SERVICE_SECRET
                                    + "&tenant="
                                    + TENANT);
            ServiceTokenScenarios.assertServiceToken(r);
        }

        @Test
        void aBasicClientCredential() {
            String basic =
                    Base64.getEncoder()
                            .encodeToString(
                                    (SERVICE_CLIENT + ":" + SERVICE_SECRET)
                                            .getBytes(StandardCharsets.UTF_8));
            HttpResult r =
                    token(
                            "application/x-www-form-urlencoded",
                            "grant_type=client_credentials&tenant=" + TENANT,
                            null,
                            "Authorization",
                            "Basic " + basic);
            ServiceTokenScenarios.assertServiceToken(r);
        }

        @Test
        void theTenantInTheEmporixTenantHeader() {
            HttpResult r =
                    token(
                            "application/x-www-form-urlencoded",
                            Server.formEncode(
                                    Map.of(
                                            "grant_type",
                                            "client_credentials",
                                            "client_id",
                                            SERVICE_CLIENT,
                                            "client_secret",
                                            SERVICE_SECRET)),
                            null,
                            "Emporix-Tenant",
                            TENANT);
            ServiceTokenScenarios.assertServiceToken(r);
        }
    }

    @Nested
    class Preflights {

        static final String SDK_HEADERS =
                "authorization, content-type, emporix-tenant, x-version, saas-token, session-id";

        @Test
        void aBrowserSdksHeadersFromAnAllowedOriginAreLetThrough() {
            for (String path :
                    List.of(
                            "/customer/demo/login",
                            "/customer/demo/refreshauthtoken",
                            "/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront",
                            "/oauth/token?tenant=demo")) {
                HttpResult r =
                        server.options(
                                url(path),
                                "Origin",
                                ALLOWED_ORIGIN,
                                "Access-Control-Request-Method",
                                "POST",
                                "Access-Control-Request-Headers",
                                SDK_HEADERS);
                assertEquals(200, r.status(), r::toString);
                assertEquals(
                        ALLOWED_ORIGIN,
                        r.header("Access-Control-Allow-Origin"),
                        path + " " + r.headers());
                String allowed = r.header("Access-Control-Allow-Headers").toLowerCase(Locale.ROOT);
                for (String header : SDK_HEADERS.split(",\\s*")) {
                    assertTrue(
                            allowed.contains(header), path + " lacks " + header + ": " + allowed);
                }
                assertTrue(
                        r.header("Access-Control-Allow-Methods").contains("POST"),
                        r.headers()::toString);
            }
        }

        @Test
        void fromAnotherOriginNothingIsLetThrough() {
            HttpResult r =
                    server.options(
                            url("/customer/demo/login"),
                            "Origin",
                            "https://evil.example",
                            "Access-Control-Request-Method",
                            "POST",
                            "Access-Control-Request-Headers",
                            SDK_HEADERS);
            assertNull(r.header("Access-Control-Allow-Origin"), r.headers()::toString);
            assertNull(r.header("Access-Control-Allow-Headers"), r.headers()::toString);
        }
    }
}
