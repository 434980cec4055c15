package dev.kcemporix.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What logins leave in a node's memory: the single-use store's entries (instances of Keycloak's
 * {@code SingleUseObjectValueEntity}, counted in a class histogram after a full GC) and the used heap,
 * before, during and after {@code memory.logins} logins (default 20,000) that each start from a
 * fresh anonymous session, then log out. Each such login claims its storefront session in the
 * single-use store for as long as an anonymous token of it lives: here 10 s, set short on the
 * storefront client. After that the entries must go, once Infinispan's expiration reaper has run
 * (every few minutes): the count is taken every 20 s until it is back at its baseline, or 10
 * minutes passed. Needs the server's process id (jcmd) and runs beside the load benchmark:
 * {@code bench/run.sh --memory}.
 */
public final class MemoryBench {

    static final String REALM = "memoryshop";
    static final String PASSWORD = "memory-pass-1";
    static final int LOGINS = Integer.getInteger("memory.logins", 20_000);
    static final int THREADS = 8;
    static final int CLAIM_LIFESPAN_SECONDS = 10;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern ENTITY = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+org\\.keycloak\\.models\\.sessions\\.infinispan\\.entities\\.SingleUseObjectValueEntity\\s*$",
            Pattern.MULTILINE);
    static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final String base;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** One reading: when, how many entries of the single-use store, the used heap after a full GC. */
    record Reading(String phase, long secondsAfterLogins, long entries, long heapMiB) {
    }

    MemoryBench(String base, long pid) {
        this.base = base;
        this.pid = pid;
    }

    public static void run(String base, long pid, Path out) throws Exception {
        new MemoryBench(base, pid).measure(out);
    }

    void measure(Path out) throws Exception {
        prepare();
        List<Reading> readings = new ArrayList<>();
        readings.add(reading("before", -1));
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Void>> workers = new ArrayList<>();
        Reading[] halfway = new Reading[1];
        for (int t = 0; t < THREADS; t++) {
            String email = "memory-" + t + "@example.com";
            workers.add(pool.submit(() -> {
                while (done.get() < LOGINS) {
                    loginAndLogout(email);
                    if (done.incrementAndGet() == LOGINS / 2) {
                        synchronized (halfway) {
                            halfway[0] = reading("halfway (" + (LOGINS / 2) + " logins)", -1);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<Void> worker : workers) {
            worker.get(30, TimeUnit.MINUTES);
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (halfway[0] != null) {
            readings.add(halfway[0]);
        }
        long ended = System.nanoTime();
        readings.add(reading("after " + done.get() + " logins", 0));
        Reading baseline = readings.get(0);
        for (int i = 0; i < 30; i++) {
            Thread.sleep(20_000);
            Reading r = reading("waiting", (System.nanoTime() - ended) / 1_000_000_000L);
            readings.add(r);
            System.out.printf("memory: %d s after the logins: %d entries, %d MiB%n", r.secondsAfterLogins(), r.entries(), r.heapMiB());
            if (r.entries() <= baseline.entries() + 50) {
                break;
            }
        }
        write(out, readings, done.get(), seconds);
    }

    void prepare() throws Exception {
        if (status("GET", "/admin/realms/" + REALM, null) == 200) {
            return;
        }
        send("POST", "/admin/realms", Map.of("realm", REALM, "enabled", true, "bruteForceProtected", false,
                "passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)",
                "attributes", Map.of("emporix.enabled", "true"),
                "clients", List.of(Map.of("clientId", "storefront", "publicClient", true, "directAccessGrantsEnabled", true,
                        "attributes", Map.of("emporix.anonymous.accessTokenLifespan", "5",
                                "emporix.anonymous.refreshTokenLifespan", Integer.toString(CLAIM_LIFESPAN_SECONDS))))));
        for (int t = 0; t < THREADS; t++) {
            String email = "memory-" + t + "@example.com";
            send("POST", "/admin/realms/" + REALM + "/users", Map.of("username", email, "email", email, "enabled", true, "emailVerified", true,
                    "firstName", "Memory", "lastName", "Bench", "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        }
    }

    void loginAndLogout(String email) throws IOException, InterruptedException {
        JsonNode anonymous = json(http.send(HttpRequest.newBuilder(URI.create(base + "/customerlogin/auth/anonymous/login?tenant=" + REALM
                + "&client_id=storefront")).build(), HttpResponse.BodyHandlers.ofString()), 200);
        JsonNode login = json(http.send(HttpRequest.newBuilder(URI.create(base + "/customer/" + REALM + "/login"))
                .header("Authorization", "Bearer " + anonymous.get("access_token").asText()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString()), 200);
        String access = login.get("access_token").asText();
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(base + "/customer/" + REALM + "/logout?accessToken="
                + URLEncoder.encode(access, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + access).build(), HttpResponse.BodyHandlers.ofString());
        if (logout.statusCode() != 204) {
            throw new IllegalStateException("logout: " + logout.statusCode() + " " + logout.body());
        }
    }

    /** Entries of the single-use store and used heap, after the full GC the class histogram makes. */
    Reading reading(String phase, long secondsAfterLogins) throws IOException, InterruptedException {
        String histogram = jcmd("GC.class_histogram");
        Matcher entity = ENTITY.matcher(histogram);
        long entries = entity.find() ? Long.parseLong(entity.group(1)) : 0;
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long heap = used.find() ? Long.parseLong(used.group(1)) >> 10 : -1;
        return new Reading(phase, secondsAfterLogins, entries, heap);
    }

    String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    void write(Path out, List<Reading> readings, int logins, double seconds) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Memory: the single-use store around ").append(String.format("%,d", logins)).append(" logins\n\n");
        md.append("Generated by `bench/run.sh --memory`; nothing here is written by hand. Each login starts from a fresh anonymous\n")
                .append("session (anonymous login, customer login, logout), ").append(THREADS).append(" clients, ")
                .append(String.format("%.0f s (%.0f logins/s)", seconds, logins / seconds))
                .append(". Each claims its storefront session in the single-use store for ").append(CLAIM_LIFESPAN_SECONDS)
                .append(" s (the storefront client's anonymous refresh-token lifespan, set short). Entries: instances of Keycloak's\n")
                .append("`SingleUseObjectValueEntity` in a class histogram after a full GC (`jcmd GC.class_histogram`); heap: used, after that GC.\n\n");
        md.append("| when | seconds after the logins | single-use store entries | heap used (MiB) |\n|---|---|---|---|\n");
        for (Reading r : readings) {
            md.append("| ").append(r.phase()).append(" | ").append(r.secondsAfterLogins() < 0 ? "" : Long.toString(r.secondsAfterLogins()))
                    .append(" | ").append(r.entries()).append(" | ").append(r.heapMiB()).append(" |\n");
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("memory.md"), md.toString());
        System.out.print(md);
    }

    // ---- HTTP ----

    private String adminToken;
    private long adminTokenAt;

    String admin() throws IOException, InterruptedException {
        if (adminToken == null || System.nanoTime() - adminTokenAt > 40_000_000_000L) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin")).build(),
                    HttpResponse.BodyHandlers.ofString());
            adminToken = json(r, 200).get("access_token").asText();
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    int status(String method, String path, Object body) throws IOException, InterruptedException {
        return request(method, path, body).statusCode();
    }

    void send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = request(method, path, body);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    private HttpResponse<String> request(String method, String path, Object body) throws IOException, InterruptedException {
        return AdminCalls.send(http, base + path, method, admin(), body);
    }

    static JsonNode json(HttpResponse<String> r, int expected) throws IOException {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
