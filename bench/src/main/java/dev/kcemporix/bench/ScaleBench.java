package dev.kcemporix.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcemporix.bench.Bench.Pair;
import dev.kcemporix.bench.Bench.Row;
import dev.kcemporix.bench.Wrk.Request;

/**
 * Cost as customers and sessions grow (issue 22), on the two-node PostgreSQL cluster
 * ({@code bench/run.sh --scale}). One tenant grows from 1,000 to 10,000 to 100,000 customers through
 * Emporix's import API (SAP Commerce hashes; half of them members of 100 legal entities), with
 * 10,000 customer sessions made at the start that stay live (ten hours) beside those the pairs
 * make; at each size the benchmark's pairs run at 8 connections, A B
 * B A (three runs at the smallest and largest size, one in between), and each node's heap, Keycloak's
 * cache entries and the database's size are read. At the largest size: the rows each call writes
 * (PostgreSQL's own counters, ours beside Keycloak's endpoint), the single-use store and heap around
 * 10,000 logins with fresh anonymous sessions ({@link MemoryBench}), and {@code /oauth/token}
 * without a tenant once 1,000 more tenants exist.
 *
 * <p>The tenant hashes with PBKDF2 at one iteration (its customers' first logins re-hash the
 * imported digests to it): with the realm's default Argon2 a login is 60 ms of one core, which
 * would hide what a hundred thousand customers cost in lookups, and make 10,000 sessions take ten
 * minutes. Both sides of every pair hash alike.
 */
public final class ScaleBench {

