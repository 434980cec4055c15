package dev.kcemporix.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kcemporix.bench.Wrk.Request;
import dev.kcemporix.bench.Wrk.Result;

/**
 * Our endpoints against Keycloak's own, pair by pair, in one run on one server: fixed concurrency
 * levels, a warm-up of each side, then the two sides measured in turn (A B B A) so that a steady
 * drift of the machine (the server still getting faster) hits both alike: measured A B A B, B was
 * always the later one, and the same request measured up to 15% faster in B's slot at one connection. Writes the figures, an HTML report and a plot.
 * <p>Arguments: Keycloak base URL, Keycloak home (for the database row counts; "-" to skip), output folder.
 */
public final class Bench {

    /** Connections per measurement; {@code -Dbench.concurrency=1} measures one level only (a target set at one connection). */
    static final int[] CONCURRENCY = levels(System.getProperty("bench.concurrency", ""));
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 3);
    static final int MEASURE_SECONDS = Integer.getInteger("bench.seconds", 5);
    /** Each pair is measured this many times; the report gives the median ratio and the spread. */
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    /** Tenants besides the demo, for the service token that names no tenant (found by its client id). */
    static final int TENANTS = 100;
    static final int POOL = 256;
    static final String PASSWORD = "bench-pass-1";
    static final String SECRET = "service-secret-change-me";
    /** A tenant hashing with one PBKDF2 iteration: thousands of sessions for the logouts, and logins where hashing does not hide the rest. */
    static final String CHEAP_TENANT = "benchlogout";
    static final ObjectMapper JSON = new ObjectMapper();

    final String base;
    /** Where the load goes: the one server, or every node of a cluster (the connections split between them). */
    final List<String> targets;
    final HttpClient http = HttpClient.newHttpClient();
    final Path work;
    /** The CPU the server's processes (every node of a cluster) use while each side is measured. */
    ServerCpu cpu = new ServerCpu(List.of());

    Bench(List<String> targets, Path work) {
        this.base = targets.get(0);
        this.targets = targets;
        this.work = work;
    }

    /** One comparison: our endpoint and Keycloak's own. */
    record Pair(String name, String ours, String native_, IntFunction<List<Request>> oursPool, IntFunction<List<Request>> nativePool, boolean oneShot) {
    }

    /** One side of a pair at one concurrency in one run; {@code cpuMsPerRequest} is NaN without the server's pids. */
    record Row(String pair, String side, String endpoint, int concurrency, int run, Result result, double cpuMsPerRequest) {
    }

    /** Arguments: Keycloak base URLs (comma separated: the nodes of a cluster), Keycloak home ("-" to skip the row counts), output folder. */
    public static void main(String[] args) throws Exception {
        List<String> targets = List.of(args[0].split(","));
        Path home = args[1].equals("-") ? null : Path.of(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        if ("migration".equals(System.getProperty("bench.mode"))) {
            MigrationBench.run(targets, out);
            return;
        }
        List<Long> pids = Arrays.stream(System.getProperty("bench.pid", "0").split(",")).map(String::trim).map(Long::valueOf).toList();
        if ("memory".equals(System.getProperty("bench.mode"))) {
            MemoryBench.run(targets.get(0), pids.get(0), out);
            return;
        }
        if ("scale".equals(System.getProperty("bench.mode"))) {
            ScaleBench.run(targets, pids, home, System.getProperty("bench.db"), out);
            return;
        }
        Bench bench = new Bench(targets, out);
        bench.cpu = new ServerCpu(pids);
        bench.prepare();

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("signing", signingRate());
        if (home != null) {
            facts.put("rows", bench.rowsAroundAnonymousLogins(home));
        }
        facts.put("nodes", targets.size());
        List<Row> rows = bench.runAll();
        Report.write(out, rows, facts);
    }

    // ---- setup ----

    private String adminToken;
    private long adminTokenFetched;

    /** The admin's access token, fetched again before its minute (master's default) runs out: creating the tenants takes longer. */
    synchronized String admin() {
        if (adminToken == null || System.nanoTime() - adminTokenFetched > 40_000_000_000L) {
            adminToken = post("/realms/master/protocol/openid-connect/token", form(Map.of("grant_type", "password", "client_id", "admin-cli",
                    "username", "admin", "password", "admin")), "application/x-www-form-urlencoded", null).get("access_token").asText();
            adminTokenFetched = System.nanoTime();
        }
        return adminToken;
    }

    void prepare() throws Exception {
        // Customers of the demo tenant, one per concurrent login (Keycloak lets one login per account be in flight).
        if (adminGet("/admin/realms/demo/users?exact=true&username=" + demoCustomer(0)).size() == 0) {
            parallel(POOL, i -> adminSend("POST", "/admin/realms/demo/users", user(demoCustomer(i))));
        }
        // Introspection only answers for tokens whose audience includes the caller: give storefront tokens that audience.
        String storefront = adminGet("/admin/realms/demo/clients?clientId=storefront").get(0).get("id").asText();
        boolean hasAudience = false;
        for (JsonNode m : adminGet("/admin/realms/demo/clients/" + storefront + "/protocol-mappers/models")) {
            hasAudience |= "bench audience".equals(m.get("name").asText());
        }
        if (!hasAudience) {
            adminSend("POST", "/admin/realms/demo/clients/" + storefront + "/protocol-mappers/models", Map.of(
                    "name", "bench audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                    "config", Map.of("included.client.audience", "emporix-service", "access.token.claim", "true",
                            "introspection.token.claim", "true")));
        }
        // A hundred more tenants: the service token without a tenant finds its own by the client id among them.
        for (int i = 0; i < TENANTS; i++) {
            if (!realmExists("benchtenant-" + i)) {
                adminSend("POST", "/admin/realms", Map.of("realm", "benchtenant-" + i, "enabled", true, "attributes", Map.of("emporix.enabled", "true"),
                        "clients", List.of(Map.of("clientId", "service-" + i, "publicClient", false, "secret", SECRET, "serviceAccountsEnabled", true))));
            }
        }
        // Logouts use up sessions: a tenant with cheap password hashing makes thousands of them quickly.
        if (!realmExists(CHEAP_TENANT)) {
            adminSend("POST", "/admin/realms", Map.of("realm", CHEAP_TENANT, "enabled", true, "bruteForceProtected", false,
                    "passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)",
                    "attributes", Map.of("emporix.enabled", "true"),
                    "clients", List.of(Map.of("clientId", "storefront", "publicClient", true, "directAccessGrantsEnabled", true))));
            adminSend("POST", "/admin/realms/" + CHEAP_TENANT + "/users", user("leaver@example.com"));
        }
        // The cheap-hashing logins: one customer per concurrent login, as in the demo tenant.
        if (adminGet("/admin/realms/" + CHEAP_TENANT + "/users?exact=true&username=" + cheapCustomer(0)).size() == 0) {
            parallel(POOL, i -> adminSend("POST", "/admin/realms/" + CHEAP_TENANT + "/users", user(cheapCustomer(i))));
        }
    }

    private PasskeyLogins passkeys;

    /** The passkey customers, enrolled the first time a passkey pair is measured (on the main thread). */
    PasskeyLogins passkeys() {
        if (passkeys == null) {
            passkeys = new PasskeyLogins(this);
        }
        return passkeys;
    }

    boolean realmExists(String realm) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + realm)).header("Authorization", "Bearer " + admin()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    static Map<String, Object> user(String email) {
        return Map.of("username", email, "email", email, "enabled", true, "emailVerified", true, "firstName", "Bench", "lastName", "User",
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
    }

    // ---- the pairs ----

    List<Row> runAll() throws Exception {
        // Pairs whose names contain any of the comma-separated words; empty: every pair.
        List<String> only = Arrays.stream(System.getProperty("bench.pairs", "").split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
        List<Row> rows = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            // Fresh tokens each run: a run takes a quarter of an hour, the demo's tokens live an hour.
            List<Pair> pairs = pairs();
            for (int c : CONCURRENCY) {
                for (Pair p : pairs) {
                    if (!only.isEmpty() && only.stream().noneMatch(p.name()::contains)) {
                        continue;
                    }
                    rows.addAll(measurePair(p, c, run));
                }
            }
        }
        return rows;
    }

    /**
     * Both sides of one pair at one concurrency: warmed up (wrk for {@link #WARMUP_SECONDS}, or a one-shot pool's round), then
     * measured twice each, in the order ours, Keycloak's, Keycloak's, ours; a one-shot pair large enough in slices taken in turn.
     */
    List<Row> measurePair(Pair p, int c, int run) throws Exception {
        System.out.printf("== run %d of %d: %s at concurrency %d%n", run, RUNS, p.name(), c);
        int seconds = MEASURE_SECONDS;
        int slices = 1;
        if (!p.oneShot()) {
            drain(wrk(p.oursPool().apply(c), c, WARMUP_SECONDS));
            drain(wrk(p.nativePool().apply(c), c, WARMUP_SECONDS));
        } else {
            // A one-shot pool is used up by one round: the warm-up is a round of its own on a pool of its own, not counted.
            // Without it the first run of the first side was cold (logout at one connection: 0.75 against 0.90 and 0.95 after).
            List<Request> oursWarmUp = p.oursPool().apply(c);
            check(p.ours() + " (warm-up)", measure(oursWarmUp, c, seconds, true));
            List<Request> nativeWarmUp = p.nativePool().apply(c);
            check(p.native_() + " (warm-up)", measure(nativeWarmUp, c, seconds, true));
            slices = slices(Math.min(oursWarmUp.size(), nativeWarmUp.size()), c);
        }
        List<Result> ours = new ArrayList<>();
        List<Result> theirs = new ArrayList<>();
        double[] cpuMs = new double[2];
        for (int round = 0; round < 2; round++) {
            // A pool is made before it is measured, never during: a one-shot pool's making calls the server (sessions to end,
            // ceremonies to finish), whose CPU must not count as the measured requests'. Unsliced, each right before its
            // measurement (A B, then B A); sliced, both before the round, then taken in turn: A B, B A, A B, ...
            List<List<Request>> pools = slices == 1 ? null : List.of(p.oursPool().apply(c), p.nativePool().apply(c));
            for (int slice = 0; slice < slices; slice++) {
                boolean oursFirst = (slice + round) % 2 == 0;
                for (int side : oursFirst ? new int[] {0, 1} : new int[] {1, 0}) {
                    List<Request> pool = pools != null ? pools.get(side) : (side == 0 ? p.oursPool() : p.nativePool()).apply(c);
                    List<Request> part = pool.subList(slice * pool.size() / slices, (slice + 1) * pool.size() / slices);
                    Result r = measured(cpuMs, side, () -> measure(part, c, seconds, p.oneShot()));
                    (side == 0 ? ours : theirs).add(check(side == 0 ? p.ours() : p.native_(), r));
                }
            }
        }
        Result o = combine(ours);
        Result k = combine(theirs);
        Row ourRow = new Row(p.name(), "ours", p.ours(), c, run, o, cpuMs[0] / o.requests());
        Row theirRow = new Row(p.name(), "keycloak", p.native_(), c, run, k, cpuMs[1] / k.requests());
        System.out.printf("   ours %.0f/s p50 %.1f ms %.2f ms CPU/request, keycloak %.0f/s p50 %.1f ms %.2f ms CPU/request,"
                        + " ratio %.2f, CPU per request ours/Keycloak %.2f%n", o.rps(), o.p50(), ourRow.cpuMsPerRequest(),
                k.rps(), k.p50(), theirRow.cpuMsPerRequest(), o.rps() / k.rps(),
                ourRow.cpuMsPerRequest() / theirRow.cpuMsPerRequest());
        return List.of(ourRow, theirRow);
    }

    /**
     * How many slices a one-shot round of {@code requests} per side is measured in, the sides taking turns: up to ten, each
     * at least a hundred requests per connection (so, of the pairs here, only logout at one connection is sliced). There a
     * round is 4-10 s per side, and Keycloak's own logout measured 262 to 750 a second across one day's servers and builds
     * (2026-12-07), which one block per side can catch on one side only; slices of about half a second share such changes
     * out between the sides.
     */
    static int slices(int requests, int connections) {
        return Math.max(1, Math.min(10, requests / (100 * connections)));
    }

    /** Runs one measurement, adding the server's CPU milliseconds it took to {@code cpuMs[side]}. */
    Result measured(double[] cpuMs, int side, java.util.concurrent.Callable<Result> measurement) throws Exception {
        double before = cpu.millis();
        Result r = measurement.call();
        cpuMs[side] += cpu.millis() - before;
        return r;
    }

    List<Pair> pairs() {
        List<String> anonymous = parallel(POOL, i -> get("/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront").get("access_token").asText());
        List<String> cheapAnonymous = parallel(POOL, i -> get("/customerlogin/auth/anonymous/login?tenant=" + CHEAP_TENANT + "&client_id=storefront")
                .get("access_token").asText());
        List<JsonNode> sessions = parallel(64, i -> post("/realms/demo/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "storefront", "username", demoCustomer(i), "password", PASSWORD, "scope", "openid")),
                "application/x-www-form-urlencoded", null));
        Map<String, String> formType = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String clientCredentials = form(Map.of("grant_type", "client_credentials", "client_id", "emporix-service", "client_secret", SECRET));
        IntFunction<List<Request>> nativeClientCredentials = n -> List.of(new Request("POST", "/realms/demo/protocol/openid-connect/token", formType, clientCredentials));

        return List.of(
                new Pair("anonymous login", "GET /customerlogin/auth/anonymous/login", "client_credentials grant",
                        n -> List.of(new Request("GET", "/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront", Map.of(), null)),
                        nativeClientCredentials, false),
                new Pair("customer login", "POST /customer/demo/login", "password grant",
                        n -> logins("demo", Bench::demoCustomer, anonymous), n -> grants("demo", Bench::demoCustomer, Map.of()), false),
                new Pair("refresh", "GET /customer/demo/refreshauthtoken", "refresh_token grant",
                        n -> sessions.stream().map(s -> new Request("GET", "/customer/demo/refreshauthtoken?refreshToken="
                                + enc(s.get("refresh_token").asText()), Map.of(), null)).toList(),
                        n -> sessions.stream().map(s -> new Request("POST", "/realms/demo/protocol/openid-connect/token", formType,
                                form(Map.of("grant_type", "refresh_token", "client_id", "storefront", "refresh_token", s.get("refresh_token").asText())))).toList(), false),
                new Pair("validate vs introspection", "GET /customer/demo/validateauthtoken", "token introspection",
                        n -> sessions.stream().map(s -> new Request("GET", "/customer/demo/validateauthtoken",
                                Map.of("Authorization", "Bearer " + s.get("access_token").asText()), null)).toList(),
                        n -> sessions.stream().map(s -> new Request("POST", "/realms/demo/protocol/openid-connect/token/introspect", formType,
                                form(Map.of("token", s.get("access_token").asText(), "client_id", "emporix-service", "client_secret", SECRET)))).toList(), false),
                new Pair("validate vs userinfo", "GET /customer/demo/validateauthtoken", "userinfo",
                        n -> sessions.stream().map(s -> new Request("GET", "/customer/demo/validateauthtoken",
                                Map.of("Authorization", "Bearer " + s.get("access_token").asText()), null)).toList(),
                        n -> sessions.stream().map(s -> new Request("GET", "/realms/demo/protocol/openid-connect/userinfo",
                                Map.of("Authorization", "Bearer " + s.get("access_token").asText()), null)).toList(), false),
                // With the demo's Argon2 a login is 60-90 ms of hashing; with one PBKDF2 iteration what else a login costs shows.
                // Our answer carries two signed tokens (access_token, saas_token), Keycloak's password grant one, or two with scope=openid.
                new Pair("customer login, cheap hashing", "POST /customer/{t}/login", "password grant (one signed token)",
                        n -> logins(CHEAP_TENANT, Bench::cheapCustomer, cheapAnonymous), n -> grants(CHEAP_TENANT, Bench::cheapCustomer, Map.of()), false),
                new Pair("customer login, cheap hashing, id_token", "POST /customer/{t}/login", "password grant, scope=openid (two signed tokens)",
                        n -> logins(CHEAP_TENANT, Bench::cheapCustomer, cheapAnonymous),
                        n -> grants(CHEAP_TENANT, Bench::cheapCustomer, Map.of("scope", "openid")), false),
                new Pair("logout", "GET /customer/{t}/logout", "OIDC logout (refresh token)",
                        n -> logoutSessions(n).stream().map(s -> new Request("GET", "/customer/" + CHEAP_TENANT + "/logout?accessToken="
                                + enc(s.get("access_token").asText()), Map.of("Authorization", "Bearer " + s.get("access_token").asText()), null)).toList(),
                        n -> logoutSessions(n).stream().map(s -> new Request("POST", "/realms/" + CHEAP_TENANT + "/protocol/openid-connect/logout",
                                formType, form(Map.of("client_id", "storefront", "refresh_token", s.get("refresh_token").asText())))).toList(), true),
                // A passkey login pays no password hash; Keycloak's grant for the same tenant pays Argon2. Both one-shot:
                // a login ceremony is single-use. Keycloak's side needs fewer requests for as many seconds.
                new Pair("passkey login", "POST /customer/demo/passkey/login", "password grant (Argon2)",
                        n -> passkeys().pool(n == 1 ? 400 : 800),
                        n -> grants("demo", Bench::demoCustomer, Map.of()).subList(0, 48 + 4 * n), true),
                new Pair("service token", "POST /oauth/token", "client_credentials grant",
                        n -> List.of(new Request("POST", "/oauth/token", formType, clientCredentials + "&tenant=demo")),
                        nativeClientCredentials, false),
                new Pair("service token without tenant", "POST /oauth/token, no tenant (" + TENANTS + " more tenants)",
                        "POST /oauth/token, tenant=demo",
                        n -> List.of(new Request("POST", "/oauth/token", formType, clientCredentials)),
                        n -> List.of(new Request("POST", "/oauth/token", formType, clientCredentials + "&tenant=demo")), false));
    }

    /**
     * wrk for pools it can send round-robin; a pool of one-shot requests (each logout ends its
     * session) is sent once, each request exactly once, by {@code connections} workers of our own,
     * since wrk keeps running for its whole duration after a thread has stopped.
     */
    Result measure(List<Request> pool, int connections, int seconds, boolean oneShot) throws Exception {
        if (!oneShot) {
            Result r = wrk(pool, connections, seconds);
            drain(r);
            return r;
        }
        long[] latencies = new long[pool.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        parallelWorkers(connections, () -> {
            for (int i = next.getAndIncrement(); i < pool.size(); i = next.getAndIncrement()) {
                Request r = pool.get(i);
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(targets.get(i % targets.size()) + r.path()))
                        .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(r.body()));
                r.headers().forEach(b::header);
                long t0 = System.nanoTime();
                int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                latencies[i] = System.nanoTime() - t0;
                if (status >= 300) {
                    failures.incrementAndGet();
                }
            }
            return null;
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        return new Result(pool.size(), elapsed, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, failures.get(), 0);
    }

    /** One wrk per target, the connections split between them, run together; their results summed. */
    Result wrk(List<Request> pool, int connections, int seconds) throws Exception {
        if (targets.size() == 1) {
            return Wrk.run(base, pool, connections, seconds, work);
        }
        ExecutorService runners = Executors.newFixedThreadPool(targets.size());
        try {
            List<Future<Result>> parts = new ArrayList<>();
            for (int t = 0; t < targets.size(); t++) {
                String target = targets.get(t);
                int share = Math.max(1, connections / targets.size() + (t < connections % targets.size() ? 1 : 0));
                List<Request> half = pool.size() < targets.size() ? pool
                        : pool.subList(t * pool.size() / targets.size(), (t + 1) * pool.size() / targets.size());
                parts.add(runners.submit(() -> Wrk.run(target, half, share, seconds, work)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : parts) {
                results.add(f.get());
            }
            long requests = results.stream().mapToLong(Result::requests).sum();
            double duration = results.stream().mapToDouble(Result::seconds).max().orElse(seconds);
            return new Result(requests, duration, results.stream().mapToDouble(Result::p50).average().orElse(0),
                    results.stream().mapToDouble(Result::p95).max().orElse(0), results.stream().mapToDouble(Result::p99).max().orElse(0),
                    results.stream().mapToLong(Result::non2xx).sum(), results.stream().mapToLong(Result::socketErrors).sum());
        } finally {
            runners.shutdown();
        }
    }

    /**
     * wrk stops with requests still in flight at the server; wait for them before the next run,
     * or a login still running for a customer makes Keycloak refuse that customer's next one.
     */
    static void drain(Result previous) throws InterruptedException {
        Thread.sleep(Math.min(15_000, (long) previous.p99()) + 500);
    }

    static void parallelWorkers(int n, java.util.concurrent.Callable<Void> worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(worker));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static String demoCustomer(int i) {
        return "bench-" + i + "@example.com";
    }

    static String cheapCustomer(int i) {
        return "cheap-" + i + "@example.com";
    }

    /** Our login for each customer of the pool, each with an anonymous token of its own. */
    static List<Request> logins(String tenant, IntFunction<String> customer, List<String> anonymous) {
        return IntStream.range(0, POOL).mapToObj(i -> new Request("POST", "/customer/" + tenant + "/login",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + anonymous.get(i)),
                "{\"email\":\"" + customer.apply(i) + "\",\"password\":\"" + PASSWORD + "\"}")).toList();
    }

    /** Keycloak's password grant for each customer of the pool, with {@code extra} parameters. */
    static List<Request> grants(String tenant, IntFunction<String> customer, Map<String, String> extra) {
        return IntStream.range(0, POOL).mapToObj(i -> {
            Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password", "client_id", "storefront",
                    "username", customer.apply(i), "password", PASSWORD));
            form.putAll(extra);
            return new Request("POST", "/realms/" + tenant + "/protocol/openid-connect/token",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), form(form));
        }).toList();
    }

    /** The levels a comma-separated list names; none named, 1, 8 and 32. */
    static int[] levels(String list) {
        int[] named = Arrays.stream(list.split(",")).map(String::trim).filter(level -> !level.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        return named.length == 0 ? new int[] {1, 8, 32} : named;
    }

    /** Fresh sessions for one logout run (each logout ends one). */
    List<JsonNode> logoutSessions(int concurrency) {
        // At one connection a logout takes 2-10 ms, and the time of a thousand in a row varied by half and more from one measurement
        // to the next, on either side: three thousand make a measurement of 6-30 s.
        int n = (concurrency == 1 ? 3000 : 300) + 30 * concurrency;
        return parallel(n, i -> post("/realms/" + CHEAP_TENANT + "/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "storefront", "username", "leaver@example.com", "password", PASSWORD)), "application/x-www-form-urlencoded", null));
    }

    static Result check(String what, Result r) {
        if (r.non2xx() > 0 || r.socketErrors() > 0) {
            throw new IllegalStateException(what + ": " + r.non2xx() + " non-2xx answers and " + r.socketErrors() + " socket errors in " + r);
        }
        return r;
    }

    static Result combine(List<Result> rounds) {
        long requests = rounds.stream().mapToLong(Result::requests).sum();
        double seconds = rounds.stream().mapToDouble(Result::seconds).sum();
        return new Result(requests, seconds, rounds.stream().mapToDouble(Result::p50).average().orElse(0),
                rounds.stream().mapToDouble(Result::p95).average().orElse(0), rounds.stream().mapToDouble(Result::p99).average().orElse(0),
                rounds.stream().mapToLong(Result::non2xx).sum(), rounds.stream().mapToLong(Result::socketErrors).sum());
    }

    // ---- database rows around 10,000 anonymous logins ----

    Map<String, Object> rowsAroundAnonymousLogins(Path home) throws Exception {
        Map<String, Long> before = rowCounts(home);
        AtomicInteger ok = new AtomicInteger();
        parallel(10_000, i -> {
            if (get("/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront").has("access_token")) {
                ok.incrementAndGet();
            }
            return null;
        });
        Map<String, Long> after = rowCounts(home);
        Map<String, Long> changed = new TreeMap<>();
        after.forEach((table, count) -> {
            long diff = count - before.getOrDefault(table, 0L);
            if (diff != 0) {
                changed.put(table, diff);
            }
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("anonymousLogins", ok.get());
        facts.put("rowsBefore", before.values().stream().mapToLong(Long::longValue).sum());
        facts.put("rowsAfter", after.values().stream().mapToLong(Long::longValue).sum());
        facts.put("tables", before.size());
        facts.put("changedTables", changed);
        System.out.println("Rows around 10,000 anonymous logins: " + facts);
        return facts;
    }

    /** Exact row counts of every table of the dev database, read beside the running server (H2 AUTO_SERVER). */
    static Map<String, Long> rowCounts(Path home) throws Exception {
        Path jar;
        try (var files = Files.list(home.resolve("lib/lib/main"))) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("com.h2database.h2-")).findFirst().orElseThrow();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
            Properties credentials = new Properties();
            // bench/run.sh starts the server with these credentials for its fresh database.
            credentials.put("user", "bench");
            credentials.put("password", "bench");
            String url = "jdbc:h2:file:" + home.resolve("data/h2/keycloakdb") + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE";
            try (Connection db = driver.connect(url, credentials); Statement st = db.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                Map<String, Long> counts = new TreeMap<>();
                for (String table : tables) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
                return counts;
            }
        }
    }

    // ---- signing rate of one core, and of every core ----

    /** RS256 signatures per second of one thread, and of one thread per core (both cores of the machine at once). */
    static Map<String, Object> signingRate() throws Exception {
        Map<String, Object> facts = new LinkedHashMap<>();
        RunResult one = signing(1);
        facts.put("rs256PerSecond", one.getPrimaryResult().getScore());
        facts.put("error", one.getPrimaryResult().getScoreError());
        int cores = Runtime.getRuntime().availableProcessors();
        RunResult all = signing(cores);
        facts.put("cores", cores);
        facts.put("rs256AllCoresPerSecond", all.getPrimaryResult().getScore());
        facts.put("allCoresError", all.getPrimaryResult().getScoreError());
        return facts;
    }

    static RunResult signing(int threads) throws Exception {
        Iterable<RunResult> results = new Runner(new OptionsBuilder()
                .include(SigningBenchmark.class.getName())
                .forks(1).threads(threads)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .build()).run();
        return results.iterator().next();
    }

    // ---- HTTP helpers ----

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    JsonNode post(String path, String body, String type, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    JsonNode adminGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + admin()).GET().build());
    }

    JsonNode adminSend(String method, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + admin())
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + ": " + r.statusCode() + " " + r.body());
            }
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> List<T> parallel(int n, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<T>> futures = IntStream.range(0, n).mapToObj(i -> pool.submit(() -> task.apply(i))).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
