package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Logins with fresh anonymous sessions leave nothing behind once the anonymous tokens they claimed
 * have expired: each claims its storefront session in Keycloak's single-use store for the anonymous
 * tokens' lifespan (here 10 s), and after that, once Infinispan's expiration reaper has run (every
 * 2 s on the test server, {@link dev.kcemporix.auth.it.support.DistributionKeycloak}), the store's
 * entries are back where they were. A claim written without a lifespan would stay for good, one per
 * login, a script's way to fill a cluster's memory. Counted as live instances of Keycloak's {@code
 * SingleUseObjectValueEntity} in the server's class histogram (jcmd), on both mounts, right after a
 * restart ({@link RestartIT}) so that no other test's entries expire meanwhile. The larger figure
 * (20,000 logins, heap) is {@code bench/run.sh --memory}.
 */
final class StorefrontSessionClaims {

    static final String SHOP = "claimshop";
    static final String PASSWORD = "claim-pass-1";
    static final int LOGINS = 200;
    static final int CLIENTS = 4;

    /** The anonymous tokens' lifespan: short, so the test waits little for their claims to go. */
    static final String LIFESPAN_SECONDS = "10";

    static final Pattern ENTITY =
            Pattern.compile(
                    "^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+org\\.keycloak\\.models\\.sessions\\.infini"
                            + "span\\.entities\\.SingleUseObjectValueEntity\\s*$",
                    Pattern.MULTILINE);

    private StorefrontSessionClaims() {}

    /** The tenant of short-lived anonymous tokens and its {@value #CLIENTS} customers. */
    static List<String> shop(Server server) {
        server.ensureRealm(
                SHOP,
                true,
                Map.of(
                        "bruteForceProtected",
                        false,
                        "passwordPolicy",
                        "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"),
                Map.of());
        JsonNode client = server.adminJson("/" + SHOP + "/clients?clientId=storefront").get(0);
        Map<String, Object> shortLived = Server.fromJson(client);
        shortLived.put(
                "attributes",
                Map.of(
                        "emporix.anonymous.accessTokenLifespan",
                        LIFESPAN_SECONDS,
                        "emporix.anonymous.refreshTokenLifespan",
                        LIFESPAN_SECONDS));
        assertEquals(
                204,
                server.admin(
                                "PUT",
                                "/" + SHOP + "/clients/" + client.get("id").asText(),
                                shortLived)
                        .status());
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String email = "claim-" + i + "-" + System.nanoTime() + "@example.com";
            server.createCustomer(SHOP, email, PASSWORD);
            customers.add(email);
        }
        return customers;
    }

    /**
     * {@value #LOGINS} logins (and logouts) of {@code customers} with fresh anonymous sessions, on
     * both mounts; then the store's entries must be back where they were.
     */
    static void loginAndWatchTheStoreEmpty(Server server, List<String> customers) throws Exception {
        Assumptions.assumeTrue(
                server.pid() > 0,
                "counting the store's entries needs the server's process (not a container)");
        long before = entries(server);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String email = customers.get(c);
            Storefront storefront = new Storefront(server, MountUnderTest.values()[c % 2]);
            workers.add(
                    pool.submit(
                            () -> {
                                int done = 0;
                                for (int i = 0; i < LOGINS / CLIENTS; i++) {
                                    String anonymous =
                                            storefront.anonymous(SHOP).get("access_token").asText();
                                    HttpResult login =
                                            storefront.login(SHOP, anonymous, email, PASSWORD);
                                    assertEquals(200, login.status(), login::toString);
                                    assertEquals(
                                            204,
                                            storefront
                                                    .logout(
                                                            SHOP,
                                                            login.json()
                                                                    .get("access_token")
                                                                    .asText())
                                                    .status());
                                    done++;
                                }
                                return done;
                            }));
        }
        int logins = 0;
        for (Future<Integer> worker : workers) {
            logins += worker.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long after = entries(server);
        long waited = 0;
        long now = after;
        while (now > before + 20 && waited < 240) {
            Thread.sleep(2_000);
            waited += 2;
            now = entries(server);
        }
        System.out.printf(
                "StorefrontSessionClaims: %d logins with fresh anonymous sessions: single-use"
                        + " store entries %d before, %d after, %d after %d s more%n",
                logins, before, after, now, waited);
        assertTrue(
                after >= before + logins * 9 / 10,
                "sanity: the logins' claims are in the store right after them ("
                        + before
                        + " -> "
                        + after
                        + ")");
        assertTrue(
                now <= before + 20,
                "the claims stay in memory: "
                        + before
                        + " entries before, "
                        + now
                        + " still "
                        + waited
                        + " s later");
        assertTrue(
                after - now >= logins * 9 / 10,
                "the claims themselves left the store: " + after + " -> " + now);
    }

    /** Live entries of the single-use store, after the full GC the class histogram makes. */
    static long entries(Server server) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p =
                new ProcessBuilder(
                                jcmd.toString(), Long.toString(server.pid()), "GC.class_histogram")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd failed: " + out);
        }
        Matcher m = ENTITY.matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