    static final String TENANT = "scaleshop";
    static final String SECRET = "scale-secret-change-me";
    static final List<Integer> SIZES = Arrays.stream(System.getProperty("scale.sizes", "1000,10000,100000").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    static final int SESSIONS = Integer.getInteger("scale.sessions", 10_000);
    /** Tenants created besides the shop before {@code /oauth/token} without a tenant is measured. */
    static final int TENANTS = Integer.getInteger("scale.tenants", 1_000);
    static final int LEGAL_ENTITIES = 100;
    static final int CONCURRENCY = 8;
    static final int POOL = Bench.POOL;
    /** Calls per endpoint whose database writes are counted. */
    static final int WRITES_CALLS = 200;
    static final Pattern CACHED_USER = histogramLine("org.keycloak.models.cache.infinispan.entities.CachedUser");
    static final Pattern USER_SESSION = histogramLine("org.keycloak.models.sessions.infinispan.entities.UserSessionEntity");
    static final Pattern CACHED_REALM = histogramLine("org.keycloak.models.cache.infinispan.entities.CachedRealm");
    /** Tables whose exact row counts the footprint gives (Keycloak 26's schema, lower case on PostgreSQL). */
    static final List<String> TABLES = List.of("user_entity", "user_attribute", "credential", "user_group_membership", "offline_user_session",
            "offline_client_session", "event_entity", "realm", "client");

    final List<String> nodes;
    final String base;
    final List<Long> pids;
    final Path home;
    final String db;
    final Bench bench;
    final MigrationBench shop;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** One size: its customers, the import that got there, and what the cluster holds then. */
    record Footprint(int customers, int imported, double importSeconds, long databaseMiB, Map<String, Long> tableRows, long[] heapMiB,
            long[] cachedUsers, long[] userSessions, long[] cachedRealms) {
    }

    /** One measured pair at one size. */
    record SizedRow(int customers, Row row) {
    }

    /** Rows one call writes: ours and Keycloak's endpoint, each the mean over {@link #WRITES_CALLS} calls, with the tables written. */
    record Writes(String call, double perCall, Map<String, Long> tables) {
    }

    final Path out;

    ScaleBench(List<String> nodes, List<Long> pids, Path home, String db, Path work) {
        this.out = work;
        this.nodes = nodes;
        this.base = nodes.get(0);
        this.pids = pids;
        this.home = home;
        this.db = db;
        this.bench = new Bench(nodes, work);
        this.shop = new MigrationBench(nodes, TENANT);
    }

    public static void run(List<String> nodes, List<Long> pids, Path home, String db, Path out) throws Exception {
        new ScaleBench(nodes, pids, home, db, out).measure();
    }

    /**
     * Progress, also to {@code scale.log} in the output folder (Maven's quiet mode swallows the
     * benchmark's standard output until the end); the report is rewritten after every stage, so an
     * interrupted run keeps what it measured.
     */
    void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        try {
            Files.writeString(out.resolve("scale.log"), java.time.LocalTime.now().withNano(0) + " " + line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final List<Footprint> footprints = new ArrayList<>();
    private final List<SizedRow> rows = new ArrayList<>();
    private List<Writes> writes = List.of();
    private String memory = "Not measured (the run stopped before).\n";
    private long started;

    void report(List<Row> tenantRows, double tenantSeconds, Footprint afterTenants, String tenantNote) throws IOException {
        ScaleReport.write(out, footprints, rows, writes, memory, TENANTS, tenantSeconds, tenantRows, afterTenants, tenantNote, nodes.size(),
                (System.nanoTime() - started) / 60e9);
    }

    void measure() throws Exception {
        started = System.nanoTime();
        Files.deleteIfExists(out.resolve("scale.log"));
        prepare();
        log("set up: tenant %s, %d legal entities", TENANT, LEGAL_ENTITIES);
        int have = 0;
        for (int s = 0; s < SIZES.size(); s++) {
            int size = SIZES.get(s);
            long t0 = System.nanoTime();
            int imported = importCustomers(have, size);
            double importSeconds = (System.nanoTime() - t0) / 1e9;
            log("%,d customers: imported %,d in %.0f s (%.0f/s)", size, imported, importSeconds, imported / importSeconds);
            // As autovacuum would after a bulk load: the planner's statistics follow the tables' size.
            try (Connection c = database(); Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }
            have = size;
            if (s == 0) {
                liveSessions(size);
            }
            // Each pool customer's first login replaces the imported digest; measured logins all use the realm's hash.
            Bench.parallel(POOL, i -> token(Map.of("grant_type", "password", "client_id", "storefront", "username",
                    MigrationBench.email(poolCustomer(i, size)), "password", MigrationBench.PASSWORD)));
            int runs = s == 0 || s == SIZES.size() - 1 ? Bench.RUNS : 1;
            for (int run = 1; run <= runs; run++) {
                for (Pair p : pairs(size)) {
                    List<Row> measured = bench.measurePair(p, CONCURRENCY, run);
                    measured.forEach(r -> rows.add(new SizedRow(size, r)));
                    log("%,d customers, run %d of %d, %s: ours %.0f/s, Keycloak's %.0f/s, ratio %.2f", size, run, runs, p.name(),
                            measured.get(0).result().rps(), measured.get(1).result().rps(), measured.get(0).result().rps() / measured.get(1).result().rps());
                }
            }
            footprints.add(footprint(size, imported, importSeconds));
            report(List.of(), 0, null, "Not measured yet.");
        }
        try {
            writes = writesPerCall(have);
        } catch (Exception e) {
            log("rows written per call failed: %s", e);
        }
        report(List.of(), 0, null, "Not measured yet.");
        try {
            memory = new MemoryBench(nodes, pids).measure();
        } catch (Exception e) {
            log("memory failed: %s", e);
            memory = "Failed: " + e + "\n";
        }
        report(List.of(), 0, null, "Not measured yet.");
        log("memory done; creating %d tenants", TENANTS);
        long t0 = System.nanoTime();
        double tenantSeconds = 0;
        List<Row> tenantRows = new ArrayList<>();
        String tenantFailure = null;
        try {
            createTenants();
            tenantSeconds = (System.nanoTime() - t0) / 1e9;
            for (int run = 1; run <= Bench.RUNS; run++) {
                for (Pair p : tenantPairs()) {
                    List<Row> measured = bench.measurePair(p, CONCURRENCY, run);
                    tenantRows.addAll(measured);
                    log("%d more tenants, run %d, %s: ratio %.2f", TENANTS, run, p.name(), measured.get(0).result().rps() / measured.get(1).result().rps());
                }
            }
        } catch (Exception e) {
            log("tenants failed: %s", e);
            tenantFailure = "Failed: " + e;
            tenantRows.clear();
        }
        report(tenantRows, tenantSeconds, footprint(have, 0, 0), tenantFailure);
        log("done");
    }

    // ---- set-up ----

    void prepare() throws Exception {
        String admin = shop.admin(base);
        // Sessions and tokens outlive the whole run (an hour and more): the pairs' tokens are made once per run.
        shop.tenant(base, TENANT, Map.of("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)", "organizationsEnabled", true,
                "ssoSessionIdleTimeout", 36_000, "ssoSessionMaxLifespan", 36_000, "accessTokenLifespan", 3_600));
        shop.serviceClient(base, TENANT);
        shop.post(base, "/customer/" + TENANT + "/config/password-migration-retention", shop.serviceToken(base),
                Map.of("retentionEndDate", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString(), "emailNotificationsEnabled", false), 200);
        MigrationBench.json(shop.request(base, "POST", "/admin/realms/" + TENANT + "/clients", admin, Map.of("clientId", "scale-service",
                "publicClient", false, "secret", SECRET, "serviceAccountsEnabled", true, "standardFlowEnabled", false)), 201);
        // Introspection answers only for tokens whose audience includes the caller.
        String storefront = MigrationBench.json(shop.request(base, "GET", "/admin/realms/" + TENANT + "/clients?clientId=storefront", admin, null), 200)
                .get(0).get("id").asText();
        MigrationBench.json(shop.request(base, "POST", "/admin/realms/" + TENANT + "/clients/" + storefront + "/protocol-mappers/models", admin,
                Map.of("name", "scale audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", "scale-service", "access.token.claim", "true",
                                "introspection.token.claim", "true"))), 201);
        for (int e = 0; e < LEGAL_ENTITIES; e++) {
            MigrationBench.json(shop.request(base, "POST", "/admin/realms/" + TENANT + "/organizations", shop.admin(base), Map.of(
                    "name", "Legal entity " + e, "alias", "legal-entity-" + e, "enabled", true, "domains", List.of(Map.of("name", "le-" + e + ".scale.example")),
                    "attributes", Map.of("legalEntityId", List.of(legalEntity(e))))), 201);
        }
    }

    static String legalEntity(int e) {
        return "LE-" + e;
    }

    /** Customers {@code from} to {@code to} through the import API, calls of 200, one stream per node; how many were created. */
    int importCustomers(int from, int to) throws Exception {
        List<List<Map<String, Object>>> calls = new ArrayList<>();
        for (int start = from; start < to; start += MigrationBench.PER_CALL) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = start; i < Math.min(start + MigrationBench.PER_CALL, to); i++) {
                Map<String, Object> item = new LinkedHashMap<>(MigrationBench.item(i));
                if (i % 2 == 0) {
                    item.put("b2b", Map.of("legalEntities", List.of(Map.of("id", legalEntity(i / 2 % LEGAL_ENTITIES)))));
                }
                items.add(item);
            }
            calls.add(items);
        }
        return perNodeStreams(calls.size(), 240, shop::serviceToken, (node, token, c) -> {
            int created = 0;
            for (JsonNode entry : shop.post(node, "/customer/" + TENANT + "/customers/import", token, calls.get(c), 207)) {
                if (entry.get("code").asInt() != 201) {
                    throw new IllegalStateException("import: " + entry);
                }
                created++;
            }
            return created;
        });
    }

