package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.kcemporix.auth.it.support.DocumentedCall;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Generated hostile input at every parameter of every endpoint, on both mounts (jqwik, a fixed seed
 * that jqwik prints on failure). Tokens are generated JWT-shaped strings (headers and payloads of
 * every JSON type, missing and null claims, huge values, wrong segment counts, invalid base64),
 * forgeries built from real tokens, and real tokens of the wrong kind; bodies are JSON and forms of
 * every shape. Each request must be answered without a 5xx, in one of the contract's two error
 * shapes (or Keycloak's request filter's, which refuses some paths before any extension runs), and
 * without echoing anything it was sent.
 */
@Tag("slow")
class HostileInputIT {

    /**
     * A tenant with cheap password hashing and no brute-force detection: generated logins cost
     * little and lock nobody.
     */
    static final String TENANT = "hostile";

    static final String PASSWORD = "hostile-pass-1";
    static final String VICTIM = "hostile-victim@example.com";
    static final List<String> LEAKS =
            List.of("Exception", "\tat ", "java.", "org.keycloak", "jakarta.", PASSWORD);
    static final List<String> KEYCLOAK_REQUEST_FILTER =
            List.of(
                    "missingNormalization",
                    "invalidCharacter",
                    "Blocking invalid query parameter value",
                    "The content-type header value did not match the value in @Consumes");

    /**
     * Values a valid request carries; a success may name them (a scope names the tenant, validate
     * the email).
     */
    static final List<String> PLAUSIBLE =
            List.of(
                    TENANT,
                    "storefront",
                    "emporix-service",
                    "client_credentials",
                    VICTIM,
                    PASSWORD,
                    "wrong-password",
                    "EUR",
                    "tenant=" + TENANT);

    static Server server;
    static final Map<String, String> TOKENS = new LinkedHashMap<>();
    static final AtomicInteger TRIED = new AtomicInteger();
    static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
    static final AtomicInteger FILTERED = new AtomicInteger();
    static final AtomicInteger ACCEPTED = new AtomicInteger();
    static final AtomicInteger RESENT = new AtomicInteger();

    /** One generated request. */
    record Hostile(
            String method, String url, List<String> headers, String body, List<String> sent) {
        /** The request with {@code value} as its path parameter. */
        Hostile inPath(String value) {
            return new Hostile(
                    method,
                    url.replace("{v}", Server.enc(value).replace("+", "%20")),
                    headers,
                    body,
                    with(sent, value));
        }

        @Override
        public String toString() {
            String b =
                    body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
            return method
                    + " "
                    + (url.length() > 300 ? url.substring(0, 300) + "…" : url)
                    + " "
                    + headers
                    + " "
                    + b;
        }
    }

    @BeforeContainer
    static void tokens() throws Exception {
        server = KeycloakExtension.shared();
        server.ensureRealm(
                TENANT,
                true,
                Map.of(
                        "bruteForceProtected",
                        false,
                        "registrationAllowed",
                        true,
                        "passwordPolicy",
                        "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"),
                Map.of("emporix.storefrontUrl", "https://hostile.example"));
        if (server.adminJson("/" + TENANT + "/users?exact=true&username=" + VICTIM).isEmpty()) {
            server.createCustomer(TENANT, VICTIM, PASSWORD);
        }
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        JsonNode anonymous = storefront.anonymous(TENANT);
        TOKENS.put("anonymous", anonymous.get("access_token").asText());
        TOKENS.put("anonymous refresh", anonymous.get("refresh_token").asText());
        JsonNode customer = storefront.customer(TENANT, VICTIM, PASSWORD);
        String access = customer.get("access_token").asText();
        TOKENS.put("customer", access);
        TOKENS.put("customer refresh", customer.get("refresh_token").asText());
        TOKENS.put("saas", customer.get("saas_token").asText());
        TOKENS.put(
                "service",
                server.postForm(
                                server.baseUrl() + "/realms/demo/protocol/openid-connect/token",
                                Map.of(
                                        "grant_type",
                                        "client_credentials",
                                        "client_id",
                                        "emporix-service",
                                        "client_secret",
                                        "service-secret-change-me"))
                        .json()
                        .get("access_token")
                        .asText());
        TOKENS.put(
                "other tenant's anonymous",
                storefront.anonymous("demo").get("access_token").asText());

        TOKENS.putAll(forgeries(access, TENANT));
    }

