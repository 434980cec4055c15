package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.B2B_CUSTOMER_NUMBER;
import static dev.kcemporix.auth.it.support.Demo.B2B_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2B_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.B2C_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2C_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.DISABLED_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.DISABLED_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.OTHER_TENANT;
import static dev.kcemporix.auth.it.support.Demo.SERVICE_CLIENT;
import static dev.kcemporix.auth.it.support.Demo.SERVICE_SECRET;
import static dev.kcemporix.auth.it.support.Demo.STOREFRONT;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertExpiredToken;
import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.Demo;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Jwts;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Login, refresh, validate, logout (docs/endpoints.md, *Customer login* to *Logout*); run on the
 * root mount by a subclass (MountParityIT: both).
 */
abstract class CustomerTokenScenarios extends MountScenarios {

    /** Customer access tokens live 2 s and anonymous ones 1 s here, for expiry cases. */
    static final String SHORT_LIVED = "shortlived";

    /** Revokes refresh tokens on use, as an admin can switch on in the console. */
    static final String ROTATING = "rotating";

    @BeforeAll
    static void realms() {
        server.ensureRealm(OTHER_TENANT, true);
        server.ensureRealm(
                SHORT_LIVED,
                true,
                Map.of("accessTokenLifespan", 2),
                Map.of("emporix.anonymous.accessTokenLifespan", "1"));
        server.ensureRealm(
                ROTATING,
                true,
                Map.of("revokeRefreshToken", true, "refreshTokenMaxReuse", 0),
                Map.of());
    }

    /** A customer of its own for a test that changes the customer's state. */
    static String newCustomer(String realm) {
        String email = "c-" + UUID.randomUUID() + "@example.com";
        server.createCustomer(realm, email, "secret-pass-1");
        return email;
    }

    String anonymousToken(String tenant) {
        return storefront.anonymous(tenant).get("access_token").asText();
    }

    @Nested
    class WholeFlow {

        @Test
        void anonymousLoginValidateRefreshValidateLogoutThenEverythingFails() {
            JsonNode anonymous = storefront.anonymous(TENANT);
            String sessionId = anonymous.get("sessionId").asText();

            HttpResult login =
                    storefront.login(
                            TENANT,
                            anonymous.get("access_token").asText(),
                            B2C_EMAIL,
                            B2C_PASSWORD);
            assertEquals(200, login.status(), login::toString);
            assertEquals(sessionId, login.json().get("session_id").asText());
            String accessToken = login.json().get("access_token").asText();

            HttpResult validated = storefront.validate(TENANT, accessToken);
            assertEquals(200, validated.status(), validated::toString);
            assertEquals(sessionId, validated.json().get("sessionId").asText());
            assertEquals(B2C_EMAIL, validated.json().get("email").asText());

            HttpResult refreshed =
                    storefront.refresh(
                            TENANT,
                            login.json().get("refresh_token").asText(),
                            "Authorization",
                            "Bearer " + accessToken);
            assertEquals(200, refreshed.status(), refreshed::toString);
            assertEquals(sessionId, refreshed.json().get("session_id").asText());
            String renewed = refreshed.json().get("access_token").asText();
            assertNotEquals(accessToken, renewed);

            HttpResult validatedAgain = storefront.validate(TENANT, renewed);
            assertEquals(200, validatedAgain.status(), validatedAgain::toString);
            assertEquals(sessionId, validatedAgain.json().get("sessionId").asText());

            HttpResult logout = storefront.logout(TENANT, renewed);
            assertEquals(204, logout.status(), logout::toString);

            assertInvalidToken(storefront.validate(TENANT, renewed));
            assertInvalidToken(
                    storefront.refresh(TENANT, refreshed.json().get("refresh_token").asText()));
        }
    }

    @Nested
    class Login {

        @Test
        void answersWithEveryFieldOfTheContractAndTheCamelCaseTwins() {
            JsonNode body = storefront.customer(TENANT, B2C_EMAIL, B2C_PASSWORD);
            for (String field :
                    List.of("access_token", "saas_token", "refresh_token", "session_id")) {
                assertFalse(body.get(field).asText().isBlank(), field);
            }
            assertTrue(body.get("expires_in").asInt() > 0);
            assertTrue(body.get("refresh_token_expires_in").asInt() > 0);
            assertEquals("Bearer", body.get("token_type").asText());
            assertFalse(body.get("initialPassword").asBoolean());
            assertTrue(body.get("initialPassword").isBoolean());
            assertEquals(body.get("access_token"), body.get("accessToken"));
            assertEquals(body.get("saas_token"), body.get("saasToken"));
            assertEquals(body.get("expires_in"), body.get("expiresIn"));
            assertEquals(body.get("refresh_token"), body.get("refreshToken"));
            assertEquals(body.get("refresh_token_expires_in"), body.get("refreshTokenExpiresIn"));
        }

