package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcemporix.auth.it.support.AtOnce;
import dev.kcemporix.auth.it.support.Demo;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakCluster;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.SoftPasskey;
import dev.kcemporix.auth.it.support.Storefront;
import dev.kcemporix.auth.it.support.Totp;
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
 * Two Keycloak nodes in production mode on a real PostgreSQL, in the middle of a roll: node A runs
 * the jar of the previous build ({@code release/previous-build}, built from the project's history),
 * node B this build's. Every feature works whichever node each request lands on, in either order,
 * Keycloak's rolling-update check weighs the jar's store formats, and a node's crash under load
 * loses no session; the crashed node comes back on this build, which completes the roll, and what
 * the previous build lacked then works across both. Figures are printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow")
class ClusterIT {

    static final String TENANT = "demo";
    static final String LOCKING = "clusterlock";
    static final String LINKS = "clusterlinks";
    static final String PASSWORD = "cluster-pass-1";
    static KeycloakCluster cluster;
    static Server a;
    static Server b;
    static Storefront onA;
    static Storefront onB;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        cluster = KeycloakCluster.rolling();
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
     * Keycloak's own rolling-update check sees the jar: the metadata of node A (the previous build)
     * carries the format of every single-use store entry the jar keeps; node B (this build) checked
     * against it rolls; and a running build that wrote an older format than this one reads makes
     * the check ask for a recreate, naming the entry.
     */
    @Test
    @Order(5)
    void keycloaksRollingUpdateCheckWeighsTheJarsStoreFormats() throws Exception {
        Path file = Files.createTempFile("update-compatibility", ".json");
        Path olderFile = Files.createTempFile("update-compatibility-older", ".json");
        try {
            KeycloakCluster.Command metadata =
                    cluster.kc(0, "update-compatibility", "metadata", "--file=" + file);
            assertEquals(0, metadata.exitCode(), metadata::output);
            // The two nodes live in two directories of one host; a real cluster has one path on
            // every host, and Keycloak 26.5 compares the cache configuration file's path.
            Files.writeString(
                    file,
                    Files.readString(file)
                            .replace(cluster.home(0).toString(), cluster.home(1).toString()));
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
                                            1,
                                            "update-compatibility",
                                            "check",
                                            "--file=" + olderFile));
            KeycloakCluster.Command same =
                    cluster.kc(1, "update-compatibility", "check", "--file=" + file);
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
    void aShopperStartsOnThePreviousBuildAndGoesOnOnThisOne() {
        journey(onA, onB);
    }

    @Test
    @Order(1)
    void aShopperStartsOnThisBuildAndGoesOnOnThePreviousOne() {
        journey(onB, onA);
    }

    /** A shopper's journey with every step on the other node than the one before. */
    void journey(Storefront first, Storefront second) {
        JsonNode anonymous = first.anonymous(TENANT);
        HttpResult refreshedAnonymous =
                second.anonymousRefresh(
                        TENANT, "storefront", anonymous.get("refresh_token").asText());
        assertEquals(anonymous.get("sessionId"), refreshedAnonymous.json().get("sessionId"));

        JsonNode login =
                first.login(
                                TENANT,
                                refreshedAnonymous.json().get("access_token").asText(),
                                "buyer@example.com",
                                "buyer12345")
                        .json();
        assertEquals(anonymous.get("sessionId").asText(), login.get("session_id").asText());
        assertEquals(200, second.validate(TENANT, login.get("access_token").asText()).status());
        // The storefront session is claimed on the first node: its anonymous tokens are done on
        // the second too.
        Storefront.assertInvalidToken(
                second.anonymousRefresh(
                        TENANT, "storefront", anonymous.get("refresh_token").asText()));

        HttpResult switched =
                second.refresh(TENANT, login.get("refresh_token").asText(), "LE-ACME-1");
        assertEquals(200, switched.status(), switched::toString);
        HttpResult validated = first.validate(TENANT, switched.json().get("access_token").asText());
        assertEquals("LE-ACME-1", validated.json().get("legalEntityId").asText());
        HttpResult unscoped = first.refresh(TENANT, switched.json().get("refresh_token").asText());
        assertEquals(200, unscoped.status());

        // A logout on the second node is seen on the first at once.
        String access = unscoped.json().get("access_token").asText();
        assertEquals(204, second.logout(TENANT, access).status());
        Storefront.assertInvalidToken(first.validate(TENANT, access));
        Storefront.assertInvalidToken(
                first.refresh(TENANT, unscoped.json().get("refresh_token").asText()));

        // A one-time-code device offered on the first node, confirmed on the second, asked for
        // at the next login on the first.
        String email = "journey-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        a.createCustomer(TENANT, email, PASSWORD);
        String token = first.customer(TENANT, email, PASSWORD).get("access_token").asText();
        HttpResult offer = call(first, TENANT, "/me/mfa/otp", token, Map.of("password", PASSWORD));
        assertEquals(200, offer.status(), offer::toString);
        String secret = offer.json().get("secret").asText();
        long now = System.currentTimeMillis() / 1000;
        HttpResult confirmed =
                call(
                        second,
                        TENANT,
                        "/me/mfa/otp/confirm",
                        token,
                        Map.of("code", Totp.code(secret, now, 6, 30, "SHA1")));
        assertEquals(204, confirmed.status(), confirmed::toString);
        HttpResult withoutCode =
                first.login(
                        TENANT,
                        first.anonymous(TENANT).get("access_token").asText(),
                        email,
                        PASSWORD);
        assertEquals(401, withoutCode.status(), withoutCode::toString);
        HttpResult withCode =
                first.loginWithBody(
                        TENANT,
                        first.anonymous(TENANT).get("access_token").asText(),
                        "application/json",
                        Server.toJson(
                                Map.of(
                                        "email",
                                        email,
                                        "password",
                                        PASSWORD,
                                        "otp",
                                        Totp.code(secret, now + 30, 6, 30, "SHA1"))));
        assertEquals(200, withCode.status(), withCode::toString);

        // A reset mailed from the first node, used on the second, refused again on the first.
        HttpResult requested =
                call(
                        first,
                        TENANT,
                        "/password/reset",
                        first.anonymous(TENANT).get("access_token").asText(),
                        Map.of("email", email));
        assertEquals(204, requested.status(), requested::toString);
        String link = Mailbox.awaitLink(email, 1, 30);
        Map<String, String> update = Map.of("token", link, "password", "reset-journey-1");
        String visitor = second.anonymous(TENANT).get("access_token").asText();
        assertEquals(204, call(second, TENANT, "/password/reset/update", visitor, update).status());
        Storefront.assertStandardError(
                400,
                call(
                        first,
                        TENANT,
                        "/password/reset/update",
                        first.anonymous(TENANT).get("access_token").asText(),
                        update));
    }

    /** A JSON call of the customer API of {@code tenant} on {@code node}, with a bearer token. */
    static HttpResult call(
            Storefront node, String tenant, String path, String bearer, Object body) {
        return node.server()
                .post(
                        node.url(tenant, "/customer/" + tenant + path),
                        "application/json",
                        Server.toJson(body),
                        "Authorization",
                        "Bearer " + bearer);
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

    /**
     * Three reset links of one customer used at once, on both nodes, on PostgreSQL: one resets the
     * password, the others are refused (the customer's used-link mark is swapped in the database,
     * where the row lock makes the others wait and then miss it), whatever each node's user cache
     * holds.
     */
    @Test
    @Order(2)
    void resetLinksOfOneCustomerUsedAtOnceOnBothNodesResetThePasswordOnce() throws Exception {
        a.ensureRealm(
                LINKS,
                true,
                Map.of("smtpServer", Mailbox.smtpSettings(), "bruteForceProtected", false),
                Map.of(
                        "emporix.storefrontUrl",
                        "https://links.example",
                        "emporix.mail.throttleSeconds",
                        "1"));
        String email = "race-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        a.createCustomer(LINKS, email, PASSWORD);
        List<String> links = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Storefront node = n % 2 == 0 ? onB : onA;
            HttpResult asked =
                    call(
                            node,
                            LINKS,
                            "/password/reset",
                            node.anonymous(LINKS).get("access_token").asText(),
                            Map.of("email", email));
            assertEquals(204, asked.status(), asked::toString);
            links.add(Mailbox.await(email, n, 30).token());
            Thread.sleep(1_100); // the tenant's one-second mail throttle
        }
        List<Storefront> nodes = List.of(onA, onB, onA);
        List<String> visitors = new ArrayList<>();
        for (Storefront node : nodes) {
            visitors.add(node.anonymous(LINKS).get("access_token").asText());
        }
        List<HttpResult> answers =
                AtOnce.all(
                        3,
                        n ->
                                call(
                                        nodes.get(n),
                                        LINKS,
                                        "/password/reset/update",
                                        visitors.get(n),
                                        Map.of(
                                                "token",
                                                links.get(n),
                                                "password",
                                                "raced-pass-" + n)));
        System.out.println("Three reset links used at once on both nodes: " + answers);
        assertEquals(1, answers.stream().filter(r -> r.status() == 204).count(), answers::toString);
        for (int n = 0; n < 3; n++) {
            HttpResult login =
                    onB.login(
                            LINKS,
                            onB.anonymous(LINKS).get("access_token").asText(),
                            email,
                            "raced-pass-" + n);
            if (answers.get(n).status() == 204) {
                assertEquals(200, login.status(), "the winner's password: " + login);
            } else {
                Storefront.assertStandardError(400, answers.get(n));
                assertEquals(401, login.status(), "a loser's password: " + login);
            }
        }
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

    /**
     * Node A crashes under load (SIGKILL) and comes back on this build, as the roll's next step: no
     * session is lost, and every session goes on across the two nodes of the new build.
     */
    @Test
    @Order(6)
    void aNodeKilledUnderLoadLosesNoSessionAndRejoinsOnTheNewBuild() throws Exception {
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
        Thread.sleep(3000);
        long t0 = System.nanoTime();
        killed.set(true);
        cluster.kill(0);
        // Long enough for the survivor to take the other for gone (about 5 s here, JGroups'
        // VERIFY_SUSPECT2) and to carry the load alone for seconds after.
        Thread.sleep(8000);
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
                "ClusterIT under load: %d clients, %d requests, node A killed (SIGKILL) after 3 s,"
                    + " errors by cause %s; sessions before the kill %d, still refreshing after %d,"
                    + " lost %d%n",
                clients, requests.get(), errors, before, alive, before - alive);
        for (String cause : errors.keySet()) {
            assertTrue(
                    cause.contains("killed node A"),
                    "an error other than a request to the killed node: " + errors);
        }
        assertEquals(before, alive, "sessions lost");

        cluster.restartOnTheBuildOf(0, 1);
        System.out.printf(
                "ClusterIT: node A restarted on this build and rejoined in %.0f s%n",
                (System.nanoTime() - t0) / 1e9);
        HttpResult onRestarted = onA.refresh(TENANT, sessions.get(0)[0]);
        assertEquals(200, onRestarted.status(), onRestarted::toString);
        String access = onRestarted.json().get("access_token").asText();
        assertEquals(204, onA.logout(TENANT, access).status());
        Storefront.assertInvalidToken(onB.validate(TENANT, access));
        assertNotEquals(0, requests.get());
    }

    /**
     * After the roll, what the previous build lacked works across the nodes (assisted buying):
     * staff get a hand-off code on one node, and of two redemptions at once, one on each node,
     * exactly one gets the customer's session, whose tokens name the staff member on either node.
     */
    @Test
    @Order(7)
    void afterTheRollAHandoffCodeIssuedOnOneNodeIsRedeemedOnceAcrossBoth() throws Exception {
        // What this build's provisioning adds (the previous build provisioned the demo), then on.
        assertEquals(200, a.admin("POST", "/" + TENANT + "/emporix/provision", null).status());
        HttpResult on =
                a.admin(
                        "PUT",
                        "/" + TENANT + "/emporix/settings",
                        Map.of("assistedBuying", "true"));
        assertEquals(200, on.status(), on::toString);
        HttpResult staff =
                b.passwordGrant(
                        TENANT,
                        Demo.BACK_OFFICE,
                        Demo.BACK_OFFICE_SECRET,
                        Demo.AGENT_EMAIL,
                        Demo.AGENT_PASSWORD);
        assertEquals(200, staff.status(), staff::toString);
        HttpResult handoff =
                b.post(
                        onB.url(TENANT, "/customer/" + TENANT + "/assisted-buying-login"),
                        "application/json",
                        "{\"customerNumber\":\"C-100042\",\"handoff\":true}",
                        "Authorization",
                        "Bearer " + staff.json().get("access_token").asText());
        assertEquals(200, handoff.status(), handoff::toString);
        String code = handoff.json().get("handoffCode").asText();
        String body = "{\"handoffCode\":\"" + code + "\"}";
        List<Storefront> nodes = List.of(onA, onB);
        List<String> visitors = new ArrayList<>();
        for (Storefront node : nodes) {
            visitors.add(node.anonymous(TENANT).get("access_token").asText());
        }
        List<HttpResult> results =
                AtOnce.all(
                        2,
                        i ->
                                nodes.get(i)
                                        .server()
                                        .post(
                                                nodes.get(i)
                                                        .url(
                                                                TENANT,
                                                                "/customer/"
                                                                        + TENANT
                                                                        + "/assisted-buying/token"),
                                                "application/json",
                                                body,
                                                "Authorization",
                                                "Bearer " + visitors.get(i)));
        List<Integer> statuses = new ArrayList<>(results.stream().map(HttpResult::status).toList());
        statuses.sort(null);
        assertEquals(List.of(200, 400), statuses, results::toString);
        int won = results.get(0).status() == 200 ? 0 : 1;
        String access = results.get(won).json().get("access_token").asText();
        HttpResult valid = other(nodes.get(won)).validate(TENANT, access);
        assertEquals(200, valid.status(), valid::toString);
        assertEquals(a.userId(TENANT, Demo.AGENT_EMAIL), valid.json().get("assistedBy").asText());
    }

    @Test
    @Order(8)
    void aPasskeyCeremonyFinishedAtOnceOnBothNodesLogsInOnce() throws Exception {
        // The demo tenant has passkeys on (relying party localhost, storefront origin :3000).
        String email =
                "cluster-pk-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        a.createCustomer(TENANT, email, PASSWORD);
        String customer = onB.customer(TENANT, email, PASSWORD).get("access_token").asText();
        HttpResult options =
                call(
                        onB,
                        TENANT,
                        "/me/passkeys/registration-options",
                        customer,
                        Map.of("password", PASSWORD));
        assertEquals(200, options.status(), options::toString);
        SoftPasskey passkey = new SoftPasskey(Demo.ALLOWED_ORIGIN);
        // Finished on the other node than the one that began it.
        HttpResult added =
                call(
                        onA,
                        TENANT,
                        "/me/passkeys",
                        customer,
                        Map.of(
                                "ceremonyId",
                                options.json().get("ceremonyId").asText(),
                                "credential",
                                passkey.register(options.json().get("publicKey"))));
        assertEquals(201, added.status(), added::toString);

        String visitor = onA.anonymous(TENANT).get("access_token").asText();
        HttpResult login = call(onA, TENANT, "/passkey/login-options", visitor, Map.of());
        assertEquals(200, login.status(), login::toString);
        Map<String, Object> body =
                Map.of(
                        "ceremonyId",
                        login.json().get("ceremonyId").asText(),
                        "credential",
                        passkey.assert_(login.json().get("publicKey")));
        List<Storefront> nodes = List.of(onA, onB);
        List<HttpResult> results =
                AtOnce.all(2, i -> call(nodes.get(i), TENANT, "/passkey/login", visitor, body));
        List<Integer> statuses = new ArrayList<>(results.stream().map(HttpResult::status).toList());
        statuses.sort(null);
        assertEquals(List.of(200, 400), statuses, results::toString);
        results.stream()
                .filter(r -> r.status() == 400)
                .forEach(r -> assertEquals("invalid_passkey", r.json().get("type").asText()));
        int won = results.get(0).status() == 200 ? 0 : 1;
        HttpResult valid =
                other(nodes.get(won))
                        .validate(TENANT, results.get(won).json().get("access_token").asText());
        assertEquals(200, valid.status(), valid::toString);
    }

    static JsonNode header(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }
}