    /**
     * Three forgeries of {@code token} (its claims as they are): {@code alg} none, HS256 signed
     * with the realm's public key as the secret, and RS256 under the realm's key id with a key of
     * our own.
     */
    static Map<String, String> forgeries(String token, String realm) throws Exception {
        String[] parts = token.split("\\.");
        JWKSet jwks =
                JWKSet.load(
                        new java.net.URL(
                                server.baseUrl()
                                        + "/realms/"
                                        + realm
                                        + "/protocol/openid-connect/certs"));
        RSAKey realmKey =
                (RSAKey)
                        jwks.getKeys().stream()
                                .filter(k -> k instanceof RSAKey)
                                .findFirst()
                                .orElseThrow();
        Payload payload = new Payload(Base64.getUrlDecoder().decode(parts[1]));
        Map<String, String> forged = new LinkedHashMap<>();
        JWSObject hmac =
                new JWSObject(
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .keyID(realmKey.getKeyID())
                                .type(JOSEObjectType.JWT)
                                .build(),
                        payload);
        hmac.sign(new MACSigner(realmKey.toRSAPublicKey().getEncoded()));
        forged.put("HS256 with the realm's public key", hmac.serialize());
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(realmKey.getKeyID()).generate();
        JWSObject foreignSigned =
                new JWSObject(
                        new JWSHeader.Builder(JWSAlgorithm.RS256)
                                .keyID(realmKey.getKeyID())
                                .build(),
                        payload);
        foreignSigned.sign(new RSASSASigner(foreign));
        forged.put("realm kid, foreign key", foreignSigned.serialize());
        forged.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        return forged;
    }

    /** A tenant with brute-force detection on, where a counted failure would show. */
    static final String COUNTING_TENANT = "hostilecount";

    /**
     * A self-service call, the kind of token it takes ("anon" or "cust"), and a body a real token
     * of that kind would have counted or acted on.
     */
    record Call(String method, String path, String auth, Map<String, Object> body) {}

    static List<Call> selfServiceCalls(String victim) {
        return List.of(
                new Call(
                        "POST",
                        "/login",
                        "anon",
                        Map.of("email", victim, "password", "wrong-password-1")),
                new Call(
                        "POST",
                        "/signup",
                        "anon",
                        Map.of(
                                "email",
                                "forged-" + System.nanoTime() + "@example.com",
                                "password",
                                PASSWORD)),
                new Call("GET", "/signup/optin/not-a-token", "anon", Map.of()),
                new Call("POST", "/signup/optin/refresh_token", "anon", Map.of("email", victim)),
                new Call("POST", "/password/reset", "anon", Map.of("email", victim)),
                new Call(
                        "POST",
                        "/password/reset/update",
                        "anon",
                        Map.of("token", "not-a-token", "password", "forged-pass-1")),
                new Call(
                        "POST",
                        "/me/accounts/internal/email/change/confirm",
                        "anon",
                        Map.of("token", "not-a-token")),
                new Call(
                        "POST",
                        "/password/change",
                        "cust",
                        Map.of(
                                "currentPassword",
                                "wrong-password-1",
                                "newPassword",
                                "forged-pass-1")),
                new Call(
                        "POST",
                        "/me/accounts/internal/email/change",
                        "cust",
                        Map.of("password", "wrong-password-1", "newEmail", "thief@example.com")),
                new Call("GET", "/me", "cust", Map.of()),
                new Call("PATCH", "/me", "cust", Map.of("company", "Forged")),
                new Call("PUT", "/me", "cust", Map.of("company", "Forged")),
                new Call("GET", "/validateauthtoken", "cust", Map.of()),
                new Call("POST", "/me/mfa/otp", "cust", Map.of()),
                new Call("POST", "/me/mfa/otp/confirm", "cust", Map.of("code", "123456")),
                new Call("GET", "/me/mfa", "cust", Map.of()),
                new Call("DELETE", "/me/mfa/any-device", "cust", Map.of()),
                new Call("GET", "/me/sessions", "cust", Map.of()),
                new Call("DELETE", "/me/sessions", "cust", Map.of()),
                new Call("DELETE", "/me/sessions/any-session", "cust", Map.of()),
                new Call("POST", "/logout", "cust", Map.of()));
    }

