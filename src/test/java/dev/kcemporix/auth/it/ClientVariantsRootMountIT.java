package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.OTHER_TENANT;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What real clients send, at the root; plus the service token that names no tenant, which only the
 * root serves.
 */
class ClientVariantsRootMountIT extends ClientVariantsScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    static void createServiceClient(String realm, String clientId) {
        HttpResult r =
                server.admin(
                        "POST",
                        "/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                clientId,
                                "publicClient",
                                false,
                                "secret",
                                "twin-secret-1",
                                "serviceAccountsEnabled",
                                true,
                                "standardFlowEnabled",
                                false));
        assertEquals(201, r.status(), r::toString);
    }

    static HttpResult serviceTokenWithoutTenant(String clientId) {
        return server.postForm(
                server.baseUrl() + "/oauth/token",
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        clientId,
                        "client_secret",
                        "twin-secret-1"));
    }

    /** A service token issued, and by {@code tenant} (its scope names the tenant). */
    static void assertIssuedBy(String tenant, HttpResult r) {
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().get("scope").asText().endsWith("tenant=" + tenant), r::toString);
    }

    @Test
    void aServiceTokenWithoutTenantComesFromTheOneTenantHoldingTheClientId() {
        String clientId = "solo-" + UUID.randomUUID();
        createServiceClient(OTHER_TENANT, clientId);
        assertIssuedBy(OTHER_TENANT, serviceTokenWithoutTenant(clientId));
    }

    @Test
    void aClientIdHeldByTwoTenantsNeedsATenant() {
        String clientId = "twin-" + UUID.randomUUID();
        createServiceClient(TENANT, clientId);
        createServiceClient(OTHER_TENANT, clientId);
        HttpResult ambiguous = serviceTokenWithoutTenant(clientId);
        assertStandardError(400, ambiguous);
        assertTrue(
                ambiguous.json().get("message").asText().contains("tenant"), ambiguous::toString);
        assertEquals("tenant", ambiguous.json().at("/details/0/field").asText());

        HttpResult named =
                server.postForm(
                        server.baseUrl() + "/oauth/token?tenant=" + Server.enc(OTHER_TENANT),
                        Map.of(
                                "grant_type",
                                "client_credentials",
                                "client_id",
                                clientId,
                                "client_secret",
                                "twin-secret-1"));
        assertEquals(200, named.status(), named::toString);
    }

    // The tenant of a client id is remembered between requests; each change below must be seen by
    // the very next one.

    @Test
    void aClientIdGivenToASecondTenantLaterNeedsATenant() {
        String clientId = "later-twin-" + UUID.randomUUID();
        createServiceClient(OTHER_TENANT, clientId);
        assertEquals(200, serviceTokenWithoutTenant(clientId).status());
        createServiceClient(TENANT, clientId);
        HttpResult ambiguous = serviceTokenWithoutTenant(clientId);
        assertStandardError(400, ambiguous);
        assertEquals("tenant", ambiguous.json().at("/details/0/field").asText());
    }

    @Test
    void aClientIdMovedToAnotherTenantFollowsIt() {
        String clientId = "moved-" + UUID.randomUUID();
        createServiceClient(TENANT, clientId);
        assertIssuedBy(TENANT, serviceTokenWithoutTenant(clientId));
        String id =
                server.adminJson("/" + TENANT + "/clients?clientId=" + Server.enc(clientId))
                        .get(0)
                        .get("id")
                        .asText();
        assertEquals(204, server.admin("DELETE", "/" + TENANT + "/clients/" + id, null).status());
        assertStandardError(401, serviceTokenWithoutTenant(clientId));
        createServiceClient(OTHER_TENANT, clientId);
        assertIssuedBy(OTHER_TENANT, serviceTokenWithoutTenant(clientId));
    }

    @Test
    void aRealmSwitchedOnThatHoldsTheClientIdMakesItAmbiguous() {
        String realm = "switched-later-" + UUID.randomUUID().toString().substring(0, 8);
        String clientId = "switched-" + UUID.randomUUID();
        assertEquals(
                201, server.admin("POST", "", Map.of("realm", realm, "enabled", true)).status());
        try {
            createServiceClient(realm, clientId);
            createServiceClient(OTHER_TENANT, clientId);
            assertEquals(200, serviceTokenWithoutTenant(clientId).status());
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + realm,
                                    Map.of("attributes", Map.of("emporix.enabled", "true")))
                            .status());
            assertStandardError(400, serviceTokenWithoutTenant(clientId));
        } finally {
            server.admin("DELETE", "/" + realm, null);
        }
    }

    @Test
    void aClientIdHeldOnlyByARealmThatIsNoTenantIsUnknown() {
        server.ensureRealm(dev.kcemporix.auth.it.support.Demo.PLAIN_REALM, false);
        String clientId = "plain-" + UUID.randomUUID();
        createServiceClient(dev.kcemporix.auth.it.support.Demo.PLAIN_REALM, clientId);
        assertStandardError(401, serviceTokenWithoutTenant(clientId));
    }

    /**
     * On one mount, as it is about Keycloak's brute-force counting, not about mounts. SDKs answer a
     * 401 at login by refreshing the anonymous token and sending the same login again. With
     * brute-force detection on (failure factor 3, Keycloak's default quick-login check: two
     * failures within a second lock the account for a minute), each mistyped password must count
     * once, and the SDK's instant retry must not trip the quick-login lock. A shopper pauses longer
     * than a second between own tries.
     */
    @Nested
    class MistypedPasswordRetriedBySdk {

        static final long HUMAN_PAUSE_MILLIS = 1500;

        HttpResult sdkLogin(String anonymousRefresh, String email, String password)
                throws InterruptedException {
            Thread.sleep(HUMAN_PAUSE_MILLIS);
            HttpResult first =
                    storefront.login(RETRY_TENANT, refreshed(anonymousRefresh), email, password);
            if (first.status() != 401) {
                return first;
            }
            return storefront.login(RETRY_TENANT, refreshed(anonymousRefresh), email, password);
        }

        String refreshed(String anonymousRefresh) {
            HttpResult r =
                    storefront.anonymousRefresh(RETRY_TENANT, "storefront", anonymousRefresh);
            assertEquals(200, r.status(), r::toString);
            return r.json().get("access_token").asText();
        }

        String[] customer() {
            String email = "retry-" + UUID.randomUUID() + "@example.com";
            String userId = server.createCustomer(RETRY_TENANT, email, "right-password-1");
            return new String[] {
                email, userId, storefront.anonymous(RETRY_TENANT).get("refresh_token").asText()
            };
        }

        @Test
        void oneMistypeRetriedByTheSdkCountsOnceAndDoesNotTripTheQuickLoginLock()
                throws InterruptedException {
            String[] c = customer();
            assertStandardError(401, sdkLogin(c[2], c[0], "wrong-password-1"));
            assertEquals(1, failures(c[1], 1));
            HttpResult right = sdkLogin(c[2], c[0], "right-password-1");
            assertEquals(200, right.status(), right::toString);
        }

        @Test
        void twoMistypesRetriedByTheSdkCountTwiceNotFourTimes() throws InterruptedException {
            String[] c = customer();
            assertStandardError(401, sdkLogin(c[2], c[0], "wrong-password-1"));
            assertStandardError(401, sdkLogin(c[2], c[0], "wrong-password-2"));
            assertEquals(2, failures(c[1], 2));
            HttpResult right = sdkLogin(c[2], c[0], "right-password-1");
            assertEquals(200, right.status(), right::toString);
        }

        @Test
        void aThirdDifferentMistypeStillLocksTheAccountAndAnUnlockLetsTheRightPasswordIn()
                throws InterruptedException {
            String[] c = customer();
            for (String wrong :
                    List.of("wrong-password-1", "wrong-password-2", "wrong-password-3")) {
                assertStandardError(401, sdkLogin(c[2], c[0], wrong));
            }
            assertEquals(3, failures(c[1], 3));
            assertStandardError(401, sdkLogin(c[2], c[0], "right-password-1"));
            server.admin(
                    "DELETE",
                    "/" + RETRY_TENANT + "/attack-detection/brute-force/users/" + c[1],
                    null);
            HttpResult unlocked = sdkLogin(c[2], c[0], "right-password-1");
            assertEquals(200, unlocked.status(), unlocked::toString);
        }

        /**
         * Keycloak's failure count for the user, once it reaches {@code expected} (the detector
         * counts asynchronously).
         */
        int failures(String userId, int expected) throws InterruptedException {
            int seen = -1;
            for (int i = 0; i < 50; i++) {
                seen =
                        server.adminJson(
                                        "/"
                                                + RETRY_TENANT
                                                + "/attack-detection/brute-force/users/"
                                                + userId)
                                .get("numFailures")
                                .asInt();
                if (seen >= expected) {
                    // A count beyond the expected one shows within the second after (the detector
                    // takes milliseconds).
                    Thread.sleep(1000);
                    return server.adminJson(
                                    "/"
                                            + RETRY_TENANT
                                            + "/attack-detection/brute-force/users/"
                                            + userId)
                            .get("numFailures")
                            .asInt();
                }
                Thread.sleep(100);
            }
            return seen;
        }
    }
}