        @Test
        void saasTokenIsSignedByTheRealmsEcKeyAndNamesTheCustomerNumber() throws Exception {
            JsonNode body = storefront.customer(TENANT, B2B_EMAIL, B2B_PASSWORD);
            Map<String, Object> claims = verifiedClaims(body.get("saas_token").asText());
            assertEquals(B2B_CUSTOMER_NUMBER, claims.get("sub"));
            assertEquals(B2B_EMAIL, claims.get("email"));
            assertEquals(TENANT, claims.get("tenant"));
            assertEquals(server.baseUrl() + "/realms/demo", claims.get("iss"));
            for (String claim : List.of("iat", "exp", "jti")) {
                assertTrue(claims.containsKey(claim), claim);
            }
        }

        @Test
        void saasTokenFallsBackToTheUserIdWithoutACustomerNumber() throws Exception {
            JsonNode body = storefront.customer(TENANT, B2C_EMAIL, B2C_PASSWORD);
            String userId =
                    server.adminJson("/demo/users?exact=true&username=" + B2C_EMAIL)
                            .get(0)
                            .get("id")
                            .asText();
            assertEquals(userId, verifiedClaims(body.get("saas_token").asText()).get("sub"));
        }

        @Test
        void theSaasTokenIsNotAnAccessToken() {
            JsonNode body = storefront.customer(TENANT, B2B_EMAIL, B2B_PASSWORD);
            assertInvalidToken(storefront.validate(TENANT, body.get("saas_token").asText()));
        }

        /** The demo tenant was provisioned with this version: its saas_token is ES256. */
        private Map<String, Object> verifiedClaims(String token) throws Exception {
            return Jwts.verified(server, "demo", token, "ES256");
        }
    }

    @Nested
    class LoginRejects {

        @Test
        void aWrongPasswordAndAnUnknownEmailAlike() {
            String anonymous = anonymousToken(TENANT);
            String email = newCustomer(TENANT);
            HttpResult wrongPassword =
                    storefront.login(TENANT, anonymous, email, "not-the-password");
            HttpResult unknownEmail =
                    storefront.login(
                            TENANT,
                            anonymous,
                            "nobody-" + UUID.randomUUID() + "@example.com",
                            "not-the-password");
            assertStandardError(401, wrongPassword);
            assertEquals(wrongPassword.status(), unknownEmail.status());
            assertEquals(wrongPassword.body(), unknownEmail.body());
            assertFalse(wrongPassword.body().contains("not-the-password"));
        }

        @Test
        void aDisabledCustomerWithTheRightPassword() {
            HttpResult r =
                    storefront.login(
                            TENANT, anonymousToken(TENANT), DISABLED_EMAIL, DISABLED_PASSWORD);
            assertStandardError(401, r);
        }

