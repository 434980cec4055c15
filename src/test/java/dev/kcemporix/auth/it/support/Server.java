package dev.kcemporix.auth.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The Keycloak under test, spoken to over HTTP the way storefronts and admins do. */
public final class Server {

    /**
     * A realm password policy for the tests whose point is what hashing costs (timing, load): about
     * what Keycloak's default Argon2 costs on a small machine, some 50 ms.
     */
    public static final String PRODUCTION_LIKE_HASHING =
            "hashAlgorithm(pbkdf2-sha512) and hashIterations(30000)";

    private final KeycloakUnderTest keycloak;
    // HTTP/1.1: what storefronts and SDKs speak; an h2c upgrade ends in a GOAWAY now and then on
    // Keycloak 26.5.
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    Server(KeycloakUnderTest keycloak) {
        this.keycloak = keycloak;
    }

    KeycloakUnderTest keycloak() {
        return keycloak;
    }

    public String baseUrl() {
        return keycloak.baseUrl();
    }

    /** Restarts the server on the same data; see {@link KeycloakUnderTest#restart()}. */
    public void restart() {
        synchronized (this) {
            adminToken = null;
        }
        keycloak.restart();
    }

    public long pid() {
        return keycloak.pid();
    }

    /** The server's log so far. */
    public String log() {
        return keycloak.log();
    }

    public HttpResult get(String url, String... headers) {
        return send(request(url, headers).GET(), null);
    }

    public HttpResult options(String url, String... headers) {
        return send(
                request(url, headers).method("OPTIONS", HttpRequest.BodyPublishers.noBody()), null);
    }

    public HttpResult post(String url, String contentType, String body, String... headers) {
        HttpRequest.Builder b =
                request(url, headers).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResult postForm(String url, Map<String, String> form, String... headers) {
        return post(url, "application/x-www-form-urlencoded", formEncode(form), headers);
    }

    /** Sends raw bytes (e.g. invalid UTF-8) with any method; headers may repeat a name. */
    public HttpResult sendBytes(
            String method, String url, byte[] body, java.util.List<String> headers) {
        HttpRequest.Builder b =
                request(url, headers.toArray(String[]::new))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b, body);
    }

    /**
     * Sends a generated hostile request: its answer is checked against the API document like any
     * other, the request itself is not (it is no request a client would send, and the server may
     * ignore what it does not read).
     */
    public HttpResult sendGenerated(String method, String url, String body, String... headers) {
        HttpRequest.Builder b =
                request(url, headers)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        HttpRequest request = b.build();
        HttpResult result = exchange(request);
        contract()
                .check(
                        request.method(),
                        request.uri(),
                        baseUrl(),
                        new ApiContract.Sent(
                                request.headers(),
                                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                                true),
                        result);
        return result;
    }

    /** Sends a request with any method and body; for the cases the helpers above do not cover. */
    public HttpResult send(
            String method, String url, String contentType, String body, String... headers) {
        HttpRequest.Builder b =
                request(url, headers)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Keycloak's own password grant of {@code realm}'s storefront client, at its token endpoint.
     */
    public HttpResult passwordGrant(String realm, String username, String password) {
        return passwordGrant(realm, "storefront", null, username, password);
    }

    /**
     * Keycloak's own password grant of {@code realm}'s client {@code clientId} ({@code secret}:
     * null for a public client), at its token endpoint.
     */
    public HttpResult passwordGrant(
            String realm, String clientId, String secret, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (secret != null) {
            form.put("client_secret", secret);
        }
        form.put("username", username);
        form.put("password", password);
        return postForm(baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token", form);
    }

    // ---- admin REST, as an automation script would use it ----

    private String adminToken;
    private long adminTokenUntil;

    /**
     * An access token of the master realm's admin, reused while it has more than 15 seconds left: a
     * script does not sign in again for every call, and the master admin's password grant grows
     * with every realm the suite creates (one client of roles each).
     */
    public synchronized String adminToken() {
        if (adminToken != null && System.nanoTime() < adminTokenUntil) {
            return adminToken;
        }
        HttpResult r =
                postForm(
                        baseUrl() + "/realms/master/protocol/openid-connect/token",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                keycloak.adminUsername(),
                                "password",
                                keycloak.adminPassword()));
        if (r.status() != 200) {
            throw new IllegalStateException("Admin login failed: " + r);
        }
        adminToken = r.json().get("access_token").asText();
        adminTokenUntil =
                System.nanoTime()
                        + Duration.ofSeconds(Math.max(0, r.json().path("expires_in").asLong() - 15))
                                .toNanos();
        return adminToken;
    }

    public HttpResult admin(String method, String path, Object body) {
        String json;
        try {
            json =
                    body == null
                            ? null
                            : body instanceof String s
                                    ? s
                                    : HttpResult.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(
                method,
                baseUrl() + "/admin/realms" + path,
                json == null ? null : "application/json",
                json,
                "Authorization",
                "Bearer " + adminToken());
    }

    public JsonNode adminJson(String path) {
        HttpResult r = admin("GET", path, null);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + path + " failed: " + r);
        }
        return r.json();
    }

