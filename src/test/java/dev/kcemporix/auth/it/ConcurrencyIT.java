package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.AtOnce;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.MountUnderTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Races: one refresh token used many times at once, and one customer logging in many times at once.
 */
@Tag("slow")
class ConcurrencyIT extends MountScenarios {

    static final String ROTATING = "rotating";

    /** Brute-force detection off: nothing in Keycloak serializes one account's logins. */
    static final String PARALLEL = "parallelshop";

    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    @BeforeAll
    static void realms() {
        server.ensureRealm(
                ROTATING,
                true,
                Map.of("revokeRefreshToken", true, "refreshTokenMaxReuse", 0),
                Map.of());
        server.ensureRealm(PARALLEL, true, Map.of("bruteForceProtected", false), Map.of());
    }

    @Test
    void fiftyParallelRefreshesOfOneRevokedOnUseTokenLetExactlyOneThrough() throws Exception {
        String email = "race-" + UUID.randomUUID() + "@example.com";
        server.createCustomer(ROTATING, email, "secret-pass-1");
        String refreshToken =
                storefront.customer(ROTATING, email, "secret-pass-1").get("refresh_token").asText();

        List<HttpResult> results = AtOnce.all(50, i -> storefront.refresh(ROTATING, refreshToken));
        long ok = results.stream().filter(r -> r.status() == 200).count();
        long refused = results.stream().filter(r -> r.status() == 401).count();
        System.out.printf(
                "50 parallel refreshes of one token: %d succeeded, %d refused with 401, others:"
                        + " %s%n",
                ok,
                refused,
                results.stream().filter(r -> r.status() != 200 && r.status() != 401).toList());
        assertEquals(1, ok, results::toString);
        assertEquals(49, refused, results::toString);
    }

    @Test
    void parallelLoginsOfOneCustomerEachGetTheirOwnSession() throws Exception {
        int parallel = 8;
        String email = "parallel-" + UUID.randomUUID() + "@example.com";
        server.createCustomer(PARALLEL, email, "secret-pass-1");
        List<String> anonymous = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            anonymous.add(storefront.anonymous(PARALLEL).get("access_token").asText());
        }
        List<HttpResult> results =
                AtOnce.all(
                        parallel,
                        i -> storefront.login(PARALLEL, anonymous.get(i), email, "secret-pass-1"));
        Set<String> storefrontSessions = new HashSet<>();
        for (HttpResult r : results) {
            assertEquals(200, r.status(), r::toString);
            storefrontSessions.add(r.json().get("session_id").asText());
        }
        assertEquals(parallel, storefrontSessions.size());
        JsonNode sessions =
                server.adminJson(
                        "/" + PARALLEL + "/users/" + server.userId(PARALLEL, email) + "/sessions");
        assertEquals(parallel, sessions.size(), sessions::toString);
    }

    /**
     * With brute-force detection on, Keycloak 26.7 lets one login per account be in flight on a
     * node and refuses the others as "temporarily disabled" (its blocking detector; the SPI option
     * allowConcurrentRequests turns that off). Through our login that is a 401 in the contract's
     * shape, never anything worse; shops with shared B2B accounts should know.
     */
    @Test
    void parallelLoginsOfOneAccountUnderBruteForceDetectionAreRefusedCleanly() throws Exception {
        int parallel = 4;
        String email = "serial-" + UUID.randomUUID() + "@example.com";
        server.createCustomer("demo", email, "secret-pass-1");
        List<String> anonymous = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            anonymous.add(storefront.anonymous("demo").get("access_token").asText());
        }
        List<HttpResult> results =
                AtOnce.all(
                        parallel,
                        i -> storefront.login("demo", anonymous.get(i), email, "secret-pass-1"));
        long ok = results.stream().filter(r -> r.status() == 200).count();
        System.out.printf(
                "%d parallel correct logins of one account with brute-force detection on: %d"
                        + " succeeded, %d refused%n",
                parallel, ok, parallel - ok);
        assertTrue(ok >= 1, results::toString);
        for (HttpResult r : results) {
            assertTrue(r.status() == 200 || r.status() == 401, r::toString);
        }
        server.admin(
                "DELETE",
                "/demo/attack-detection/brute-force/users/" + server.userId("demo", email),
                null);
    }
}
