package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.SERVICE_CLIENT;
import static dev.kcemporix.auth.it.support.Demo.SERVICE_SECRET;
import static dev.kcemporix.auth.it.support.Demo.STOREFRONT;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The service access token (docs/endpoints.md, *Service access token*); run on each mount by a
 * subclass.
 */
abstract class ServiceTokenScenarios extends MountScenarios {

    String tokenUrl(String query) {
        return storefront.url(TENANT, "/oauth/token" + (query == null ? "" : "?" + query));
    }

    static Map<String, String> credentials(String... more) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", SERVICE_CLIENT);
        form.put("client_secret", SERVICE_SECRET);
        form.put("tenant", TENANT);
        for (int i = 0; i + 1 < more.length; i += 2) {
            if (more[i + 1] == null) {
                form.remove(more[i]);
            } else {
                form.put(more[i], more[i + 1]);
            }
        }
        return form;
    }

    HttpResult form(Map<String, String> form) {
        return server.postForm(tokenUrl(null), form);
    }

    static void assertServiceToken(HttpResult r) {
        assertEquals(200, r.status(), r::toString);
        JsonNode body = r.json();
        assertFalse(body.get("access_token").asText().isBlank());
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("expires_in").asInt() > 0);
        assertEquals("", body.get("refresh_token").asText());
        assertEquals(0, body.get("refresh_token_expires_in").asInt());
        assertTrue(body.get("session_idle_time").isNumber());
        assertTrue(body.get("scope").asText().endsWith("tenant=demo"), body::toString);
    }

    @Nested
    class Encodings {

        @Test
        void aFormBody() {
            HttpResult r = form(credentials());
            assertServiceToken(r);
            assertTrue(
                    r.json().get("scope").asText().contains("customer.customer_read_own"),
                    r::toString);
        }

        @Test
        void aJsonBody() throws Exception {
            String json =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(credentials());
            assertServiceToken(server.post(tokenUrl(null), "application/json", json));
        }

        @Test
        void theQueryString() {
            assertServiceToken(server.post(tokenUrl(Server.formEncode(credentials())), null, ""));
        }

        @Test
        void theTenantInsideScope() {
            HttpResult r = form(credentials("tenant", null, "scope", "tenant=demo"));
            assertServiceToken(r);
        }

        @Test
        void aRequestedScopeTheClientLacksIsLeftOut() {
            HttpResult r =
                    form(
                            credentials(
                                    "scope",
                                    "customer.customer_read_own quote.quote_manage_own"
                                            + " tenant=demo"));
            assertServiceToken(r);
            List<String> scopes = List.of(r.json().get("scope").asText().split(" "));
            assertTrue(scopes.contains("customer.customer_read_own"), scopes::toString);
            assertFalse(scopes.contains("quote.quote_manage_own"), scopes::toString);
        }
    }

    @Nested
    class Rejects {

        @Test
        void aMissingGrantType() {
            assertStandardError(400, form(credentials("grant_type", null)));
        }

        @Test
        void aMissingClientId() {
            assertStandardError(400, form(credentials("client_id", null)));
        }

        @Test
        void aMissingClientSecret() {
            assertStandardError(400, form(credentials("client_secret", null)));
        }

        @Test
        void anotherGrantType() {
            assertStandardError(400, form(credentials("grant_type", "password")));
        }

        @Test
        void aWrongSecretAsAClientLoginError() {
            String marker = "wrong-" + System.nanoTime();
            java.util.Set<String> earlier = new java.util.HashSet<>();
            server.adminJson(
                            "/demo/events?type=CLIENT_LOGIN_ERROR&client="
                                    + SERVICE_CLIENT
                                    + "&max=100")
                    .forEach(event -> earlier.add(event.path("id").asText()));
            HttpResult r = form(credentials("client_secret", marker));
            assertStandardError(401, r);
            assertFalse(r.body().contains(marker));
            JsonNode events =
                    server.adminJson(
                            "/demo/events?type=CLIENT_LOGIN_ERROR&client="
                                    + SERVICE_CLIENT
                                    + "&max=100");
            long recorded = 0;
            for (JsonNode event : events) {
                recorded += earlier.contains(event.path("id").asText()) ? 0 : 1;
            }
            assertEquals(1, recorded, "exactly this refusal's event: " + events);
        }

        @Test
        void anUnknownClient() {
            assertStandardError(401, form(credentials("client_id", "no-such-client")));
        }

        @Test
        void aPublicClient() {
            assertStandardError(401, form(credentials("client_id", STOREFRONT)));
        }

        @Test
        void aJsonBodyThatIsNotJson() {
            assertStandardError(
                    400, server.post(tokenUrl(null), "application/json", "{grant_type"));
        }
    }
}