    /**
     * Creates a realm if it does not exist yet; {@code extensionEnabled} sets the emporix.enabled
     * attribute.
     */
    public void ensureRealm(String name, boolean extensionEnabled) {
        ensureRealm(name, extensionEnabled, Map.of(), Map.of());
    }

    /**
     * Creates a realm with a public {@code storefront} client if it does not exist yet; {@code
     * settings} are further realm representation fields, {@code attributes} realm attributes.
     */
    public void ensureRealm(
            String name,
            boolean extensionEnabled,
            Map<String, Object> settings,
            Map<String, String> attributes) {
        if (admin("GET", "/" + name, null).status() == 200) {
            return;
        }
        Map<String, Object> realm = new LinkedHashMap<>(settings);
        realm.put("realm", name);
        realm.put("enabled", true);
        Map<String, String> allAttributes = new LinkedHashMap<>(attributes);
        allAttributes.put("emporix.enabled", Boolean.toString(extensionEnabled));
        realm.put("attributes", allAttributes);
        realm.put(
                "clients",
                java.util.List.of(
                        Map.of(
                                "clientId",
                                "storefront",
                                "publicClient",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "webOrigins",
                                java.util.List.of("http://localhost:3000"))));
        HttpResult r =
                send(
                        "POST",
                        baseUrl() + "/admin/realms",
                        "application/json",
                        write(realm),
                        "Authorization",
                        "Bearer " + adminToken());
        if (r.status() != 201) {
            throw new IllegalStateException("Creating realm " + name + " failed: " + r);
        }
    }

