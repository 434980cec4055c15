package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.MountUnderTest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Key rotation and what an admin does in the console, seen from the storefront's side. */
class FaultsAndAdminActionsIT extends MountScenarios {

    static final String KEYS = "keyshop";
    static final String ADMIN_ACTIONS = "adminshop";

    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    @BeforeAll
    static void realms() {
        server.ensureRealm(KEYS, true);
        server.ensureRealm(ADMIN_ACTIONS, true);
    }

    static String kid(String jwt) throws Exception {
        return new ObjectMapper()
                .readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]))
                .get("kid")
                .asText();
    }

    static String customer(String realm) {
        String email = "c-" + UUID.randomUUID() + "@example.com";
        server.createCustomer(realm, email, "secret-pass-1");
        return email;
    }

    @Nested
    class KeyRotation {

        @Test
        void aNewKeySignsNewTokensOldOnesLiveUntilTheirKeyIsDisabled() throws Exception {
            String email = customer(KEYS);
            JsonNode oldAnonymous = storefront.anonymous(KEYS);
            JsonNode oldCustomer = storefront.customer(KEYS, email, "secret-pass-1");
            String oldKid = kid(oldCustomer.get("access_token").asText());
            String oldKeyComponent = rsaKeyComponent(oldKid);

            Map<String, Object> newKey =
                    Map.of(
                            "name",
                            "rotated-" + UUID.randomUUID(),
                            "providerId",
                            "rsa-generated",
                            "providerType",
                            "org.keycloak.keys.KeyProvider",
                            "parentId",
                            server.adminJson("/" + KEYS).get("id").asText(),
                            "config",
                            Map.of(
                                    "priority",
                                    List.of("500"),
                                    "keySize",
                                    List.of("2048"),
                                    "active",
                                    List.of("true"),
                                    "enabled",
                                    List.of("true")));
            HttpResult created = server.admin("POST", "/" + KEYS + "/components", newKey);
            assertEquals(201, created.status(), created::toString);

            JsonNode newAnonymous = storefront.anonymous(KEYS);
            JsonNode newCustomer = storefront.customer(KEYS, email, "secret-pass-1");
            String newKid = kid(newCustomer.get("access_token").asText());
            assertNotEquals(oldKid, newKid);
            assertEquals(newKid, kid(newAnonymous.get("access_token").asText()));

            // Old tokens still work while their key is merely passive or lower in priority.
            assertEquals(
                    200,
                    storefront.validate(KEYS, oldCustomer.get("access_token").asText()).status());
            assertEquals(
                    200,
                    storefront
                            .login(
                                    KEYS,
                                    oldAnonymous.get("access_token").asText(),
                                    email,
                                    "secret-pass-1")
                            .status());

            JsonNode component = server.adminJson("/" + KEYS + "/components/" + oldKeyComponent);
            ((com.fasterxml.jackson.databind.node.ObjectNode) component.get("config"))
                    .putArray("enabled")
                    .add("false");
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + KEYS + "/components/" + oldKeyComponent,
                                    component.toString())
                            .status());

            assertInvalidToken(storefront.validate(KEYS, oldCustomer.get("access_token").asText()));
            assertInvalidToken(
                    storefront.login(
                            KEYS,
                            oldAnonymous.get("access_token").asText(),
                            email,
                            "secret-pass-1"));
            assertEquals(
                    200,
                    storefront.validate(KEYS, newCustomer.get("access_token").asText()).status());
            assertEquals(
                    200,
                    storefront
                            .login(
                                    KEYS,
                                    newAnonymous.get("access_token").asText(),
                                    email,
                                    "secret-pass-1")
                            .status());
        }

        private String rsaKeyComponent(String kid) {
            for (JsonNode key : server.adminJson("/" + KEYS + "/keys").get("keys")) {
                if (kid.equals(key.get("kid").asText())) {
                    return key.get("providerId").asText();
                }
            }
            throw new IllegalStateException("No key " + kid);
        }
    }

    @Nested
    class AdminActions {

        @Test
        void disablingTheCustomerEndsValidateAndRefresh() {
            String email = customer(ADMIN_ACTIONS);
            JsonNode login = storefront.customer(ADMIN_ACTIONS, email, "secret-pass-1");
            String userId = server.userId(ADMIN_ACTIONS, email);
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + ADMIN_ACTIONS + "/users/" + userId,
                                    Map.of("enabled", false))
                            .status());
            assertInvalidToken(
                    storefront.validate(ADMIN_ACTIONS, login.get("access_token").asText()));
            assertInvalidToken(
                    storefront.refresh(ADMIN_ACTIONS, login.get("refresh_token").asText()));
        }

        @Test
        void signingOutTheSessionEndsValidateAndRefresh() {
            String email = customer(ADMIN_ACTIONS);
            JsonNode login = storefront.customer(ADMIN_ACTIONS, email, "secret-pass-1");
            String userId = server.userId(ADMIN_ACTIONS, email);
            JsonNode sessions =
                    server.adminJson("/" + ADMIN_ACTIONS + "/users/" + userId + "/sessions");
            assertEquals(1, sessions.size());
            assertEquals(
                    204,
                    server.admin(
                                    "DELETE",
                                    "/"
                                            + ADMIN_ACTIONS
                                            + "/sessions/"
                                            + sessions.get(0).get("id").asText(),
                                    null)
                            .status());
            assertInvalidToken(
                    storefront.validate(ADMIN_ACTIONS, login.get("access_token").asText()));
            assertInvalidToken(
                    storefront.refresh(ADMIN_ACTIONS, login.get("refresh_token").asText()));
        }

        @Test
        void resettingThePasswordEndsValidateAndRefreshOfEarlierSessions()
                throws InterruptedException {
            String email = customer(ADMIN_ACTIONS);
            JsonNode login = storefront.customer(ADMIN_ACTIONS, email, "secret-pass-1");
            String userId = server.userId(ADMIN_ACTIONS, email);
            Thread.sleep(1100); // sessions and credentials carry seconds
            HttpResult reset =
                    server.admin(
                            "PUT",
                            "/" + ADMIN_ACTIONS + "/users/" + userId + "/reset-password",
                            Map.of(
                                    "type",
                                    "password",
                                    "value",
                                    "new-secret-pass-2",
                                    "temporary",
                                    false));
            assertEquals(204, reset.status(), reset::toString);
            assertInvalidToken(
                    storefront.validate(ADMIN_ACTIONS, login.get("access_token").asText()));
            assertInvalidToken(
                    storefront.refresh(ADMIN_ACTIONS, login.get("refresh_token").asText()));
            JsonNode fresh = storefront.customer(ADMIN_ACTIONS, email, "new-secret-pass-2");
            assertEquals(
                    200,
                    storefront
                            .validate(ADMIN_ACTIONS, fresh.get("access_token").asText())
                            .status());
        }

        @Test
        void theRealmsNotBeforeRevokesAnonymousTokensToo() {
            String anonymous = storefront.anonymous(ADMIN_ACTIONS).get("refresh_token").asText();
            HttpResult notBefore =
                    server.admin(
                            "PUT",
                            "/" + ADMIN_ACTIONS,
                            Map.of("notBefore", (int) (System.currentTimeMillis() / 1000) + 1));
            assertEquals(204, notBefore.status(), notBefore::toString);
            assertInvalidToken(storefront.anonymousRefresh(ADMIN_ACTIONS, "storefront", anonymous));
            assertEquals(
                    204, server.admin("PUT", "/" + ADMIN_ACTIONS, Map.of("notBefore", 0)).status());
        }
    }
}