    /** A token for one node's stream. */
    interface StreamToken {
        String fetch(String node) throws Exception;
    }

    /** One item of a stream, sent to {@code node}; what it counts. */
    interface StreamItem {
        int send(String node, String token, int index) throws Exception;
    }

    /**
     * Items {@code 0..count-1} striped over one stream per node, run together; each stream fetches its
     * token again after {@code tokenSeconds}. The sum of what the items count.
     */
    int perNodeStreams(int count, long tokenSeconds, StreamToken tokens, StreamItem item) throws Exception {
        ExecutorService streams = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<Integer>> counted = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                int first = n;
                String node = nodes.get(n);
                counted.add(streams.submit(() -> {
                    int sum = 0;
                    String token = tokens.fetch(node);
                    long fetched = System.nanoTime();
                    for (int i = first; i < count; i += nodes.size()) {
                        if (System.nanoTime() - fetched > tokenSeconds * 1_000_000_000L) {
                            token = tokens.fetch(node);
                            fetched = System.nanoTime();
                        }
                        sum += item.send(node, token, i);
                    }
                    return sum;
                }));
            }
            int total = 0;
            for (Future<Integer> f : counted) {
                total += f.get();
            }
            return total;
        } finally {
            streams.shutdown();
        }
    }

    /** {@link #SESSIONS} customer sessions that stay live for the whole run, ten per customer of the first thousand. */
    void liveSessions(int customers) {
        long t0 = System.nanoTime();
        int distinct = Math.min(customers, 1_000);
        IntFunction<JsonNode> login = k -> token(nodes.get(k % nodes.size()), Map.of("grant_type", "password", "client_id", "storefront",
                "username", MigrationBench.email(k % distinct), "password", MigrationBench.PASSWORD));
        // First one login per customer (it replaces the imported digest), then the rest: two first logins of one customer would both re-hash.
        Bench.parallel(distinct, login);
        Bench.parallel(SESSIONS - distinct, k -> login.apply(distinct + k));
        log("%,d live sessions in %.0f s", SESSIONS, (System.nanoTime() - t0) / 1e9);
    }

    /** The i-th customer of the login pool: spread over all customers, so that lookups reach across the table. */
    static int poolCustomer(int i, int customers) {
        return i * (customers / POOL);
    }

    // ---- the pairs ----

    List<Pair> pairs(int customers) {
        Map<String, String> formType = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String tokenPath = "/realms/" + TENANT + "/protocol/openid-connect/token";
        List<String> anonymous = Bench.parallel(POOL, i -> get("/customerlogin/auth/anonymous/login?tenant=" + TENANT + "&client_id=storefront")
                .get("access_token").asText());
        List<JsonNode> sessions = Bench.parallel(64, i -> token(Map.of("grant_type", "password", "client_id", "storefront", "username",
                MigrationBench.email(poolCustomer(i, customers)), "password", MigrationBench.PASSWORD, "scope", "openid")));
        String clientCredentials = Bench.form(Map.of("grant_type", "client_credentials", "client_id", "scale-service", "client_secret", SECRET));
        IntFunction<List<Request>> nativeClientCredentials = n -> List.of(new Request("POST", tokenPath, formType, clientCredentials));
        IntFunction<List<Request>> validate = n -> sessions.stream().map(s -> new Request("GET", "/customer/" + TENANT + "/validateauthtoken",
                Map.of("Authorization", "Bearer " + s.get("access_token").asText()), null)).toList();
        return List.of(
                new Pair("anonymous login", "GET /customerlogin/auth/anonymous/login", "client_credentials grant",
                        n -> List.of(new Request("GET", "/customerlogin/auth/anonymous/login?tenant=" + TENANT + "&client_id=storefront", Map.of(), null)),
                        nativeClientCredentials, false),
                new Pair("customer login", "POST /customer/{t}/login", "password grant",
                        n -> IntStream.range(0, POOL).mapToObj(i -> new Request("POST", "/customer/" + TENANT + "/login",
                                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + anonymous.get(i)),
                                "{\"email\":\"" + MigrationBench.email(poolCustomer(i, customers)) + "\",\"password\":\"" + MigrationBench.PASSWORD + "\"}"))
                                .toList(),
                        n -> IntStream.range(0, POOL).mapToObj(i -> new Request("POST", tokenPath, formType, Bench.form(Map.of("grant_type", "password",
                                "client_id", "storefront", "username", MigrationBench.email(poolCustomer(i, customers)), "password",
                                MigrationBench.PASSWORD)))).toList(), false),
                new Pair("refresh", "GET /customer/{t}/refreshauthtoken", "refresh_token grant",
                        n -> sessions.stream().map(s -> new Request("GET", "/customer/" + TENANT + "/refreshauthtoken?refreshToken="
                                + Bench.enc(s.get("refresh_token").asText()), Map.of(), null)).toList(),
                        n -> sessions.stream().map(s -> new Request("POST", tokenPath, formType, Bench.form(Map.of("grant_type", "refresh_token",
                                "client_id", "storefront", "refresh_token", s.get("refresh_token").asText())))).toList(), false),
                new Pair("validate vs introspection", "GET /customer/{t}/validateauthtoken", "token introspection", validate,
                        n -> sessions.stream().map(s -> new Request("POST", tokenPath + "/introspect", formType, Bench.form(Map.of(
                                "token", s.get("access_token").asText(), "client_id", "scale-service", "client_secret", SECRET)))).toList(), false),
                new Pair("validate vs userinfo", "GET /customer/{t}/validateauthtoken", "userinfo", validate,
                        n -> sessions.stream().map(s -> new Request("GET", "/realms/" + TENANT + "/protocol/openid-connect/userinfo",
                                Map.of("Authorization", "Bearer " + s.get("access_token").asText()), null)).toList(), false),
                new Pair("logout", "GET /customer/{t}/logout", "OIDC logout (refresh token)",
                        n -> logoutSessions(n, customers).stream().map(s -> new Request("GET", "/customer/" + TENANT + "/logout?accessToken="
                                + Bench.enc(s.get("access_token").asText()), Map.of("Authorization", "Bearer " + s.get("access_token").asText()), null))
                                .toList(),
                        n -> logoutSessions(n, customers).stream().map(s -> new Request("POST", "/realms/" + TENANT + "/protocol/openid-connect/logout",
                                formType, Bench.form(Map.of("client_id", "storefront", "refresh_token", s.get("refresh_token").asText())))).toList(), true),
                new Pair("service token", "POST /oauth/token", "client_credentials grant",
                        n -> List.of(new Request("POST", "/oauth/token", formType, clientCredentials + "&tenant=" + TENANT)),
                        nativeClientCredentials, false));
    }

    /** Fresh sessions of the pool's customers for one logout measurement (each logout ends one). */
    List<JsonNode> logoutSessions(int concurrency, int customers) {
        return Bench.parallel(300 + 30 * concurrency, i -> token(Map.of("grant_type", "password", "client_id", "storefront", "username",
                MigrationBench.email(poolCustomer(i % POOL, customers)), "password", MigrationBench.PASSWORD)));
    }

    /** {@code /oauth/token} naming no tenant, with {@link #TENANTS} more tenants: the shop's client, and a client of a tenant in the middle. */
    List<Pair> tenantPairs() {
        Map<String, String> formType = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String shopClient = Bench.form(Map.of("grant_type", "client_credentials", "client_id", "scale-service", "client_secret", SECRET));
        int middle = TENANTS / 2;
        String middleClient = Bench.form(Map.of("grant_type", "client_credentials", "client_id", "service-" + middle, "client_secret", SECRET));
        return List.of(
                new Pair("service token without tenant", "POST /oauth/token, no tenant (" + TENANTS + " more tenants)", "POST /oauth/token, tenant=" + TENANT,
                        n -> List.of(new Request("POST", "/oauth/token", formType, shopClient)),
                        n -> List.of(new Request("POST", "/oauth/token", formType, shopClient + "&tenant=" + TENANT)), false),
                new Pair("service token without tenant, client of tenant " + middle, "POST /oauth/token, no tenant",
                        "client_credentials grant at scaletenant-" + middle,
                        n -> List.of(new Request("POST", "/oauth/token", formType, middleClient)),
                        n -> List.of(new Request("POST", "/realms/scaletenant-" + middle + "/protocol/openid-connect/token", formType, middleClient)), false));
    }

    /** {@link #TENANTS} more tenants, each with one service client, one stream per node; realm creation is slow, so progress is printed. */
    void createTenants() throws Exception {
        String adminClient = slimAdminClient();
        AtomicInteger made = new AtomicInteger();
        perNodeStreams(TENANTS, 40, node -> slimAdminToken(node, adminClient), (node, token, i) -> {
            Map<String, Object> realm = Map.of("realm", "scaletenant-" + i, "enabled", true,
                    "attributes", Map.of("emporix.enabled", "true"), "clients", List.of(Map.of("clientId", "service-" + i,
                            "publicClient", false, "secret", SECRET, "serviceAccountsEnabled", true)));
            HttpResponse<String> created = shop.request(node, "POST", "/admin/realms", token, realm);
            if (created.statusCode() >= 500) {
                // Two nodes creating realms at once can meet in the database; once more, as an admin would.
                log("retrying scaletenant-%d after %d", i, created.statusCode());
                Thread.sleep(1_000);
                created = shop.request(node, "POST", "/admin/realms", token, realm);
            }
            MigrationBench.json(created, 201);
            if (made.incrementAndGet() % 100 == 0) {
                log("%d tenants created", made.get());
            }
            return 1;
        });
    }

    /**
     * A master client whose tokens carry no roles (only the {@code basic} scope) and whose service
     * account is an admin: Keycloak checks an admin's roles on the account, and the bootstrap admin's
     * token lists every realm's management roles, which with a thousand realms no longer fits a header.
     */
    String slimAdminClient() throws Exception {
        String admin = shop.admin(base);
        MigrationBench.json(shop.request(base, "POST", "/admin/realms/master/clients", admin, Map.of("clientId", "scale-admin", "publicClient", false,
                "secret", SECRET, "serviceAccountsEnabled", true, "standardFlowEnabled", false, "defaultClientScopes", List.of("basic"),
                "optionalClientScopes", List.of())), 201);
        String id = MigrationBench.json(shop.request(base, "GET", "/admin/realms/master/clients?clientId=scale-admin", admin, null), 200)
                .get(0).get("id").asText();
        String user = MigrationBench.json(shop.request(base, "GET", "/admin/realms/master/clients/" + id + "/service-account-user", admin, null), 200)
                .get("id").asText();
        JsonNode role = MigrationBench.json(shop.request(base, "GET", "/admin/realms/master/roles/admin", admin, null), 200);
        MigrationBench.json(shop.request(base, "POST", "/admin/realms/master/users/" + user + "/role-mappings/realm", admin, List.of(role)), 204);
        return "scale-admin";
    }

    String slimAdminToken(String node, String clientId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Bench.form(Map.of("grant_type", "client_credentials", "client_id", clientId,
                        "client_secret", SECRET)))).build(), HttpResponse.BodyHandlers.ofString());
        return MigrationBench.json(r, 200).get("access_token").asText();
    }

    // ---- what the cluster holds ----

    Footprint footprint(int customers, int imported, double importSeconds) throws Exception {
        long[] heap = new long[pids.size()];
        long[] users = new long[pids.size()];
        long[] sessions = new long[pids.size()];
        long[] realms = new long[pids.size()];
        for (int n = 0; n < pids.size(); n++) {
            String histogram = MemoryBench.jcmd(pids.get(n), "GC.class_histogram");
            users[n] = MemoryBench.instances(histogram, CACHED_USER);
            sessions[n] = MemoryBench.instances(histogram, USER_SESSION);
            realms[n] = MemoryBench.instances(histogram, CACHED_REALM);
            heap[n] = MemoryBench.heapUsedMiB(pids.get(n));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        long bytes;
        try (Connection c = database(); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                bytes = rs.getLong(1);
            }
        }
        Footprint f = new Footprint(customers, imported, importSeconds, bytes >> 20, counts, heap, users, sessions, realms);
        log("footprint at %,d customers: database %d MiB, rows %s, heap %s MiB, cached users %s, user sessions %s, cached realms %s", customers,
                f.databaseMiB(), counts, MemoryBench.perNode(heap), MemoryBench.perNode(users), MemoryBench.perNode(sessions), MemoryBench.perNode(realms));
        return f;
    }

    // ---- rows written per call ----

    /** The rows each endpoint writes per call, ours beside Keycloak's, from PostgreSQL's per-table counters. */
    List<Writes> writesPerCall(int customers) throws Exception {
        String tokenPath = "/realms/" + TENANT + "/protocol/openid-connect/token";
        Map<String, String> formType = Map.of("Content-Type", "application/x-www-form-urlencoded");
        String clientCredentials = Bench.form(Map.of("grant_type", "client_credentials", "client_id", "scale-service", "client_secret", SECRET));
        IntFunction<String> email = i -> MigrationBench.email(poolCustomer(i % POOL, customers));
        List<Writes> writes = new ArrayList<>();
        writes.add(writes("anonymous login (ours)", i -> new Request("GET", "/customerlogin/auth/anonymous/login?tenant=" + TENANT
                + "&client_id=storefront", Map.of(), null)));
        writes.add(writes("client_credentials grant (Keycloak)", i -> new Request("POST", tokenPath, formType, clientCredentials)));
        writes.add(writes("service token, POST /oauth/token (ours)", i -> new Request("POST", "/oauth/token", formType, clientCredentials
                + "&tenant=" + TENANT)));
        List<String> anonymous = Bench.parallel(WRITES_CALLS, i -> get("/customerlogin/auth/anonymous/login?tenant=" + TENANT + "&client_id=storefront")
                .get("access_token").asText());
        writes.add(writes("customer login (ours)", i -> new Request("POST", "/customer/" + TENANT + "/login", Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + anonymous.get(i)), "{\"email\":\"" + email.apply(i) + "\",\"password\":\"" + MigrationBench.PASSWORD + "\"}")));
        writes.add(writes("password grant (Keycloak)", i -> new Request("POST", tokenPath, formType, Bench.form(Map.of("grant_type", "password",
                "client_id", "storefront", "username", email.apply(i), "password", MigrationBench.PASSWORD)))));
        List<JsonNode> sessions = Bench.parallel(WRITES_CALLS * 4, i -> token(Map.of("grant_type", "password", "client_id", "storefront",
                "username", email.apply(i), "password", MigrationBench.PASSWORD)));
        writes.add(writes("refresh (ours)", i -> new Request("GET", "/customer/" + TENANT + "/refreshauthtoken?refreshToken="
                + Bench.enc(sessions.get(i).get("refresh_token").asText()), Map.of(), null)));
        writes.add(writes("refresh_token grant (Keycloak)", i -> new Request("POST", tokenPath, formType, Bench.form(Map.of("grant_type",
                "refresh_token", "client_id", "storefront", "refresh_token", sessions.get(WRITES_CALLS + i).get("refresh_token").asText())))));
        writes.add(writes("validate (ours)", i -> new Request("GET", "/customer/" + TENANT + "/validateauthtoken",
                Map.of("Authorization", "Bearer " + sessions.get(2 * WRITES_CALLS + i).get("access_token").asText()), null)));
        writes.add(writes("token introspection (Keycloak)", i -> new Request("POST", tokenPath + "/introspect", formType, Bench.form(Map.of(
                "token", sessions.get(2 * WRITES_CALLS + i).get("access_token").asText(), "client_id", "scale-service", "client_secret", SECRET)))));
        writes.add(writes("logout (ours)", i -> new Request("GET", "/customer/" + TENANT + "/logout?accessToken="
                + Bench.enc(sessions.get(2 * WRITES_CALLS + i).get("access_token").asText()),
                Map.of("Authorization", "Bearer " + sessions.get(2 * WRITES_CALLS + i).get("access_token").asText()), null)));
        writes.add(writes("OIDC logout (Keycloak)", i -> new Request("POST", "/realms/" + TENANT + "/protocol/openid-connect/logout", formType,
                Bench.form(Map.of("client_id", "storefront", "refresh_token", sessions.get(3 * WRITES_CALLS + i).get("refresh_token").asText())))));
        return writes;
    }

    /**
     * Sends {@link #WRITES_CALLS} calls one after another, alternating between the nodes, and reads
     * PostgreSQL's inserted, updated and deleted rows per table around them. A server connection
     * reports its counters at the latest 10 s after going idle, hence the wait. JGroups' discovery
     * table, which the nodes write on their own schedule, is left out.
     */
    Writes writes(String call, IntFunction<Request> request) throws Exception {
        // The set-up's own writes (sessions, tokens made just before) reach the counters only once their connections report.
        Thread.sleep(12_000);
        Map<String, Long> before = tableWrites();
        for (int i = 0; i < WRITES_CALLS; i++) {
            Request r = request.apply(i);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nodes.get(i % nodes.size()) + r.path()))
                    .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(r.body()));
            r.headers().forEach(b::header);
            HttpResponse<String> answer = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException(call + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        Thread.sleep(12_000);
        Map<String, Long> after = tableWrites();
        Map<String, Long> tables = new TreeMap<>();
        after.forEach((table, n) -> {
            long d = n - before.getOrDefault(table, 0L);
            if (d != 0 && !table.startsWith("jgroups")) {
                tables.put(table, d);
            }
        });
        Writes w = new Writes(call, tables.values().stream().mapToLong(Long::longValue).sum() / (double) WRITES_CALLS, tables);
        log("writes: %s %.2f per call %s", call, w.perCall(), tables);
        return w;
    }

    Map<String, Long> tableWrites() throws Exception {
        Map<String, Long> writes = new TreeMap<>();
        try (Connection c = database(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables")) {
            while (rs.next()) {
                writes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return writes;
    }

    private Driver driver;

    /** A connection to the cluster's database with the driver Keycloak ships. */
    Connection database() throws Exception {
        Properties credentials = new Properties();
        credentials.put("user", "keycloak");
        credentials.put("password", "keycloak");
        return driver().connect(db, credentials);
    }

    synchronized Driver driver() throws Exception {
        if (driver != null) {
            return driver;
        }
        Path jar;
        try (var files = Files.list(home.resolve("lib/lib/main"))) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("org.postgresql.postgresql-")).findFirst().orElseThrow();
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        driver = (Driver) loader.loadClass("org.postgresql.Driver").getDeclaredConstructor().newInstance();
        return driver;
    }

    // ---- HTTP ----

    JsonNode get(String path) {
        return bench.get(path);
    }

    JsonNode token(Map<String, String> form) {
        return token(base, form);
    }

    JsonNode token(String node, Map<String, String> form) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + "/realms/" + TENANT + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(Bench.form(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return MigrationBench.json(r, 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Pattern histogramLine(String className) {
        return Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+" + Pattern.quote(className) + "\\s*$", Pattern.MULTILINE);
    }
}