        @Test
        void aCustomerWithAPendingRequiredAction() {
            // "Update password" alone is a temporary password: logged in with initialPassword (see
            // SelfServiceScenarios).
            String email = newCustomer(TENANT);
            String id =
                    server.adminJson("/demo/users?exact=true&username=" + email)
                            .get(0)
                            .get("id")
                            .asText();
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/demo/users/" + id,
                                    Map.of("requiredActions", List.of("CONFIGURE_TOTP")))
                            .status());
            assertStandardError(
                    401, storefront.login(TENANT, anonymousToken(TENANT), email, "secret-pass-1"));
        }

        @Test
        void aMissingBody() {
            assertStandardError(
                    400,
                    storefront.loginWithBody(
                            TENANT, anonymousToken(TENANT), "application/json", ""));
        }

        @Test
        void aBodyThatIsNotJson() {
            assertStandardError(
                    400,
                    storefront.loginWithBody(
                            TENANT, anonymousToken(TENANT), "application/json", "{email:"));
        }

        @Test
        void aBodyThatIsNotAnObject() {
            assertStandardError(
                    400,
                    storefront.loginWithBody(
                            TENANT, anonymousToken(TENANT), "application/json", "[\"a\",\"b\"]"));
        }

        @Test
        void theWrongContentType() {
            assertStandardError(
                    415,
                    storefront.loginWithBody(
                            TENANT,
                            anonymousToken(TENANT),
                            "text/plain",
                            Storefront.json(B2C_EMAIL, B2C_PASSWORD)));
        }

        @Test
        void aMissingEmail() {
            HttpResult r =
                    storefront.loginWithBody(
                            TENANT,
                            anonymousToken(TENANT),
                            "application/json",
                            "{\"password\":\"secret-pass\"}");
            assertStandardError(400, r);
            assertEquals("email", r.json().at("/details/0/field").asText());
        }

        @Test
        void aShortPassword() {
            HttpResult r = storefront.login(TENANT, anonymousToken(TENANT), B2C_EMAIL, "12345");
            assertStandardError(400, r);
            assertEquals("password", r.json().at("/details/0/field").asText());
            assertFalse(r.body().contains("12345"));
        }

        @Test
        void fieldsOfTheWrongType() {
            HttpResult r =
                    storefront.loginWithBody(
                            TENANT,
                            anonymousToken(TENANT),
                            "application/json",
                            "{\"email\":{},\"password\":[]}");
            assertStandardError(400, r);
            assertEquals("invalid", r.json().at("/details/0/type").asText());
        }

        @Test
        void aOneMegabyteBody() {
            String body =
                    "{\"email\":\""
                            + "a".repeat(1024 * 1024)
                            + "@example.com\",\"password\":\"secret-pass\"}";
            assertStandardError(
                    413,
                    storefront.loginWithBody(
                            TENANT, anonymousToken(TENANT), "application/json", body));
        }

        @Test
        void aMissingAnonymousToken() {
            assertInvalidToken(storefront.login(TENANT, null, B2C_EMAIL, B2C_PASSWORD));
        }

        @Test
        void aGarbageAnonymousToken() {
            assertInvalidToken(storefront.login(TENANT, "garbage", B2C_EMAIL, B2C_PASSWORD));
        }

        @Test
        void anotherTenantsAnonymousToken() {
            assertInvalidToken(
                    storefront.login(
                            TENANT, anonymousToken(OTHER_TENANT), B2C_EMAIL, B2C_PASSWORD));
        }

        @Test
        void aCustomerTokenInPlaceOfTheAnonymousOne() {
            String customerToken =
                    storefront
                            .customer(TENANT, B2C_EMAIL, B2C_PASSWORD)
                            .get("access_token")
                            .asText();
            assertInvalidToken(storefront.login(TENANT, customerToken, B2C_EMAIL, B2C_PASSWORD));
        }

        @Test
        void anExpiredAnonymousToken() throws InterruptedException {
            String email = newCustomer(SHORT_LIVED);
            String anonymous = anonymousToken(SHORT_LIVED);
            Thread.sleep(2100);
            assertExpiredToken(storefront.login(SHORT_LIVED, anonymous, email, "secret-pass-1"));
        }
    }

    @Nested
    class BruteForce {

        @Test
        void aCustomerIsLockedAfterTheRealmsFailureFactorEvenWithTheRightPassword() {
            int failureFactor = server.adminJson("/demo").get("failureFactor").asInt();
            String email = newCustomer(TENANT);
            String userId =
                    server.adminJson("/demo/users?exact=true&username=" + email)
                            .get(0)
                            .get("id")
                            .asText();
            String anonymous = anonymousToken(TENANT);
            try {
                for (int i = 0; i < failureFactor; i++) {
                    assertStandardError(
                            401, storefront.login(TENANT, anonymous, email, "wrong-password-" + i));
                }
                HttpResult locked = storefront.login(TENANT, anonymous, email, "secret-pass-1");
                assertStandardError(401, locked);
                assertTrue(
                        server.adminJson("/demo/attack-detection/brute-force/users/" + userId)
                                .get("disabled")
                                .asBoolean());
            } finally {
                server.admin("DELETE", "/demo/attack-detection/brute-force/users/" + userId, null);
            }
            assertEquals(200, storefront.login(TENANT, anonymous, email, "secret-pass-1").status());
        }
    }

    @Nested
    class RefreshRejects {

        @Test
        void aMissingRefreshToken() {
            HttpResult r = server.get(storefront.url(TENANT, "/customer/demo/refreshauthtoken"));
            assertStandardError(400, r);
            assertEquals("refreshToken", r.json().at("/details/0/field").asText());
        }

        @Test
        void garbage() {
            assertInvalidToken(storefront.refresh(TENANT, "garbage"));
        }

        @Test
        void anotherTenantsRefreshToken() {
            String email = newCustomer(OTHER_TENANT);
            String foreign =
                    storefront
                            .customer(OTHER_TENANT, email, "secret-pass-1")
                            .get("refresh_token")
                            .asText();
            assertInvalidToken(storefront.refresh(TENANT, foreign));
        }

        @Test
        void anAnonymousRefreshToken() {
            assertInvalidToken(
                    storefront.refresh(
                            TENANT, storefront.anonymous(TENANT).get("refresh_token").asText()));
        }

        @Test
        void aReusedRefreshTokenWhenTheRealmRevokesThem() {
            String email = newCustomer(ROTATING);
            String refreshToken =
                    storefront
                            .customer(ROTATING, email, "secret-pass-1")
                            .get("refresh_token")
                            .asText();
            assertEquals(200, storefront.refresh(ROTATING, refreshToken).status());
            assertInvalidToken(storefront.refresh(ROTATING, refreshToken));
        }

        @Test
        void worksWithAnAnonymousBearerOrNone() {
            JsonNode login = storefront.customer(TENANT, B2C_EMAIL, B2C_PASSWORD);
            HttpResult withAnonymous =
                    storefront.refresh(
                            TENANT,
                            login.get("refresh_token").asText(),
                            "Authorization",
                            "Bearer " + anonymousToken(TENANT));
            assertEquals(200, withAnonymous.status(), withAnonymous::toString);
            HttpResult withNone =
                    storefront.refresh(TENANT, withAnonymous.json().get("refresh_token").asText());
            assertEquals(200, withNone.status(), withNone::toString);
            assertFalse(withNone.json().has("saas_token"));
            assertEquals(withNone.json().get("access_token"), withNone.json().get("accessToken"));
        }
    }

    @Nested
    class ValidateRejects {

        @Test
        void noAuthorizationHeader() {
            assertInvalidToken(storefront.validate(TENANT, null));
        }

        @Test
        void garbage() {
            assertInvalidToken(storefront.validate(TENANT, "garbage"));
        }

        @Test
        void anAnonymousToken() {
            assertInvalidToken(storefront.validate(TENANT, anonymousToken(TENANT)));
        }

        @Test
        void aServiceToken() {
            HttpResult service =
                    server.postForm(
                            server.baseUrl() + "/realms/demo/protocol/openid-connect/token",
                            Map.of(
                                    "grant_type",
                                    "client_credentials",
                                    "client_id",
                                    SERVICE_CLIENT,
                                    "client_secret",
                                    SERVICE_SECRET));
            assertEquals(200, service.status(), service::toString);
            assertInvalidToken(
                    storefront.validate(TENANT, service.json().get("access_token").asText()));
        }

        @Test
        void anotherTenantsCustomerToken() {
            String email = newCustomer(OTHER_TENANT);
            assertInvalidToken(
                    storefront.validate(
                            TENANT,
                            storefront
                                    .customer(OTHER_TENANT, email, "secret-pass-1")
                                    .get("access_token")
                                    .asText()));
        }

        @Test
        void anExpiredToken() throws InterruptedException {
            String email = newCustomer(SHORT_LIVED);
            String token =
                    storefront
                            .customer(SHORT_LIVED, email, "secret-pass-1")
                            .get("access_token")
                            .asText();
            Thread.sleep(3100);
            assertExpiredToken(storefront.validate(SHORT_LIVED, token));
        }
    }

    @Nested
    class Validate {

        @Test
        void reportsCustomerScopesThenTheTenantAndWhatIsLeft() {
            JsonNode login = storefront.customer(TENANT, B2C_EMAIL, B2C_PASSWORD);
            JsonNode body = storefront.validate(TENANT, login.get("access_token").asText()).json();
            assertEquals("Bearer", body.get("token_type").asText());
            String scope = body.get("scope").asText();
            assertTrue(scope.endsWith(" tenant=demo"), scope);
            assertTrue(scope.contains("customer.customer_read_own"), scope);
            for (String housekeeping :
                    List.of("openid", "profile", "email", "basic", "acr", "web-origins", "roles")) {
                assertFalse(List.of(scope.split(" ")).contains(housekeeping), scope);
            }
            int left = body.get("expires_in").asInt();
            assertTrue(left > 0 && left <= login.get("expires_in").asInt(), body::toString);
            assertFalse(body.has("legalEntityId"));
        }
    }

    @Nested
    class LogoutRejects {

        @Test
        void aMissingAccessToken() {
            HttpResult r = server.get(storefront.url(TENANT, "/customer/demo/logout"));
            assertStandardError(400, r);
        }

        @Test
        void anInvalidAccessToken() {
            assertInvalidToken(storefront.logout(TENANT, "garbage"));
        }

        @Test
        void anAnonymousToken() {
            assertInvalidToken(storefront.logout(TENANT, anonymousToken(TENANT)));
        }
    }

    @Nested
    class Cors {

        @Test
        void aLoginPreflightFromTheStorefrontOriginIsAllowed() {
            HttpResult r =
                    server.options(
                            storefront.url(TENANT, "/customer/demo/login"),
                            "Origin",
                            Demo.ALLOWED_ORIGIN,
                            "Access-Control-Request-Method",
                            "POST",
                            "Access-Control-Request-Headers",
                            "authorization, content-type");
            assertTrue(r.status() < 300, r::toString);
            assertEquals(
                    Demo.ALLOWED_ORIGIN,
                    r.header("Access-Control-Allow-Origin"),
                    r.headers()::toString);
            assertTrue(
                    r.header("Access-Control-Allow-Headers")
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("authorization"),
                    r.headers()::toString);
        }

        @Test
        void aLoginPreflightFromAnotherOriginGetsNoCorsHeaders() {
            HttpResult r =
                    server.options(
                            storefront.url(TENANT, "/customer/demo/login"),
                            "Origin",
                            "https://evil.example",
                            "Access-Control-Request-Method",
                            "POST");
            assertEquals(null, r.header("Access-Control-Allow-Origin"), r.headers()::toString);
        }

        @Test
        void aValidateFromTheStorefrontOriginCarriesCorsHeadersAndOneFromElsewhereIsRefused() {
            String token =
                    storefront
                            .customer(TENANT, B2C_EMAIL, B2C_PASSWORD)
                            .get("access_token")
                            .asText();
            HttpResult allowed =
                    server.get(
                            storefront.url(TENANT, "/customer/demo/validateauthtoken"),
                            "Authorization",
                            "Bearer " + token,
                            "Origin",
                            Demo.ALLOWED_ORIGIN);
            assertEquals(200, allowed.status(), allowed::toString);
            assertEquals(Demo.ALLOWED_ORIGIN, allowed.header("Access-Control-Allow-Origin"));
            HttpResult refused =
                    server.get(
                            storefront.url(TENANT, "/customer/demo/validateauthtoken"),
                            "Authorization",
                            "Bearer " + token,
                            "Origin",
                            "https://evil.example");
            assertStandardError(403, refused);
            assertEquals(null, refused.header("Access-Control-Allow-Origin"));
        }
    }

    @Nested
    class Events {

        @Test
        void loginFailureRefreshValidateAndLogoutAreKeycloakEventsWithClientAndUser() {
            String email = newCustomer(TENANT);
            String userId =
                    server.adminJson("/demo/users?exact=true&username=" + email)
                            .get(0)
                            .get("id")
                            .asText();
            String anonymous = anonymousToken(TENANT);
            storefront.login(TENANT, anonymous, email, "wrong-password");
            JsonNode login = storefront.login(TENANT, anonymous, email, "secret-pass-1").json();
            JsonNode refreshed =
                    storefront.refresh(TENANT, login.get("refresh_token").asText()).json();
            storefront.validate(TENANT, refreshed.get("access_token").asText());
            storefront.logout(TENANT, refreshed.get("access_token").asText());

            for (String type :
                    List.of(
                            "LOGIN_ERROR",
                            "LOGIN",
                            "REFRESH_TOKEN",
                            "INTROSPECT_TOKEN",
                            "LOGOUT")) {
                JsonNode events = server.events(TENANT, type, userId);
                assertEquals(1, events.size(), type + ": " + events);
                assertEquals(
                        STOREFRONT, events.get(0).get("clientId").asText(), type + ": " + events);
            }
        }
    }
}