    /** Creates an enabled customer with a password in {@code realm}; returns the user id. */
    public String createCustomer(
            String realm,
            String email,
            String password,
            Map<String, java.util.List<String>> attributes) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", email);
        user.put("email", email);
        user.put("emailVerified", true);
        user.put("enabled", true);
        user.put("firstName", "Test");
        user.put("lastName", "Customer");
        user.put("attributes", attributes);
        user.put(
                "credentials",
                java.util.List.of(
                        Map.of("type", "password", "value", password, "temporary", false)));
        return createdId(admin("POST", "/" + realm + "/users", user), "user " + email);
    }

    public String createCustomer(String realm, String email, String password) {
        return createCustomer(realm, email, password, Map.of());
    }

    /**
     * Creates a confidential service client (secret {@code clientId + "-secret"}) with a service
     * account; with {@code scope}, that client scope (which must exist) is one of its default
     * scopes.
     */
    public void createServiceClient(String realm, String clientId, String scope) {
        HttpResult r =
                admin(
                        "POST",
                        "/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                clientId,
                                "publicClient",
                                false,
                                "secret",
                                clientId + "-secret",
                                "serviceAccountsEnabled",
                                true,
                                "standardFlowEnabled",
                                false));
        if (r.status() != 201) {
            throw new IllegalStateException("Creating client " + clientId + " failed: " + r);
        }
        if (scope != null) {
            String id =
                    adminJson("/" + realm + "/clients?clientId=" + clientId)
                            .get(0)
                            .get("id")
                            .asText();
            String scopeId = null;
            for (JsonNode s : adminJson("/" + realm + "/client-scopes")) {
                if (scope.equals(s.get("name").asText())) {
                    scopeId = s.get("id").asText();
                }
            }
            if (scopeId == null) {
                throw new IllegalStateException("Realm " + realm + " has no client scope " + scope);
            }
            HttpResult added =
                    admin(
                            "PUT",
                            "/" + realm + "/clients/" + id + "/default-client-scopes/" + scopeId,
                            null);
            if (added.status() != 204) {
                throw new IllegalStateException("Adding scope " + scope + " failed: " + added);
            }
        }
    }

    /** A service token of {@link #createServiceClient}'s client. */
    public String serviceToken(String realm, String clientId) {
        HttpResult r =
                postForm(
                        baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token",
                        Map.of(
                                "grant_type",
                                "client_credentials",
                                "client_id",
                                clientId,
                                "client_secret",
                                clientId + "-secret"));
        if (r.status() != 200) {
            throw new IllegalStateException("Service token of " + clientId + " failed: " + r);
        }
        return r.json().get("access_token").asText();
    }

    /** Id of the user {@code username} in {@code realm}. */
    public String userId(String realm, String username) {
        return adminJson("/" + realm + "/users?exact=true&username=" + enc(username))
                .get(0)
                .get("id")
                .asText();
    }

    /** Creates an organization (a legal entity) and returns its id. */
    public String createOrganization(
            String realm,
            String alias,
            boolean enabled,
            Map<String, java.util.List<String>> attributes) {
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("name", alias);
        org.put("alias", alias);
        org.put("enabled", enabled);
        org.put("domains", java.util.List.of(Map.of("name", alias + ".example")));
        org.put("attributes", attributes);
        return createdId(
                admin("POST", "/" + realm + "/organizations", org), "organization " + alias);
    }

    /** The id at the end of the Location of a 201 from the admin API. */
    private static String createdId(HttpResult created, String what) {
        if (created.status() != 201) {
            throw new IllegalStateException("Creating " + what + " failed: " + created);
        }
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void addMember(String realm, String organizationId, String userId) {
        HttpResult r =
                admin(
                        "POST",
                        "/" + realm + "/organizations/" + organizationId + "/members",
                        "\"" + userId + "\"");
        if (r.status() != 201) {
            throw new IllegalStateException("Adding member failed: " + r);
        }
    }

    /** The realm's stored events of {@code type} for {@code userId}, newest first. */
    public JsonNode events(String realm, String type, String userId) {
        return adminJson("/" + realm + "/events?type=" + type + "&user=" + userId + "&max=100");
    }

    public static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code o} as JSON text. */
    public static String toJson(Object o) {
        return write(o);
    }

    /** A JSON object as a mutable map, e.g. an admin representation to change and send back. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fromJson(JsonNode node) {
        return HttpResult.JSON.convertValue(node, LinkedHashMap.class);
    }

    private static String write(Object o) {
        try {
            return HttpResult.JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest.Builder request(String url, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    /**
     * Every answer from the extension's paths is checked against the API document the server serves
     * ({@link ApiContract}): a test that reads an undocumented status or field fails, and so does a
     * test whose request the server accepted but the document does not describe.
     */
    private HttpResult send(HttpRequest.Builder builder, byte[] body) {
        HttpRequest request = builder.build();
        HttpResult result = exchange(request);
        contract()
                .check(
                        request.method(),
                        request.uri(),
                        baseUrl(),
                        new ApiContract.Sent(request.headers(), body),
                        result);
        return result;
    }

    private ApiContract contract() {
        return ApiContract.of(
                this,
                url ->
                        exchange(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(30))
                                        .GET()
                                        .build()));
    }

    private HttpResult exchange(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