    /**
     * Forgeries of a real anonymous and a real customer token at every self-service call (and
     * login, validate, logout), on both mounts: each is refused as an invalid token before anything
     * else, so the wrong passwords they carry count nothing, and the customer still logs in.
     */
    @Example
    void forgedTokensAreRefusedEverywhereAndCountNothing() throws Exception {
        server = KeycloakExtension.shared();
        server.ensureRealm(
                COUNTING_TENANT,
                true,
                Map.of(
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        3,
                        "registrationAllowed",
                        true),
                Map.of("emporix.storefrontUrl", "https://hostile.example"));
        String victim = "forged-victim-" + System.nanoTime() + "@example.com";
        String victimId = server.createCustomer(COUNTING_TENANT, victim, PASSWORD);
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        Map<String, Map<String, String>> forged =
                Map.of(
                        "anon",
                                forgeries(
                                        storefront
                                                .anonymous(COUNTING_TENANT)
                                                .get("access_token")
                                                .asText(),
                                        COUNTING_TENANT),
                        "cust",
                                forgeries(
                                        storefront
                                                .customer(COUNTING_TENANT, victim, PASSWORD)
                                                .get("access_token")
                                                .asText(),
                                        COUNTING_TENANT));
        int sent = 0;
        for (MountUnderTest mount : MountUnderTest.values()) {
            for (Call call : selfServiceCalls(victim)) {
                for (Map.Entry<String, String> forgery : forged.get(call.auth()).entrySet()) {
                    String url =
                            mount.url(
                                    server,
                                    COUNTING_TENANT,
                                    "/customer/" + COUNTING_TENANT + call.path());
                    boolean bodyless =
                            call.method().equals("GET") || call.method().equals("DELETE");
                    HttpResult r =
                            bodyless
                                    ? server.send(
                                            call.method(),
                                            url,
                                            null,
                                            null,
                                            "Authorization",
                                            "Bearer " + forgery.getValue())
                                    : server.send(
                                            call.method(),
                                            url,
                                            "application/json",
                                            Server.toJson(call.body()),
                                            "Authorization",
                                            "Bearer " + forgery.getValue());
                    String what =
                            call.method()
                                    + " "
                                    + call.path()
                                    + " on the "
                                    + mount
                                    + " mount with "
                                    + call.auth()
                                    + " token, "
                                    + forgery.getKey();
                    assertEquals(401, r.status(), () -> what + ": " + r);
                    assertEquals(
                            "oauth.v2.InvalidAccessToken",
                            r.json().at("/fault/detail/errorcode").asText(),
                            () -> what + ": " + r);
                    sent++;
                }
            }
        }
        // A sentinel: one wrong password, which Keycloak counts. Once its count shows, any count of
        // a forgery would have shown.
        storefront.login(
                COUNTING_TENANT,
                storefront.anonymous(COUNTING_TENANT).get("access_token").asText(),
                victim,
                "sentinel-wrong-1");
        JsonNode failures =
                server.adminJson(
                        "/" + COUNTING_TENANT + "/attack-detection/brute-force/users/" + victimId);
        for (int i = 0; i < 50 && failures.get("numFailures").asInt() < 1; i++) {
            Thread.sleep(100);
            failures =
                    server.adminJson(
                            "/"
                                    + COUNTING_TENANT
                                    + "/attack-detection/brute-force/users/"
                                    + victimId);
        }
        Thread.sleep(1000);
        failures =
                server.adminJson(
                        "/" + COUNTING_TENANT + "/attack-detection/brute-force/users/" + victimId);
        System.out.printf(
                "HostileInputIT: %d forged tokens at the self-service calls, all refused as invalid"
                        + " tokens; failures counted for the customer: %d%n",
                sent, failures.get("numFailures").asInt() - 1);
        assertEquals(
                1, failures.get("numFailures").asInt(), "the sentinel alone counted: " + failures);
        assertFalse(failures.get("disabled").asBoolean(), failures::toString);
        assertEquals(
                200,
                storefront
                        .login(
                                COUNTING_TENANT,
                                storefront.anonymous(COUNTING_TENANT).get("access_token").asText(),
                                victim,
                                PASSWORD)
                        .status());
    }

    /** A tenant whose realm is disabled: Keycloak's own endpoints answer it 403, and so do ours. */
    static final String DISABLED_TENANT = "hostileoff";

    /**
     * Every call of the served API document meets the answers it documents for what any call can
     * get wrong, on the root mount (the request layer is the same on both): a request line too long
     * (414) and headers too large (431), which Keycloak's HTTP server refuses before anything runs;
     * where documented, a body too large (413) or of another content type (415), two different
     * tenants named (400), a tenant that does not exist (404) and one whose realm is disabled
     * (403). Each with the token the call's security names first, so that what is tried, not the
     * token, is what answers.
     */
    @Example
    void everyDocumentedCallAnswersWhatAnyCallCanGetWrong() {
        server = KeycloakExtension.shared();
        server.ensureRealm(DISABLED_TENANT, true);
        assertEquals(
                204, server.admin("PUT", "/" + DISABLED_TENANT, Map.of("enabled", false)).status());
        List<String> met = new ArrayList<>();
        for (DocumentedCall call : DocumentedCall.served(server)) {
            met.addAll(wrongCalls(call));
        }
        long calls = met.stream().filter(m -> m.endsWith(" 414")).count();
        System.out.printf(
                "HostileInputIT: %d documented calls answered what any call can get wrong: %d"
                        + " answers%n",
                calls, met.size());
        assertTrue(calls >= 30, "the document lists every call: " + met);
    }

