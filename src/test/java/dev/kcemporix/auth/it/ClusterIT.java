package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakCluster;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Keycloak nodes in production mode on a real PostgreSQL: every feature works whichever node
 * each request lands on, and a node's crash under load loses no session. Figures are printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow")
class ClusterIT {

    static final String TENANT = "demo";
    static final String LOCKING = "clusterlock";
    static final String PASSWORD = "cluster-pass-1";
    static KeycloakCluster cluster;
    static Server a;
    static Server b;
    static Storefront onA;
    static Storefront onB;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        cluster = KeycloakCluster.start();
        a = cluster.node(0);
        b = cluster.node(1);
        onA = new Storefront(a, MountUnderTest.ROOT);
        onB = new Storefront(b, MountUnderTest.ROOT);
        assertEquals(
                204,
                a.admin("PUT", "/" + TENANT, Map.of("smtpServer", Mailbox.smtpSettings()))
                        .status());
        System.out.printf(
                "ClusterIT: PostgreSQL and two nodes up in %.0f s%n",
                (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Storefront other(Storefront s) {
        return s == onA ? onB : onA;
    }

    /**
     * Keycloak's own rolling-update check sees the jar: its metadata carries the format of every
     * single-use store entry the jar keeps, the same build rolls, and a running build that wrote an
     * older format than this one reads makes the check ask for a recreate, naming the entry.
     */
    @Test
    void keycloaksRollingUpdateCheckWeighsTheJarsStoreFormats() throws Exception {
        Path file = Files.createTempFile("update-compatibility", ".json");
        Path olderFile = Files.createTempFile("update-compatibility-older", ".json");
        try {
            KeycloakCluster.Command metadata =
                    cluster.kc(0, "update-compatibility", "metadata", "--file=" + file);
            assertEquals(0, metadata.exitCode(), metadata::output);
            JsonNode written = new ObjectMapper().readTree(file.toFile());
            JsonNode ours = written.findValue("emporix-auth-store-formats");
            assertNotNull(ours, () -> "the jar's formats in Keycloak's metadata: " + written);
            assertEquals("1", ours.path("USED_LINK").asText(), ours::toString);

            ((com.fasterxml.jackson.databind.node.ObjectNode) ours).put("USED_LINK", "0");
            new ObjectMapper().writeValue(olderFile.toFile(), written);
            // Both checks at once: each is a JVM start, and the cluster is idle meanwhile.
            java.util.concurrent.CompletableFuture<KeycloakCluster.Command> checkingOlder =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () ->
                                    cluster.kc(
                                            0,
                                            "update-compatibility",
                                            "check",
                                            "--file=" + olderFile));
            KeycloakCluster.Command same =
                    cluster.kc(0, "update-compatibility", "check", "--file=" + file);
            assertEquals(0, same.exitCode(), same::output);
            KeycloakCluster.Command older = checkingOlder.get();
            assertEquals(3, older.exitCode(), older::output);
            assertTrue(older.output().contains("USED_LINK"), older::output);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(olderFile);
        }
    }

    @Test
    @Order(1)
    void aCustomerJourneyAlternatingNodesAtEveryStep() throws Exception {
        JsonNode anonymous = onA.anonymous(TENANT);
        HttpResult refreshedAnonymous =
                onB.anonymousRefresh(TENANT, "storefront", anonymous.get("refresh_token").asText());
        assertEquals(anonymous.get("sessionId"), refreshedAnonymous.json().get("sessionId"));

        JsonNode login =
                onA.login(
                                TENANT,
                                refreshedAnonymous.json().get("access_token").asText(),
                                "buyer@example.com",
                                "buyer12345")
                        .json();
        assertEquals(anonymous.get("sessionId").asText(), login.get("session_id").asText());
        assertEquals(200, onB.validate(TENANT, login.get("access_token").asText()).status());
        // The storefront session is claimed on A: its anonymous tokens are done on B too.
        Storefront.assertInvalidToken(
                onB.anonymousRefresh(
                        TENANT, "storefront", anonymous.get("refresh_token").asText()));

        HttpResult switched = onB.refresh(TENANT, login.get("refresh_token").asText(), "LE-ACME-1");
        assertEquals(200, switched.status(), switched::toString);
        HttpResult validated = onA.validate(TENANT, switched.json().get("access_token").asText());
        assertEquals("LE-ACME-1", validated.json().get("legalEntityId").asText());
        HttpResult unscoped = onA.refresh(TENANT, switched.json().get("refresh_token").asText());
        assertEquals(200, unscoped.status());

        // Logout on B is seen on A at once.
        String access = unscoped.json().get("access_token").asText();
        assertEquals(204, onB.logout(TENANT, access).status());
        Storefront.assertInvalidToken(onA.validate(TENANT, access));
        Storefront.assertInvalidToken(
                onA.refresh(TENANT, unscoped.json().get("refresh_token").asText()));
    }

    @Test
    @Order(2)
    void aResetTokenIssuedOnOneNodeWorksOnceOnEither() {
        String email = "cluster-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        a.createCustomer(TENANT, email, PASSWORD);
        HttpResult requested =
                a.post(
                        onA.url(TENANT, "/customer/demo/password/reset"),
                        "application/json",
                        "{\"email\":\"" + email + "\"}",
                        "Authorization",
                        "Bearer " + onA.anonymous(TENANT).get("access_token").asText());
        assertEquals(204, requested.status());
        String token = Mailbox.await(email, 1, 30).token();
        String body = "{\"token\":\"" + token + "\",\"password\":\"reset-on-b-1\"}";
        assertEquals(
                204,
                b.post(
                                onB.url(TENANT, "/customer/demo/password/reset/update"),
                                "application/json",
                                body,
                                "Authorization",
                                "Bearer " + onB.anonymous(TENANT).get("access_token").asText())
                        .status());
        HttpResult again =
                a.post(
                        onA.url(TENANT, "/customer/demo/password/reset/update"),
                        "application/json",
                        body,
                        "Authorization",
                        "Bearer " + onA.anonymous(TENANT).get("access_token").asText());
        assertEquals(400, again.status(), again::toString);
        assertEquals("used_token", again.json().get("type").asText());
        assertEquals(
                200,
                onA.login(
                                TENANT,
                                onA.anonymous(TENANT).get("access_token").asText(),
                                email,
                                "reset-on-b-1")
                        .status());
    }

    @Test
    @Order(3)
    void aBruteForceLockoutBuiltFromFailuresOnBothNodes() throws InterruptedException {
        a.ensureRealm(
                LOCKING,
                true,
                Map.of(
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        4,
                        "waitIncrementSeconds",
                        600,
                        "maxFailureWaitSeconds",
                        900,
                        "quickLoginCheckMilliSeconds",
                        1,
                        "minimumQuickLoginWaitSeconds",
                        1),
                Map.of());
        String email = "lock-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String userId = a.createCustomer(LOCKING, email, PASSWORD);
        Storefront[] nodes = {onA, onB, onA, onB};
        for (int i = 0; i < 4; i++) {
            Storefront.assertStandardError(
                    401,
                    nodes[i].login(
                            LOCKING,
                            nodes[i].anonymous(LOCKING).get("access_token").asText(),
                            email,
                            "wrong-" + i));
            Thread.sleep(50);
        }
        int failures = 0;
        for (int i = 0; i < 50 && failures < 4; i++) {
            failures =
                    b.adminJson("/" + LOCKING + "/attack-detection/brute-force/users/" + userId)
                            .get("numFailures")
                            .asInt();
            Thread.sleep(100);
        }
        assertEquals(4, failures);
        for (Storefront node : List.of(onA, onB)) {
            Storefront.assertStandardError(
                    401,
                    node.login(
                            LOCKING,
                            node.anonymous(LOCKING).get("access_token").asText(),
                            email,
                            PASSWORD));
        }
    }

    @Test
    @Order(4)
    void aKeyRotatedOnOneNodeSignsAndVerifiesOnTheOther() throws Exception {
        String realmId = a.adminJson("/" + TENANT).get("id").asText();
        HttpResult key =
                a.admin(
                        "POST",
                        "/" + TENANT + "/components",
                        Map.of(
                                "name",
                                "rotated-" + UUID.randomUUID().toString().substring(0, 6),
                                "providerId",
                                "rsa-generated",
                                "providerType",
                                "org.keycloak.keys.KeyProvider",
                                "parentId",
                                realmId,
                                "config",
                                Map.of(
                                        "priority",
                                        List.of("1000"),
                                        "keySize",
                                        List.of("2048"),
                                        "active",
                                        List.of("true"),
                                        "enabled",
                                        List.of("true"))));
        assertEquals(201, key.status(), key::toString);
        String kid = a.adminJson("/" + TENANT + "/keys").at("/active/RS256").asText();
        String anonymousFromB = onB.anonymous(TENANT).get("access_token").asText();
        assertEquals(
                kid,
                header(anonymousFromB).get("kid").asText(),
                "node B signs with the key rotated on A");
        String customer =
                onB.customer(TENANT, "customer@example.com", "customer123")
                        .get("access_token")
                        .asText();
        assertEquals(kid, header(customer).get("kid").asText());
        assertEquals(200, onA.validate(TENANT, customer).status());
        assertEquals(
                200,
                onA.login(TENANT, anonymousFromB, "customer@example.com", "customer123").status());
    }

    @Test
    @Order(5)
    void aNodeKilledUnderLoadLosesNoSessionAndRejoins() throws Exception {
        int clients = 32;
        List<String[]> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String email =
                    "load-"
                            + i
                            + "-"
                            + UUID.randomUUID().toString().substring(0, 6)
                            + "@example.com";
            a.createCustomer(TENANT, email, PASSWORD);
            JsonNode login = (i % 2 == 0 ? onA : onB).customer(TENANT, email, PASSWORD);
            sessions.add(
                    new String[] {
                        login.get("refresh_token").asText(), login.get("access_token").asText()
                    });
        }
        int before = sessions.size();

        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> load = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String[] session = sessions.get(i);
            int client = i;
            load.add(
                    pool.submit(
                            () -> {
                                int turn = client;
                                while (!stop.get()) {
                                    Storefront node = turn++ % 2 == 0 ? onA : onB;
                                    if (killed.get() && node == onA) {
                                        node = onB; // the load balancer has taken the dead node out
                                    }
                                    try {
                                        HttpResult r = node.refresh(TENANT, session[0]);
                                        requests.incrementAndGet();
                                        if (r.status() == 200) {
                                            session[0] = r.json().get("refresh_token").asText();
                                            session[1] = r.json().get("access_token").asText();
                                        } else {
                                            errors.computeIfAbsent(
                                                            "status "
                                                                    + r.status()
                                                                    + " from "
                                                                    + (node == onA
                                                                            ? "node A"
                                                                            : "node B"),
                                                            k -> new AtomicInteger())
                                                    .incrementAndGet();
                                        }
                                    } catch (RuntimeException e) {
                                        requests.incrementAndGet();
                                        boolean toKilled = node == onA && killed.get();
                                        String cause =
                                                e.getCause() instanceof ConnectException
                                                        ? "connection refused"
                                                        : "connection lost in flight";
                                        errors.computeIfAbsent(
                                                        cause
                                                                + (toKilled
                                                                        ? " (killed node A)"
                                                                        : " (node "
                                                                                + (node == onA
                                                                                        ? "A"
                                                                                        : "B")
                                                                                + ")"),
                                                        k -> new AtomicInteger())
                                                .incrementAndGet();
                                    }
                                }
                                return null;
                            }));
        }
        Thread.sleep(5000);
        long t0 = System.nanoTime();
        killed.set(true);
        cluster.kill(0);
        Thread.sleep(10_000);
        stop.set(true);
        for (Future<?> f : load) {
            f.get();
        }
        pool.shutdown();

