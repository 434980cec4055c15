package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.Demo;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Refusals an admin finds where Keycloak's own are: each request below is refused before any of
 * Keycloak's grants runs, and Keycloak's own endpoint records the same refusal as an error event —
 * so ours records it too, with Keycloak's event type and error constant. (Refusals that run through
 * Keycloak's grants carry Keycloak's own events; other tests check those.)
 */
@ExtendWith(KeycloakExtension.class)
class RefusalEventsIT {

    /**
     * A tenant that keeps the self-service events (the demo keeps the login and token ones only).
     */
    static final String SHOP = "eventshop";

    static Server server;
    static Storefront storefront;

    @BeforeAll
    static void start(Server running) {
        server = running;
        storefront = new Storefront(running, MountUnderTest.ROOT);
        server.ensureRealm(
                SHOP,
                true,
                Map.of(
                        "eventsEnabled",
                        true,
                        "registrationAllowed",
                        true,
                        "enabledEventTypes",
                        List.of(
                                "REGISTER_ERROR",
                                "SEND_RESET_PASSWORD_ERROR",
                                "RESET_PASSWORD_ERROR")),
                Map.of("emporix.storefrontUrl", "https://events.example"));
    }

    private static void refusedAndRecorded(
            int status, String type, String error, Supplier<HttpResult> request) {
        refusedAndRecorded(Demo.TENANT, status, type, error, request);
    }

    /**
     * Runs {@code request}, expects {@code status}, then a new {@code type} event of {@code tenant}
     * with {@code error}.
     */
    private static void refusedAndRecorded(
            String tenant, int status, String type, String error, Supplier<HttpResult> request) {
        java.util.Set<String> earlier = new java.util.HashSet<>();
        server.adminJson("/" + tenant + "/events?type=" + type + "&max=100")
                .forEach(event -> earlier.add(event.path("id").asText()));
        HttpResult r = request.get();
        assertEquals(status, r.status(), r::toString);
        JsonNode events = server.adminJson("/" + tenant + "/events?type=" + type + "&max=100");
        long recorded = 0;
        for (JsonNode event : events) {
            recorded +=
                    !earlier.contains(event.path("id").asText())
                                    && error.equals(event.path("error").asText())
                            ? 1
                            : 0;
        }
        long count = recorded;
        // Exactly this request's event: none of an earlier request, no second one for the same
        // refusal.
        assertEquals(
                1,
                count,
                () -> count + " new " + type + " " + error + " events after " + r + ": " + events);
    }

    @Test
    void aLogoutWithoutATokenOrWithAForgedOneIsALogoutError() {
        refusedAndRecorded(
                400,
                "LOGOUT_ERROR",
                "invalid_token",
                () ->
                        server.get(
                                storefront.url(
                                        Demo.TENANT, "/customer/" + Demo.TENANT + "/logout")));
        refusedAndRecorded(
                401,
                "LOGOUT_ERROR",
                "invalid_token",
                () -> storefront.logout(Demo.TENANT, "forged.token.value"));
    }

    @Test
    void aLoginWithoutAnEmailIsALoginError() {
        String anonymous = storefront.anonymous(Demo.TENANT).get("access_token").asText();
        refusedAndRecorded(
                400,
                "LOGIN_ERROR",
                "user_not_found",
                () ->
                        storefront.loginWithBody(
                                Demo.TENANT,
                                anonymous,
                                "application/json",
                                "{\"password\":\"whatever-1\"}"));
        refusedAndRecorded(
                400,
                "LOGIN_ERROR",
                "invalid_user_credentials",
                () ->
                        storefront.loginWithBody(
                                Demo.TENANT,
                                anonymous,
                                "application/json",
                                "{\"email\":\"" + Demo.B2C_EMAIL + "\",\"password\":\"12\"}"));
    }

    @Test
    void aServiceTokenWithoutItsSecretOrAnAnonymousTokenWithoutAClientIsAClientLoginError() {
        refusedAndRecorded(
                400,
                "CLIENT_LOGIN_ERROR",
                "invalid_client_credentials",
                () ->
                        server.postForm(
                                storefront.url(Demo.TENANT, "/oauth/token"),
                                Map.of(
                                        "grant_type",
                                        "client_credentials",
                                        "client_id",
                                        Demo.SERVICE_CLIENT,
                                        "tenant",
                                        Demo.TENANT)));
        refusedAndRecorded(
                400,
                "CLIENT_LOGIN_ERROR",
                "client_not_found",
                () -> storefront.anonymousLogin(Demo.TENANT, "tenant=" + Demo.TENANT));
    }

    @Test
    void aRefreshForALegalEntityOfOthersOrAForgedAnonymousRefreshIsARefreshError() {
        String refreshToken =
                storefront
                        .customer(Demo.TENANT, Demo.B2B_EMAIL, Demo.B2B_PASSWORD)
                        .get("refresh_token")
                        .asText();
        refusedAndRecorded(
                403,
                "REFRESH_TOKEN_ERROR",
                "not_allowed",
                () -> storefront.refresh(Demo.TENANT, refreshToken, "no-such-entity"));
        refusedAndRecorded(
                401,
                "REFRESH_TOKEN_ERROR",
                "invalid_token",
                () ->
                        storefront.anonymousRefresh(
                                Demo.TENANT, Demo.STOREFRONT, "forged.refresh.token"));
    }

    @Test
    void selfServiceRequestsMissingTheirSubjectAreRecordedAsKeycloaksFlowsRecordThem() {
        String anonymous = storefront.anonymous(SHOP).get("access_token").asText();
        String bearer = "Bearer " + anonymous;
        refusedAndRecorded(
                SHOP,
                400,
                "REGISTER_ERROR",
                "invalid_registration",
                () ->
                        server.post(
                                storefront.url(SHOP, "/customer/" + SHOP + "/signup"),
                                "application/json",
                                "{\"email\":\"no-password@example.com\"}",
                                "Authorization",
                                bearer));
        refusedAndRecorded(
                SHOP,
                400,
                "SEND_RESET_PASSWORD_ERROR",
                "username_missing",
                () ->
                        server.post(
                                storefront.url(SHOP, "/customer/" + SHOP + "/password/reset"),
                                "application/json",
                                "{}",
                                "Authorization",
                                bearer));
        refusedAndRecorded(
                SHOP,
                400,
                "RESET_PASSWORD_ERROR",
                "password_missing",
                () ->
                        server.post(
                                storefront.url(
                                        SHOP, "/customer/" + SHOP + "/password/reset/update"),
                                "application/json",
                                "{\"token\":\"t\"}",
                                "Authorization",
                                bearer));
    }
}