    /** The wrong forms of one documented call that it documents an answer for, each sent. */
    static List<String> wrongCalls(DocumentedCall documented) {
        String method = documented.method();
        String template = documented.template();
        String token =
                switch (documented.scheme()) {
                    case "customerToken" -> TOKENS.get("customer");
                    case "anonymousToken" -> TOKENS.get("anonymous");
                    case "serviceToken" -> importerToken();
                    default -> null;
                };
        List<String> auth = token == null ? List.of() : List.of("Authorization", "Bearer " + token);
        String body = documented.operation().has("requestBody") ? "{}" : null;
        List<String> json = body == null ? auth : with(auth, "Content-Type", "application/json");
        String url = url(template, TENANT);
        String call = documented.toString();
        List<String> met = new ArrayList<>();
        met.add(expect(414, call, new Hostile(method, url + pad(64 * 1024), json, body, NONE)));
        met.add(
                expect(
                        431,
                        call,
                        new Hostile(method, url, with(json, "X-Pad", pad(64 * 1024)), body, NONE)));
        if (documented.documents(413)) {
            // Over the request layer's limits: 64 KiB, and 2 MiB for the import's array.
            boolean array = template.endsWith("/customers/import");
            String pad = pad(array ? 3 * 1024 * 1024 : 128 * 1024);
            String tooLarge = array ? "[\"" + pad + "\"]" : "{\"pad\":\"" + pad + "\"}";
            List<String> headers = with(auth, "Content-Type", "application/json");
            met.add(expect(413, call, new Hostile(method, url, headers, tooLarge, NONE)));
        }
        if (documented.documents(415)) {
            List<String> headers = with(auth, "Content-Type", "text/plain");
            met.add(expect(415, call, new Hostile(method, url, headers, "pad=a", NONE)));
        }
        if (documented.documents(400)) {
            List<String> twoTenants = with(json, "Emporix-Tenant", "another-tenant");
            met.add(expect(400, call, new Hostile(method, url, twoTenants, body, NONE)));
        }
        if (documented.documents(404)) {
            String unknown = url(template, "nosuchtenant");
            met.add(expect(404, call, new Hostile(method, unknown, json, body, NONE)));
        }
        if (documented.documents(403)) {
            String disabled = url(template, DISABLED_TENANT);
            met.add(expect(403, call, new Hostile(method, disabled, json, body, NONE)));
        }
        return met;
    }

    static final List<String> NONE = List.of();

    /**
     * A documented call's URL on the root mount for {@code tenant}, ending in a parameter's start.
     */
    static String url(String template, String tenant) {
        String path =
                template.replace("{tenant}", tenant)
                        .replace("{token}", "not.a.token")
                        .replace("{id}", "no-such-id");
        return MountUnderTest.ROOT.url(server, tenant, path)
                + (path.startsWith("/customerlogin") || path.startsWith("/oauth")
                        ? "?tenant=" + tenant + "&client_id=storefront&"
                        : "?");
    }

    static String pad(int length) {
        return "pad=" + "a".repeat(length);
    }

    /** A service token of the tenant's own importer (the fuzzed one is another tenant's). */
    static String importerToken() {
        String importer = "hostile-importer";
        if (server.adminJson("/" + TENANT + "/clients?clientId=" + importer).isEmpty()) {
            server.createServiceClient(TENANT, importer, "customer.import_manage");
        }
        return server.serviceToken(TENANT, importer);
    }

    /** Sends {@code h} and requires {@code status}, with the answer the contract checks. */
    static String expect(int status, String call, Hostile h) {
        HttpResult r = sendOnALiveConnection(h);
        assertEquals(status, r.status(), () -> call + ": " + h + " -> " + r);
        return call + " " + status;
    }

    @AfterContainer
    static void report() {
        SENDERS.shutdown();
        System.out.printf(
                "HostileInputIT: %d generated hostile requests, %d answered with a 5xx, %d refused"
                        + " by Keycloak's request filter, %d accepted as valid, %d resent after a"
                        + " closed keep-alive connection%n",
                TRIED.get(), SERVER_ERRORS.get(), FILTERED.get(), ACCEPTED.get(), RESENT.get());
    }