        int alive = 0;
        for (String[] session : sessions) {
            HttpResult r = onB.refresh(TENANT, session[0]);
            if (r.status() == 200) {
                alive++;
                session[0] = r.json().get("refresh_token").asText();
            }
        }
        System.out.printf(
                "ClusterIT under load: %d clients, %d requests, node A killed (SIGKILL) after 5 s,"
                    + " errors by cause %s; sessions before the kill %d, still refreshing after %d,"
                    + " lost %d%n",
                clients, requests.get(), errors, before, alive, before - alive);
        for (String cause : errors.keySet()) {
            assertTrue(
                    cause.contains("killed node A"),
                    "an error other than a request to the killed node: " + errors);
        }
        assertEquals(before, alive, "sessions lost");

        cluster.restart(0);
        System.out.printf(
                "ClusterIT: node A restarted and rejoined in %.0f s%n",
                (System.nanoTime() - t0) / 1e9);
        HttpResult onRestarted = onA.refresh(TENANT, sessions.get(0)[0]);
        assertEquals(200, onRestarted.status(), onRestarted::toString);
        String access = onRestarted.json().get("access_token").asText();
        assertEquals(204, onA.logout(TENANT, access).status());
        Storefront.assertInvalidToken(onB.validate(TENANT, access));
        assertNotEquals(0, requests.get());
    }

    static JsonNode header(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }
}
