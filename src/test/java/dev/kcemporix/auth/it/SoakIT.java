package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded soak on loopback: 32 storefront clients for 60 s, each running the whole customer
 * journey (anonymous, login, validate, refresh, logout, validate after logout) with its own
 * customer. Counts every answer; the only 401s allowed are the ones after logout. Then checks that
 * every login, refresh and logout is a stored event, and that the server's heap after a GC comes
 * back to its level from before.
 */
@ExtendWith(KeycloakExtension.class)
@Tag("slow")
class SoakIT {

    static final String SHOP = "soakshop";
    static final int CLIENTS = Integer.getInteger("soak.clients", 32);
    static final Duration LENGTH = Duration.ofSeconds(Long.getLong("soak.seconds", 60));

    @Test
    void thirtyTwoClientsForAMinuteWithoutErrorsOrLostEvents(Server server) throws Exception {
        server.ensureRealm(
                SHOP,
                true,
                Map.of(
                        // Logins at about the cost Keycloak's default Argon2 has on a small machine
                        // (the test servers run it at its lowest cost): the soak's load is a
                        // shop's, and its heap check was set at that rate.
                        "passwordPolicy",
                        Server.PRODUCTION_LIKE_HASHING,
                        "eventsEnabled",
                        true,
                        "eventsExpiration",
                        86400,
                        "enabledEventTypes",
                        List.of(
                                "LOGIN",
                                "LOGIN_ERROR",
                                "REFRESH_TOKEN",
                                "REFRESH_TOKEN_ERROR",
                                "LOGOUT")),
                Map.of());
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String email = "soak-" + i + "-" + System.nanoTime() + "@example.com";
            server.createCustomer(SHOP, email, "secret-pass-1");
            emails.add(email);
        }
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        long heapBefore = heapAfterGc(server);

        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong logins = new AtomicLong();
        AtomicLong refreshes = new AtomicLong();
        AtomicLong logouts = new AtomicLong();
        long deadline = System.nanoTime() + LENGTH.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (String email : emails) {
            clients.add(
                    pool.submit(
                            () -> {
                                while (System.nanoTime() < deadline) {
                                    JsonNode anonymous =
                                            expect(
                                                            counts,
                                                            unexpected,
                                                            "anonymous",
                                                            200,
                                                            storefront.anonymousLogin(SHOP))
                                                    .json();
                                    HttpResult login =
                                            expect(
                                                    counts,
                                                    unexpected,
                                                    "login",
                                                    200,
                                                    storefront.login(
                                                            SHOP,
                                                            anonymous.get("access_token").asText(),
                                                            email,
                                                            "secret-pass-1"));
                                    if (login.status() != 200) {
                                        continue;
                                    }
                                    logins.incrementAndGet();
                                    String access = login.json().get("access_token").asText();
                                    for (int i = 0; i < 3; i++) {
                                        expect(
                                                counts,
                                                unexpected,
                                                "validate",
                                                200,
                                                storefront.validate(SHOP, access));
                                    }
                                    HttpResult refreshed =
                                            expect(
                                                    counts,
                                                    unexpected,
                                                    "refresh",
                                                    200,
                                                    storefront.refresh(
                                                            SHOP,
                                                            login.json()
                                                                    .get("refresh_token")
                                                                    .asText()));
                                    if (refreshed.status() == 200) {
                                        refreshes.incrementAndGet();
                                        access = refreshed.json().get("access_token").asText();
                                    }
                                    expect(
                                            counts,
                                            unexpected,
                                            "validate",
                                            200,
                                            storefront.validate(SHOP, access));
                                    if (expect(
                                                            counts,
                                                            unexpected,
                                                            "logout",
                                                            204,
                                                            storefront.logout(SHOP, access))
                                                    .status()
                                            == 204) {
                                        logouts.incrementAndGet();
                                    }
                                    expect(
                                            counts,
                                            unexpected,
                                            "validate after logout",
                                            401,
                                            storefront.validate(SHOP, access));
                                }
                                return null;
                            }));
        }
        for (Future<?> client : clients) {
            client.get(LENGTH.toSeconds() + 120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        long heapAfter = heapAfterGc(server);
        long requests = counts.values().stream().mapToLong(AtomicLong::get).sum();
        long loginEvents = eventCount(server, "LOGIN");
        long refreshEvents = eventCount(server, "REFRESH_TOKEN");
        long logoutEvents = eventCount(server, "LOGOUT");
        System.out.printf(
                "Soak: %d clients for %d s: %d requests (%.0f/s), by call %s; unexpected answers"
                    + " %d; events stored LOGIN %d of %d, REFRESH_TOKEN %d of %d, LOGOUT %d of %d;"
                    + " heap after GC %d MiB before, %d MiB after%n",
                CLIENTS,
                LENGTH.toSeconds(),
                requests,
                requests / (double) LENGTH.toSeconds(),
                counts,
                unexpected.size(),
                loginEvents,
                logins.get(),
                refreshEvents,
                refreshes.get(),
                logoutEvents,
                logouts.get(),
                heapBefore >> 20,
                heapAfter >> 20);

        assertTrue(
                unexpected.isEmpty(),
                () ->
                        unexpected.size()
                                + " unexpected answers, e.g. "
                                + unexpected.subList(0, Math.min(5, unexpected.size())));
        assertEquals(logins.get(), loginEvents);
        assertEquals(refreshes.get(), refreshEvents);
        assertEquals(logouts.get(), logoutEvents);
        if (heapBefore > 0) {
            assertTrue(
                    heapAfter < heapBefore + Math.max(heapBefore / 2, 64L << 20),
                    "heap after GC grew from "
                            + (heapBefore >> 20)
                            + " MiB to "
                            + (heapAfter >> 20)
                            + " MiB");
        }
    }

    private static HttpResult expect(
            Map<String, AtomicLong> counts,
            List<String> unexpected,
            String call,
            int status,
            HttpResult r) {
        counts.computeIfAbsent(call + " " + r.status(), k -> new AtomicLong()).incrementAndGet();
        if (r.status() != status) {
            unexpected.add(call + ": " + r.status() + " " + r.body());
        }
        return r;
    }

    private static long eventCount(Server server, String type) {
        return server.adminJson("/" + SHOP + "/events?type=" + type + "&max=1000000").size();
    }

    /**
     * Used heap of the server after a full GC, through the JDK's jcmd; 0 where there is no local
     * process.
     */
    private static long heapAfterGc(Server server) throws IOException, InterruptedException {
        long pid = server.pid();
        if (pid <= 0) {
            return 0;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), Long.toString(pid), "GC.run");
        String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("No heap figure in: " + info);
        }
        return Long.parseLong(used.group(1)) << 10;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