    /**
     * Sends the request; once more if the pooled connection it went out on had just been closed by
     * the server (after a request Keycloak's HTTP layer refused and answered with "close"): the JDK
     * client resends only idempotent methods by itself. A second failure is a failure.
     */
    private static HttpResult sendOnALiveConnection(Hostile h) {
        try {
            return server.sendGenerated(
                    h.method(), h.url(), h.body(), h.headers().toArray(String[]::new));
        } catch (UncheckedIOException e) {
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            RESENT.incrementAndGet();
            return server.sendGenerated(
                    h.method(), h.url(), h.body(), h.headers().toArray(String[]::new));
        }
    }

    /**
     * Requests in flight at once: a try is a batch of this many, sent together, which also puts
     * hostile requests side by side on the server.
     */
    static final int AT_ONCE = 8;

    static final ExecutorService SENDERS = Executors.newFixedThreadPool(AT_ONCE);

    /**
     * As many requests as the build's hostile.tries: 10,000 unless a lighter run asks for fewer, in
     * tries of {@value #AT_ONCE}.
     */
    static final class RequestsInBatches implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(
                PropertyLifecycleContext context, PropertyExecutor property) {
            int requests = Integer.getInteger("hostile.requests", 10_000);
            context.attributes().setTries(Math.max(1, (requests + AT_ONCE - 1) / AT_ONCE));
            return property.execute();
        }
    }

    @Property(seed = "20261128", shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(RequestsInBatches.class)
    void everyRequestIsAnsweredWithoutAServerErrorInTheContractsShapeWithoutEchoingIt(
            @ForAll("batches") List<Hostile> batch) throws Exception {
        List<Future<HttpResult>> answers = new ArrayList<>();
        for (Hostile h : batch) {
            answers.add(SENDERS.submit(() -> sendOnALiveConnection(h)));
        }
        for (int i = 0; i < batch.size(); i++) {
            HttpResult r;
            try {
                r = answers.get(i).get(2, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw new AssertionError("no answer to " + batch.get(i), e.getCause());
            }
            check(batch.get(i), r);
        }
    }

    /** One generated request's answer, as the property above requires it. */
    static void check(Hostile h, HttpResult r) {
        TRIED.incrementAndGet();
        if (r.status() >= 500) {
            SERVER_ERRORS.incrementAndGet();
        }
        assertTrue(r.status() < 500, () -> "5xx for " + h + ": " + r);
        for (String value : h.sent()) {
            if (value.length() >= 10 && !PLAUSIBLE.contains(value)) {
                assertFalse(
                        r.body().contains(value),
                        () -> "echoes what it was sent: " + h + " -> " + r);
            }
        }
        for (String leak : LEAKS) {
            assertFalse(r.body().contains(leak), () -> "leaks '" + leak + "': " + h + " -> " + r);
        }
        if (r.status() < 300) {
            ACCEPTED.incrementAndGet();
            return;
        }
        if (h.method().equals("HEAD") || r.body().isEmpty()) {
            return;
        }
        JsonNode body = r.json();
        if (KEYCLOAK_REQUEST_FILTER.contains(body.path("error").asText())) {
            FILTERED.incrementAndGet();
            return;
        }
        if (body.has("fault")) {
            assertFalse(body.at("/fault/faultstring").asText().isBlank(), r::toString);
            assertFalse(body.at("/fault/detail/errorcode").asText().isBlank(), r::toString);
        } else {
            assertEquals(r.status(), body.path("status").asInt(), () -> h + " -> " + r);
            assertTrue(
                    body.path("type").asText().matches("[a-z]+(_[a-z]+)*"), () -> h + " -> " + r);
            assertFalse(body.path("message").asText().isBlank(), () -> h + " -> " + r);
        }
    }

    // ---- what is generated ----

    /** An endpoint: its path (after the mount), the methods it serves, and its parameters. */
    record Target(String path, List<String> methods, List<String> params, boolean bearer) {}

    static final List<Target> TARGETS =
            List.of(
                    new Target(
                            "/customerlogin/auth/anonymous/login",
                            List.of("GET", "POST"),
                            List.of(
                                    "tenant",
                                    "hybris-tenant",
                                    "client_id",
                                    "clientId",
                                    "currency",
                                    "siteCode",
                                    "language",
                                    "targetLocation"),
                            false),
                    new Target(
                            "/customerlogin/auth/anonymous/refresh",
                            List.of("GET", "POST"),
                            List.of(
                                    "tenant",
                                    "client_id",
                                    "refresh_token",
                                    "refreshToken",
                                    "anonymous_token",
                                    "currency"),
                            false),
                    new Target(
                            "/customer/{t}/login",
                            List.of("POST"),
                            List.of("email", "password", "otp"),
                            true),
                    new Target(
                            "/customer/{t}/refreshauthtoken",
                            List.of("GET", "POST"),
                            List.of("refreshToken", "refresh_token", "legalEntityId"),
                            true),
                    new Target(
                            "/customer/{t}/validateauthtoken",
                            List.of("GET", "POST"),
                            List.of(),
                            true),
                    new Target(
                            "/customer/{t}/logout",
                            List.of("GET", "POST"),
                            List.of("accessToken", "access_token"),
                            true),
                    new Target(
                            "/oauth/token",
                            List.of("POST"),
                            List.of("grant_type", "client_id", "client_secret", "scope", "tenant"),
                            false),
                    new Target("/customer/{t}/nothing-here", List.of("GET"), List.of("x"), false),
                    new Target(
                            "/customer/{t}/signup",
                            List.of("POST"),
                            List.of("email", "password", "customerDetails", "signup", "site"),
                            true),
                    new Target(
                            "/customer/{t}/signup/optin/{v}", List.of("GET"), List.of("x"), true),
                    new Target(
                            "/customer/{t}/signup/optin/refresh_token",
                            List.of("POST"),
                            List.of("email"),
                            true),
                    new Target(
                            "/customer/{t}/password/reset",
                            List.of("POST"),
                            List.of("email", "site"),
                            true),
                    new Target(
                            "/customer/{t}/password/reset/update",
                            List.of("POST"),
                            List.of("token", "password"),
                            true),
                    new Target(
                            "/customer/{t}/password/change",
                            List.of("POST"),
                            List.of("currentPassword", "newPassword", "current_password"),
                            true),
                    new Target(
                            "/customer/{t}/me/accounts/internal/email/change",
                            List.of("POST"),
                            List.of("email", "password", "newEmail", "syncContactEmail"),
                            true),
                    new Target(
                            "/customer/{t}/me/accounts/internal/email/change/confirm",
                            List.of("POST"),
                            List.of("token"),
                            true),
                    new Target(
                            "/customer/{t}/me",
                            List.of("GET", "PATCH", "PUT"),
                            List.of(
                                    "firstName",
                                    "company",
                                    "contactEmail",
                                    "customerNumber",
                                    "b2b"),
                            true),
                    new Target("/customer/{t}/me/mfa", List.of("GET"), List.of("x"), true),
                    new Target("/customer/{t}/me/mfa/otp", List.of("POST"), List.of("x"), true),
                    new Target(
                            "/customer/{t}/me/mfa/otp/confirm",
                            List.of("POST"),
                            List.of("code", "label"),
                            true),
                    new Target("/customer/{t}/me/mfa/{v}", List.of("DELETE"), List.of("x"), true),
                    new Target(
                            "/customer/{t}/me/sessions",
                            List.of("GET", "DELETE"),
                            List.of("x"),
                            true),
                    new Target(
                            "/customer/{t}/me/sessions/{v}",
                            List.of("DELETE"),
                            List.of("x"),
                            true));

    @Provide
    Arbitrary<List<Hostile>> batches() {
        return requests().list().ofSize(AT_ONCE);
    }

    Arbitrary<Hostile> requests() {
        Arbitrary<Target> targets = Arbitraries.of(TARGETS);
        Arbitrary<MountUnderTest> mounts = Arbitraries.of(MountUnderTest.values());
        Arbitrary<String> methods =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, Arbitraries.just("")),
                        net.jqwik.api.Tuple.of(
                                1,
                                Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")));
        Arbitrary<String> encodings = Arbitraries.of("query", "json", "form", "json", "raw");
        Arbitrary<Map<String, String>> values =
                Arbitraries.maps(Arbitraries.of("p0", "p1", "p2", "p3", "p4"), value())
                        .ofMaxSize(4);
        Arbitrary<String> authorization =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(2, Arbitraries.just("")),
                        net.jqwik.api.Tuple.of(6, token().map(t -> "Bearer " + t)),
                        net.jqwik.api.Tuple.of(
                                1,
                                Arbitraries.of(
                                        "Basic !!!",
                                        "Bearer",
                                        "Negotiate abc",
                                        "bearer  x y",
                                        "Basic " + b64("emporix-service:x"))));
        Arbitrary<String> tenants =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(TENANT)),
                        net.jqwik.api.Tuple.of(
                                1,
                                Arbitraries.of(
                                        "demo",
                                        "master",
                                        "nosuch",
                                        "HOSTILE",
                                        "..",
                                        "%2e%2e",
                                        "a%2Fb",
                                        "%F0%9F%9B%92")),
                        net.jqwik.api.Tuple.of(
                                1, hostileString().filter(s -> !s.isEmpty()).map(Server::enc)));
        Arbitrary<List<String>> extraHeaders =
                Arbitraries.of(
                        List.of(),
                        List.of(),
                        List.of("Emporix-Tenant", "other"),
                        List.of("Origin", "https://evil.example"),
                        List.of("Origin", "http://localhost:3000"),
                        List.of("Emporix-Tenant", TENANT),
                        List.of("Content-Type", "text/plain"));
        Arbitrary<String> rawBodies =
                Arbitraries.oneOf(
                        hostileString(),
                        Arbitraries.of(
                                "{",
                                "[]",
                                "null",
                                "{\"a\":" + "[".repeat(100) + "}",
                                "{\"email\":1e400}",
                                "\uFEFF{}",
                                "a=%zz",
                                "{\"a\":1,\"a\":2}"));
        return Combinators.combine(
                        targets,
                        mounts,
                        methods,
                        encodings,
                        values,
                        authorization,
                        tenants,
                        extraHeaders)
                .as(
                        (target, mount, method, encoding, generated, auth, tenant, extra) -> {
                            List<String> params = new ArrayList<>(target.params());
                            Map<String, String> chosen = new LinkedHashMap<>();
                            List<String> keys = new ArrayList<>(generated.keySet());
                            for (int i = 0; i < keys.size() && !params.isEmpty(); i++) {
                                String name =
                                        params.get(
                                                Math.abs((keys.get(i) + i).hashCode())
                                                        % params.size());
                                chosen.put(name, generated.get(keys.get(i)));
                            }
                            if (target.path().contains("anonymous")
                                    && !chosen.containsKey("tenant")
                                    && tenant.equals(TENANT)) {
                                chosen.put("tenant", TENANT);
                                chosen.putIfAbsent("client_id", "storefront");
                            }
                            return build(
                                    target,
                                    mount,
                                    method.isEmpty() ? target.methods().get(0) : method,
                                    encoding,
                                    chosen,
                                    auth,
                                    tenant,
                                    extra,
                                    rawBodies);
                        })
                .flatMap(a -> a)
                .flatMap(
                        h ->
                                h.url().contains("{v}")
                                        ? value().map(v -> h.inPath(v))
                                        : Arbitraries.just(h));
    }

    static Arbitrary<Hostile> build(
            Target target,
            MountUnderTest mount,
            String method,
            String encoding,
            Map<String, String> params,
            String authorization,
            String tenant,
            List<String> extra,
            Arbitrary<String> rawBodies) {
        String path = target.path().replace("{t}", tenant);
        String pathRealm = mount == MountUnderTest.REALM ? TENANT : tenant;
        String base = mount.url(server, pathRealm, path);
        List<String> sent = new ArrayList<>(params.values());
        List<String> headers = new ArrayList<>(extra);
        if (!authorization.isEmpty()) {
            headers.add("Authorization");
            headers.add(authorization);
            sent.add(authorization.substring(authorization.indexOf(' ') + 1));
        }
        boolean bodyMethod =
                !method.equals("GET") && !method.equals("HEAD") && !method.equals("DELETE");
        return switch (bodyMethod ? encoding : "query") {
            case "json" ->
                    Arbitraries.just(
                            new Hostile(
                                    method,
                                    base,
                                    with(headers, "Content-Type", "application/json"),
                                    Server.toJson(params),
                                    sent));
            case "form" ->
                    Arbitraries.just(
                            new Hostile(
                                    method,
                                    base,
                                    with(
                                            headers,
                                            "Content-Type",
                                            "application/x-www-form-urlencoded"),
                                    Server.formEncode(params),
                                    sent));
            case "raw" ->
                    rawBodies.map(
                            b ->
                                    new Hostile(
                                            method,
                                            base,
                                            with(headers, "Content-Type", "application/json"),
                                            b,
                                            with(sent, b)));
            default ->
                    Arbitraries.just(
                            new Hostile(
                                    method,
                                    params.isEmpty()
                                            ? base
                                            : base + "?" + Server.formEncode(params),
                                    headers,
                                    null,
                                    sent));
        };
    }

    /** A parameter value: a plausible one, a hostile string, or a token. */
    static Arbitrary<String> value() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(PLAUSIBLE)),
                net.jqwik.api.Tuple.of(4, hostileString()),
                net.jqwik.api.Tuple.of(4, token()));
    }

    static Arbitrary<String> hostileString() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u001f')
                        .ofMinLength(1)
                        .ofMaxLength(5),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30),
                Arbitraries.of(
                        "' OR '1'='1",
                        "${jndi:ldap://127.0.0.1/x}",
                        "<script>alert(1)</script>",
                        "../../etc/passwd",
                        "{{7*7}}",
                        "%00",
                        "\u202Ehostile",
                        "\uD83D\uDED2",
                        "\\",
                        "\"",
                        "null",
                        "[]",
                        "{}"),
                Arbitraries.integers().between(1, 40_000).map("x"::repeat));
    }

    /** JWT-shaped strings, forgeries and real tokens of every kind. */
    static Arbitrary<String> token() {
        Arbitrary<String> header =
                jsonObject(List.of("alg", "typ", "kid", "cty", "jku", "x5u", "crit"));
        Arbitrary<String> payload =
                jsonObject(
                        List.of(
                                "iss",
                                "sub",
                                "aud",
                                "exp",
                                "iat",
                                "nbf",
                                "azp",
                                "typ",
                                "sid",
                                "jti",
                                "sessionId",
                                "tenant",
                                "client_id",
                                "scope",
                                "session_state",
                                "legalEntityId"));
        Arbitrary<String> signature =
                Arbitraries.oneOf(
                        Arbitraries.just(""),
                        Arbitraries.strings().withChars("ABCxyz019-_").ofMaxLength(400),
                        Arbitraries.strings().withChars("+/=!*.").ofMaxLength(20));
        Arbitrary<String> shaped =
                Combinators.combine(
                                header,
                                payload,
                                signature,
                                Arbitraries.integers().between(0, 5),
                                Arbitraries.of(true, false))
                        .as(
                                (h, p, s, segments, encode) -> {
                                    List<String> parts =
                                            List.of(
                                                    encode ? b64(h) : h,
                                                    encode ? b64(p) : p,
                                                    s,
                                                    s,
                                                    s);
                                    return String.join(
                                            ".", parts.subList(0, Math.max(1, segments)));
                                });
        Arbitrary<String> real = Arbitraries.of(new ArrayList<>(TOKENS.values()));
        Arbitrary<String> mutated =
                Combinators.combine(
                                real,
                                Arbitraries.integers().between(0, 2000),
                                Arbitraries.chars().range(' ', '~'))
                        .as(
                                (t, at, c) ->
                                        t.substring(0, Math.min(at, t.length() - 1))
                                                + c
                                                + t.substring(Math.min(at, t.length() - 1) + 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, shaped),
                net.jqwik.api.Tuple.of(2, real),
                net.jqwik.api.Tuple.of(2, mutated),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                "e30.e30.e30",
                                "e30.e30.",
                                "..",
                                ".",
                                "a.b.c",
                                "eyJhbGciOiJub25lIn0.e30.")));
    }

    /**
     * A JSON object with some of {@code names} set to values of every JSON type (or text that is
     * not JSON).
     */
    static Arbitrary<String> jsonObject(List<String> names) {
        Arbitrary<String> jsonValue =
                Arbitraries.oneOf(
                        Arbitraries.of(
                                "null",
                                "true",
                                "false",
                                "0",
                                "-1",
                                "1e400",
                                "9999999999999999999999",
                                "[]",
                                "{}",
                                "[1,\"a\",null]",
                                "{\"nested\":{\"deep\":[{}]}}",
                                "\"RS256\"",
                                "\"HS256\"",
                                "\"none\"",
                                "\"\"",
                                "\"Bearer\"",
                                "\"Refresh\"",
                                "\"Anonymous\"",
                                "\"" + "k".repeat(5000) + "\""),
                        Arbitraries.longs().map(Object::toString),
                        Arbitraries.strings().alpha().ofMaxLength(20).map(s -> "\"" + s + "\""));
        Arbitrary<String> object =
                Arbitraries.maps(Arbitraries.of(names), jsonValue)
                        .ofMaxSize(names.size())
                        .map(
                                m -> {
                                    StringBuilder s = new StringBuilder("{");
                                    m.forEach(
                                            (k, v) ->
                                                    s.append(s.length() > 1 ? "," : "")
                                                            .append('"')
                                                            .append(k)
                                                            .append("\":")
                                                            .append(v));
                                    return s.append('}').toString();
                                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, object),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("{", "[]", "not json", "")));
    }

    static List<String> with(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }

    static String b64(String s) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
