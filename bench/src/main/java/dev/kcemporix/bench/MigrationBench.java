package dev.kcemporix.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What moving a shop in costs (issue 18's figures): 10,000 customers with SAP Commerce SHA-512 hashes
 * through Emporix's import API in 50 calls of 200 (one stream per node: on a cluster the calls are
 * split over both nodes), then the first login of 200 of them (the legacy digest checked, then
 * Keycloak's re-hash with the realm's algorithm) against their second login (the realm's own hash
 * only), and login-through migration: the first login at a second tenant whose
 * {@code emporix-migration} provider asks the first tenant over HTTP, against the second login there.
 * Every login is the storefront's: an anonymous token, then {@code /customer/{t}/login}; the latency
 * measured is the login call's. {@code bench/run.sh --migration [--cluster]}.
 */
public final class MigrationBench {

    static final int CUSTOMERS = Integer.getInteger("migration.customers", 10_000);
    static final int PER_CALL = 200;
    static final int LOGINS = Integer.getInteger("migration.logins", 200);
    static final int THROUGH = Integer.getInteger("migration.through", 100);
    static final String PEPPER = "hybris blue pepper can be used for creating delicious noodle meals";
    static final String PASSWORD = "moving-in-1";
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> nodes;
    private final String source;
    private final String target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    MigrationBench(List<String> nodes) {
        this(nodes, "migbench" + Long.toString(System.currentTimeMillis() / 1000, 36));
    }

    /** Set-up calls for tenant {@code source} (the scale benchmark's shop uses them too). */
    MigrationBench(List<String> nodes, String source) {
        this.nodes = nodes;
        this.source = source;
        this.target = source.replace("migbench", "migthrough");
    }

    public static void run(List<String> nodes, Path out) throws Exception {
        new MigrationBench(nodes).measure(out);
    }

    void measure(Path out) throws Exception {
        String base = nodes.get(0);
        tenant(base, source, Map.of());
        serviceClient(base, source);
        post(base, "/customer/" + source + "/config/password-migration-retention", serviceToken(base),
                Map.of("retentionEndDate", LocalDate.now(ZoneOffset.UTC).plusDays(30).toString()), 200);

        // The import: 50 calls of 200, one stream per node.
        List<List<Map<String, Object>>> calls = new ArrayList<>();
        for (int from = 0; from < CUSTOMERS; from += PER_CALL) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = from; i < Math.min(from + PER_CALL, CUSTOMERS); i++) {
                items.add(item(i));
            }
            calls.add(items);
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        long start = System.nanoTime();
        List<Future<Integer>> streams = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            int node = n;
            streams.add(pool.submit(() -> {
                String token = serviceToken(nodes.get(node));
                int created = 0;
                for (int c = node; c < calls.size(); c += nodes.size()) {
                    JsonNode answer = post(nodes.get(node), "/customer/" + source + "/customers/import", token, calls.get(c), 207);
                    for (JsonNode entry : answer) {
                        created += entry.get("code").asInt() == 201 ? 1 : 0;
                    }
                }
                return created;
            }));
        }
        int created = 0;
        for (Future<Integer> stream : streams) {
            created += stream.get();
        }
        double importSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();

        // First (legacy) and second (realm hash) login of the same customers, one at a time.
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (int i = 0; i < LOGINS; i++) {
            first.add(login(nodes.get(i % nodes.size()), source, email(i)));
        }
        for (int i = 0; i < LOGINS; i++) {
            second.add(login(nodes.get(i % nodes.size()), source, email(i)));
        }

        // Login-through migration from the first tenant (already on the realm's hash there).
        tenant(base, target, Map.of());
        String targetId = json(request(base, "GET", "/admin/realms/" + target, admin(base), null), 200).get("id").asText();
        Map<String, Object> component = Map.of("name", "emporix source", "providerId", "emporix-migration",
                "providerType", "org.keycloak.storage.UserStorageProvider", "parentId", targetId,
                "config", Map.of("baseUrl", List.of(base), "tenant", List.of(source), "clientId", List.of("storefront")));
        json(request(base, "POST", "/admin/realms/" + target + "/components", admin(base), component), 201);
        List<Double> throughFirst = new ArrayList<>();
        List<Double> throughSecond = new ArrayList<>();
        for (int i = 0; i < Math.min(THROUGH, LOGINS); i++) {
            throughFirst.add(login(nodes.get(i % nodes.size()), target, email(i)));
        }
        for (int i = 0; i < Math.min(THROUGH, LOGINS); i++) {
            throughSecond.add(login(nodes.get(i % nodes.size()), target, email(i)));
        }
        write(out, created, importSeconds, first, second, throughFirst, throughSecond);
    }

    static String email(int i) {
        return "moving-" + i + "@bench.example";
    }

    static Map<String, Object> item(int i) throws Exception {
        String uid = "hybris-uid-" + i;
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                .digest((PEPPER + "::" + PASSWORD + "::" + uid).getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "C-" + i);
        item.put("firstName", "Moving");
        item.put("lastName", "Customer " + i);
        item.put("account", Map.of("email", email(i), "legacyAuth",
                Map.of("algorithm", "hybris-sha512-uid-salt", "hash", hash, "context", Map.of("originalUid", uid))));
        return item;
    }

    /** Milliseconds of the login call (after a fresh anonymous token); fails unless it answers 200. */
    double login(String base, String tenant, String email) throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/customerlogin/auth/anonymous/login?tenant="
                + tenant + "&client_id=storefront")).GET().build(), HttpResponse.BodyHandlers.ofString());
        String token = json(anonymous, 200).get("access_token").asText();
        long start = System.nanoTime();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/customer/" + tenant + "/login"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        json(login, 200);
        return millis;
    }

    void tenant(String base, String name, Map<String, Object> settings) throws Exception {
        Map<String, Object> realm = new LinkedHashMap<>(settings);
        realm.put("realm", name);
        realm.put("enabled", true);
        // One account logs in at a time here; brute-force protection would only add its per-account lock.
        realm.put("bruteForceProtected", false);
        realm.put("attributes", Map.of("emporix.enabled", "true"));
        realm.put("clients", List.of(Map.of("clientId", "storefront", "publicClient", true, "directAccessGrantsEnabled", true)));
        json(request(base, "POST", "/admin/realms", admin(base), realm), 201);
    }

    void serviceClient(String base, String realm) throws Exception {
        json(request(base, "POST", "/admin/realms/" + realm + "/clients", admin(base), Map.of("clientId", "importer", "publicClient", false,
                "secret", "importer-secret", "serviceAccountsEnabled", true, "standardFlowEnabled", false)), 201);
        String id = json(request(base, "GET", "/admin/realms/" + realm + "/clients?clientId=importer", admin(base), null), 200).get(0).get("id").asText();
        for (JsonNode scope : json(request(base, "GET", "/admin/realms/" + realm + "/client-scopes", admin(base), null), 200)) {
            if ("customer.import_manage".equals(scope.get("name").asText())) {
                json(request(base, "PUT", "/admin/realms/" + realm + "/clients/" + id + "/default-client-scopes/" + scope.get("id").asText(),
                        admin(base), null), 204);
            }
        }
    }

    String serviceToken(String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/" + source + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=importer&client_secret=importer-secret")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json(r, 200).get("access_token").asText();
    }

    String admin(String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json(r, 200).get("access_token").asText();
    }

    JsonNode post(String base, String path, String token, Object body, int expected) throws Exception {
        return json(request(base, "POST", path, token, body), expected);
    }

    HttpResponse<String> request(String base, String method, String path, String token, Object body) throws IOException, InterruptedException {
        return AdminCalls.send(http, base + path, method, token, body);
    }

    static JsonNode json(HttpResponse<String> r, int expected) throws IOException {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    void write(Path out, int created, double importSeconds, List<Double> first, List<Double> second, List<Double> throughFirst,
            List<Double> throughSecond) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Moving a shop in: figures\n\n")
                .append("Generated by `bench/run.sh --migration").append(nodes.size() > 1 ? " --cluster" : "").append("` on ")
                .append(LocalDate.now(ZoneOffset.UTC)).append(", ").append(nodes.size()).append(nodes.size() > 1 ? " nodes" : " node")
                .append(" (").append(String.join(", ", nodes)).append("), ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores on this machine for the server(s) and the client together.\n\n")
                .append("## Import (Emporix's import API, SAP Commerce SHA-512 hashes)\n\n")
                .append("| customers | calls | streams | seconds | customers/s |\n|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| %d created of %d | %d of at most %d | %d (one per node) | %.1f | **%.0f** |%n%n", created, CUSTOMERS,
                        (CUSTOMERS + PER_CALL - 1) / PER_CALL, PER_CALL, nodes.size(), importSeconds, created / importSeconds))
                .append("## Logins, one at a time (milliseconds of the login call)\n\n")
                .append("| login | n | median | p90 | max |\n|---|---|---|---|---|\n")
                .append(row("first login of an imported customer (legacy digest, then Keycloak's re-hash)", first))
                .append(row("second login of the same customers (the realm's hash only)", second))
                .append(row("login-through migration, first login (the source asked over HTTP, the customer created)", throughFirst))
                .append(row("login-through migration, second login (local)", throughSecond))
                .append(String.format(Locale.ROOT, "%nRatios of medians: first/second legacy login **%.2f**, login-through first/second **%.2f**.%n",
                        percentile(first, 0.5) / percentile(second, 0.5), percentile(throughFirst, 0.5) / percentile(throughSecond, 0.5)));
        Files.createDirectories(out);
        Files.writeString(out.resolve("migration.md"), md.toString());
        System.out.print(md);
    }

    static String row(String what, List<Double> values) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", what, values.size(), percentile(values, 0.5), percentile(values, 0.9),
                percentile(values, 1.0));
    }
}
