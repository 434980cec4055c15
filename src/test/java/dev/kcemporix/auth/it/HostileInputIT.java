package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.B2C_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2C_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.OTHER_TENANT;
import static dev.kcemporix.auth.it.support.Demo.SERVICE_CLIENT;
import static dev.kcemporix.auth.it.support.Demo.SERVICE_SECRET;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;

/**
 * Hostile and malformed requests at every endpoint, on both mounts. Each must be answered without
 * a 5xx, in one of the contract's two error shapes, without a token, and without echoing a token,
 * a password or anything that looks like a stack trace.
 */
@ExtendWith(KeycloakExtension.class)
class HostileInputIT {

    /** Expired tokens come from here: anonymous tokens live 1 s, customer tokens 2 s. */
    static final String SHORT_LIVED = "hostileshort";
    static final String PASSWORD = "hostile-pass-1";
    /** Wrong passwords sent for variants of this account's email lock it: it is no other test's customer. */
    static final String VICTIM = "hostile-victim@example.com";
    static final List<String> LEAKS = List.of("Exception", "\tat ", "java.", "org.keycloak", "jakarta.", PASSWORD, B2C_PASSWORD);

    static Server server;
    static Map<String, String> tokens;
    static int tried;
    static int serverErrors;
    static int keycloakFiltered;
    /** What Keycloak's request filter answers for paths and parameters it refuses outright. */
    static final List<String> KEYCLOAK_REQUEST_FILTER = List.of("missingNormalization", "invalidCharacter", "Blocking invalid query parameter value",
            // multipart bodies: the endpoints do not consume them, so the framework refuses them unparsed
            "The content-type header value did not match the value in @Consumes");

    record Hostile(String name, String method, String url, List<String> headers, byte[] body) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void tokens(Server running) throws Exception {
        server = running;
        server.ensureRealm(OTHER_TENANT, true);
        server.ensureRealm(SHORT_LIVED, true, Map.of("accessTokenLifespan", 2), Map.of("emporix.anonymous.accessTokenLifespan", "1"));
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        if (server.adminJson("/demo/users?exact=true&username=" + VICTIM).isEmpty()) {
            server.createCustomer(TENANT, VICTIM, PASSWORD);
        }
        tokens = new LinkedHashMap<>();

        JsonNode anonymous = storefront.anonymous(TENANT);
        tokens.put("anonymous access token", anonymous.get("access_token").asText());
        tokens.put("anonymous refresh token", anonymous.get("refresh_token").asText());
        JsonNode customer = storefront.customer(TENANT, B2C_EMAIL, B2C_PASSWORD);
        String access = customer.get("access_token").asText();
        tokens.put("customer access token", access);
        tokens.put("customer refresh token", customer.get("refresh_token").asText());
        tokens.put("saas token", customer.get("saas_token").asText());
        HttpResult service = server.postForm(server.baseUrl() + "/realms/demo/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", SERVICE_CLIENT, "client_secret", SERVICE_SECRET));
        tokens.put("service access token", service.json().get("access_token").asText());

        String otherEmail = "hostile-" + UUID.randomUUID() + "@example.com";
        server.createCustomer(OTHER_TENANT, otherEmail, PASSWORD);
        tokens.put("another tenant's customer token", storefront.customer(OTHER_TENANT, otherEmail, PASSWORD).get("access_token").asText());
        tokens.put("another tenant's anonymous token", storefront.anonymous(OTHER_TENANT).get("access_token").asText());

        String[] parts = access.split("\\.");
        tokens.put("truncated token", access.substring(0, access.length() / 2));
        tokens.put("token without signature", parts[0] + "." + parts[1] + ".");
        tokens.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");

        JWKSet jwks = JWKSet.load(new URL(server.baseUrl() + "/realms/demo/protocol/openid-connect/certs"));
        RSAKey realmKey = (RSAKey) jwks.getKeys().stream().filter(k -> k instanceof RSAKey).findFirst().orElseThrow();
        Payload payload = new Payload(Base64.getUrlDecoder().decode(parts[1]));
        JWSObject hmac = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(realmKey.getKeyID()).type(JOSEObjectType.JWT).build(), payload);
        hmac.sign(new MACSigner(realmKey.toRSAPublicKey().getEncoded()));
        tokens.put("HS256 signed with the realm's public key", hmac.serialize());

        RSAKey foreign = new RSAKeyGenerator(2048).keyID("not-a-realm-key").generate();
        JWSObject unknownKid = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-a-realm-key").build(), payload);
        unknownKid.sign(new RSASSASigner(foreign));
        tokens.put("unknown kid", unknownKid.serialize());
        JWSObject realmKid = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(realmKey.getKeyID()).build(), payload);
        realmKid.sign(new RSASSASigner(foreign));
        tokens.put("realm kid, foreign signature", realmKid.serialize());
        long now = System.currentTimeMillis() / 1000;
        JWSObject notYetValid = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(realmKey.getKeyID()).build(),
                new Payload(Map.of("iss", server.baseUrl() + "/realms/demo", "typ", "Bearer", "nbf", now + 3600, "exp", now + 7200, "iat", now + 3600)));
        notYetValid.sign(new RSASSASigner(foreign));
        tokens.put("not yet valid", notYetValid.serialize());

        String shortEmail = "hostile-" + UUID.randomUUID() + "@example.com";
        server.createCustomer(SHORT_LIVED, shortEmail, PASSWORD);
        tokens.put("expired anonymous token", storefront.anonymous(SHORT_LIVED).get("access_token").asText());
        tokens.put("expired customer token", storefront.customer(SHORT_LIVED, shortEmail, PASSWORD).get("access_token").asText());
        Thread.sleep(3100);
        tokens.put("garbage", "garbage");
        tokens.put("empty", "");
    }

    @AfterAll
    static void report() {
        System.out.printf("HostileInputIT: %d hostile requests tried, %d answered with a 5xx, %d refused by Keycloak's request filter%n",
                tried, serverErrors, keycloakFiltered);
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (MountUnderTest mount : MountUnderTest.values()) {
            for (Hostile h : hostile(new Storefront(server, mount))) {
                all.add(Arguments.of(mount + ": " + h.name(), h));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAnsweredInTheContractsShapeWithoutLeaking(String name, Hostile h) {
        HttpResult r = server.sendBytes(h.method(), h.url(), h.body(), h.headers());
        tried++;
        if (r.status() >= 500) {
            serverErrors++;
            fail("5xx for " + name + ": " + r);
        }
        assertTrue(r.status() >= 400, () -> name + " not refused: " + r);
        if (h.method().equals("HEAD")) {
            return;
        }
        JsonNode body = r.json();
        String what = name + ": " + r;
        if ((r.status() == 400 || r.status() == 415) && KEYCLOAK_REQUEST_FILTER.contains(body.path("error").asText())) {
            // Refused by Keycloak's own request filter before any extension runs: also safe, in Keycloak's shape.
            keycloakFiltered++;
            return;
        }
        if (body.has("fault")) {
            assertFalse(body.at("/fault/faultstring").asText().isBlank(), what);
            assertFalse(body.at("/fault/detail/errorcode").asText().isBlank(), what);
        } else {
            assertEquals(r.status(), body.path("status").asInt(), what);
            assertTrue(body.path("type").asText().matches("[a-z]+(_[a-z]+)*"), what);
            assertFalse(body.path("message").asText().isBlank(), what);
        }
        for (String token : tokens.values()) {
            if (token.length() > 20) {
                assertFalse(r.body().contains(token), "echoes a token: " + r);
            }
        }
        for (String leak : LEAKS) {
            assertFalse(r.body().contains(leak), () -> "leaks '" + leak + "': " + r);
        }
        assertFalse(body.has("access_token"), r::toString);
    }

    // ---- the cases ----

    static List<Hostile> hostile(Storefront s) {
        List<Hostile> c = new ArrayList<>();
        String anon = tokens.get("anonymous access token");
        String anonLogin = s.url(TENANT, "/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront");
        String anonRefresh = s.url(TENANT, "/customerlogin/auth/anonymous/refresh?tenant=demo&client_id=storefront&refresh_token=x");
        String login = s.url(TENANT, "/customer/demo/login");
        String refresh = s.url(TENANT, "/customer/demo/refreshauthtoken?refreshToken=x");
        String validate = s.url(TENANT, "/customer/demo/validateauthtoken");
        String logout = s.url(TENANT, "/customer/demo/logout?accessToken=x");
        String oauth = s.url(TENANT, "/oauth/token");
        List<String> json = List.of("Content-Type", "application/json", "Authorization", "Bearer " + anon);

        // Wrong methods at every endpoint.
        Map<String, List<String>> right = new LinkedHashMap<>();
        right.put(anonLogin, List.of("GET", "POST"));
        right.put(anonRefresh, List.of("GET", "POST"));
        right.put(login, List.of("POST"));
        right.put(refresh, List.of("GET", "POST"));
        right.put(validate, List.of("GET", "POST"));
        right.put(logout, List.of("GET", "POST"));
        right.put(oauth, List.of("POST"));
        for (Map.Entry<String, List<String>> e : right.entrySet()) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (!e.getValue().contains(method)) {
                    c.add(new Hostile("wrong method " + method + " " + path(e.getKey()), method, e.getKey(), List.of(), null));
                }
            }
        }
        c.add(new Hostile("unknown path under customer", "GET", s.url(TENANT, "/customer/demo/nothing-here"), List.of(), null));
        c.add(new Hostile("path below an endpoint", "GET", s.url(TENANT, "/customer/demo/validateauthtoken/more"), List.of(), null));
        c.add(new Hostile("unknown path under customerlogin", "GET", s.url(TENANT, "/customerlogin/auth/anonymous/other"), List.of(), null));
        c.add(new Hostile("path below oauth/token", "POST", s.url(TENANT, "/oauth/token/more"), List.of(), null));

        // Missing, empty, duplicated and oversized parameters.
        String base = "/customerlogin/auth/anonymous/";
        for (String q : List.of("client_id=storefront", "tenant=demo", "tenant=&client_id=storefront", "tenant=demo&client_id=",
                "tenant=demo&client_id=storefront&client_id=emporix-service", "tenant=demo&tenant=othershop&client_id=storefront",
                "tenant=" + "a".repeat(3000) + "&client_id=storefront", "tenant=demo&client_id=" + "c".repeat(3000),
                "tenant=demo&client_id=storefront&currency=" + "E".repeat(2000), "tenant=demo&client_id=storefront&language=%FF%FE",
                "tenant=demo&client_id=%00", "tenant=demo&client_id=storefront%0d%0aSet-Cookie:x=y", "", "tenant", "=&=&=",
                "tenant=demo&client_id=emporix-service", "tenant=demo&client_id=admin-cli%20", "tenant=demo&client_id=nosuch")) {
            if (s.mount() == MountUnderTest.REALM && q.matches("(tenant=&)?client_id=storefront")) {
                continue; // the realm of the path is the tenant there
            }
            c.add(new Hostile("anonymous login ?" + shorten(q), "GET", s.url(TENANT, base + "login?" + q), List.of(), null));
        }
        for (String q : List.of("tenant=demo&client_id=storefront", "tenant=demo&client_id=storefront&refresh_token=",
                "tenant=demo&client_id=storefront&anonymous_token=x", "tenant=demo&client_id=storefront&refresh_token=" + "r".repeat(3000),
                "tenant=demo&client_id=storefront&refresh_token=a&refresh_token=b", "client_id=storefront&refresh_token=x",
                "tenant=demo&refresh_token=x")) {
            c.add(new Hostile("anonymous refresh ?" + shorten(q), "GET", s.url(TENANT, base + "refresh?" + q), List.of(), null));
        }
        for (String q : List.of("", "refreshToken=", "refreshToken=" + "r".repeat(3000), "refreshToken=a&refreshToken=b",
                "refreshToken=x&legalEntityId=", "refreshToken=x&legalEntityId=" + "l".repeat(2000), "refresh_token=x")) {
            c.add(new Hostile("refresh ?" + shorten(q), "GET", s.url(TENANT, "/customer/demo/refreshauthtoken?" + q), List.of(), null));
        }
        for (String q : List.of("", "accessToken=", "accessToken=" + "a".repeat(3000), "accessToken=a&accessToken=b", "access_token=x")) {
            c.add(new Hostile("logout ?" + shorten(q), "GET", s.url(TENANT, "/customer/demo/logout?" + q), List.of(), null));
        }
        for (List<String> headers : List.of(List.<String>of(), List.of("Authorization", ""), List.of("Authorization", "Bearer"),
                List.of("Authorization", "Bearer "), List.of("Authorization", "Basic dXNlcjpwYXNz"), List.of("Authorization", "Negotiate abc"),
                List.of("Authorization", "Bearer a b c"), List.of("Authorization", "Bearer " + "x".repeat(8000)),
                List.of("Authorization", "Bearer a", "Authorization", "Bearer b"), List.of("Authorization", "bearer garbage"))) {
            c.add(new Hostile("validate with " + shorten(String.join(" ", headers)), "GET", validate, headers, null));
            c.add(new Hostile("login with " + shorten(String.join(" ", headers)), "POST", login,
                    concat(List.of("Content-Type", "application/json"), headers), utf8(Storefront.json(B2C_EMAIL, B2C_PASSWORD))));
        }

        // Login bodies.
        List<String> bodies = new ArrayList<>(List.of("", " ", "null", "true", "42", "\"text\"", "[]", "[{}]", "{", "}", "{}",
                "{\"email\":}", "{'email':'a@b.c','password':'secret1'}", "{\"email\":\"a@b.c\" \"password\":\"secret1\"}",
                "{\"email\":null,\"password\":null}", "{\"email\":1,\"password\":2}", "{\"email\":true,\"password\":false}",
                "{\"email\":[],\"password\":{}}", "{\"email\":[\"a@b.c\"],\"password\":[\"secret1\"]}",
                "{\"email\":{\"$ne\":null},\"password\":{\"$ne\":null}}", "{\"email\":1e400,\"password\":123456789012345678901234567890}",
                "{\"email\":\"a@b.c\",\"password\":-0.0}", "{\"email\":\"a@b.c\"}", "{\"password\":\"secret1\"}",
                "{\"email\":\"\",\"password\":\"\"}", "{\"email\":\"a@b.c\",\"password\":\"12345\"}",
                "{\"email\":\"" + "e".repeat(1024 * 1024) + "\",\"password\":\"secret1\"}",
                "{\"email\":\"a@b.c\",\"password\":\"" + "p".repeat(1024 * 1024) + "\"}",
                "{\"email\":\"a@b.c\",\"password\":\"secret1\",\"extra\":" + "[".repeat(10000) + "]".repeat(10000) + "}",
                "{\"email\":\"a@b.c\",\"password\":\"secret1\"}{\"more\":1}",
                "\uFEFF{\"email\":\"a@b.c\",\"password\":\"secret1\"}"));
        for (String email : List.of("' OR '1'='1", "admin@example.com' --", "\" OR \"\"=\"", "${jndi:ldap://127.0.0.1/x}",
                "<script>alert(1)</script>@x.y", "a@b.c\\u0000", "../../etc/passwd", "*", "%", VICTIM + "\\n",
                "\\u202E" + VICTIM, VICTIM.toUpperCase() + " ", "{{7*7}}", "#{7*7}", "a".repeat(300) + "@b.c")) {
            bodies.add("{\"email\":\"" + email.replace("\"", "\\\"") + "\",\"password\":\"wrong-password\"}");
        }
        for (String b : bodies) {
            c.add(new Hostile("login body " + shorten(b), "POST", login, json, utf8(b)));
        }
        c.add(new Hostile("login body invalid UTF-8", "POST", login, json, new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx")) {
            c.add(new Hostile("login content type " + type, "POST", login, List.of("Content-Type", type, "Authorization", "Bearer " + anon),
                    utf8(Storefront.json(B2C_EMAIL, B2C_PASSWORD))));
        }

        // Service token bodies.
        List<String> formJson = List.of("Content-Type", "application/json");
        List<String> form = List.of("Content-Type", "application/x-www-form-urlencoded");
        for (String b : List.of("", "{}", "[]", "null", "{\"grant_type\":1}", "{\"grant_type\":[\"client_credentials\"]}",
                "{\"grant_type\":\"client_credentials\",\"client_id\":{},\"client_secret\":\"x\",\"tenant\":\"demo\"}", "{grant_type:client_credentials}",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"emporix-service\",\"client_secret\":\"" + "s".repeat(20000) + "\"}")) {
            c.add(new Hostile("oauth json " + shorten(b), "POST", oauth, formJson, utf8(b)));
        }
        for (String b : List.of("grant_type=client_credentials", "grant_type=refresh_token&client_id=emporix-service&client_secret=x&tenant=demo",
                "grant_type=client_credentials&client_id=emporix-service&client_secret=wrong&tenant=demo",
                "grant_type=client_credentials&client_id=emporix-service' OR '1'='1&client_secret=x&tenant=demo",
                "grant_type=client_credentials&client_id=emporix-service&client_secret=x&tenant=../../master",
                "grant_type=client_credentials&client_id=emporix-service&client_secret=x&scope=tenant%3Dmaster",
                "grant_type=client_credentials&client_id=storefront&client_secret=&tenant=demo", "a=%zz", "%%%", "&&&===",
                "grant_type=client_credentials&client_id=emporix-service&client_secret=x&tenant=demo&scope=" + "s".repeat(3000))) {
            c.add(new Hostile("oauth form " + shorten(b), "POST", oauth, form, utf8(b)));
        }
        c.add(new Hostile("oauth form invalid UTF-8", "POST", oauth, form, new byte[] {'g', '=', (byte) 0xFF, (byte) 0xFE}));
        c.add(new Hostile("oauth multipart body", "POST", oauth, List.of("Content-Type", "multipart/form-data; boundary=x"), utf8("--x\r\nbroken")));
        c.add(new Hostile("oauth text body", "POST", oauth, List.of("Content-Type", "text/plain"), utf8("grant_type=client_credentials")));
        c.add(new Hostile("oauth with Basic garbage", "POST", oauth, concat(form, List.of("Authorization", "Basic !!!")), utf8("grant_type=client_credentials&tenant=demo")));
        c.add(new Hostile("oauth with wrong Basic credentials", "POST", oauth, concat(form, List.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("emporix-service:wrong".getBytes(StandardCharsets.UTF_8)))), utf8("grant_type=client_credentials&tenant=demo")));

        // Hostile tenants, in the path and in the query.
        for (String tenant : List.of("..", "%2e%2e", "..%2f..%2fmaster", "de%2fmo", "master", "plainrealm", "nosuchtenant", "d%C3%A9mo",
                "demo%00", "de%20mo", "%2a", "%25", "'%20OR%20'1'%3D'1", "a".repeat(300), "%F0%9F%9B%92", "demo;x=1")) {
            c.add(new Hostile("validate for tenant " + shorten(tenant), "GET", s.url(TENANT, "/customer/" + tenant + "/validateauthtoken"),
                    List.of("Authorization", "Bearer " + tokens.get("customer access token")), null));
            if (!tenant.contains(";")) {
                // In a query string ';' separates parameters, which would make this one a plain tenant=demo.
                c.add(new Hostile("anonymous login for tenant " + shorten(tenant), "GET",
                        s.url(TENANT, base + "login?client_id=storefront&tenant=" + tenant), List.of(), null));
            }
        }

        // Every token kind where it does not belong.
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            String kind = t.getKey();
            String token = t.getValue();
            if (!kind.equals("anonymous access token")) {
                c.add(new Hostile("login with " + kind, "POST", login, List.of("Content-Type", "application/json", "Authorization", "Bearer " + token),
                        utf8(Storefront.json(B2C_EMAIL, B2C_PASSWORD))));
            }
            if (!kind.equals("customer refresh token")) {
                c.add(new Hostile("refresh with " + kind, "GET", s.url(TENANT, "/customer/demo/refreshauthtoken?refreshToken=" + Server.enc(token)), List.of(), null));
            }
            if (!kind.equals("customer access token")) {
                c.add(new Hostile("validate with " + kind, "GET", validate, List.of("Authorization", "Bearer " + token), null));
                c.add(new Hostile("logout with " + kind, "GET", s.url(TENANT, "/customer/demo/logout?accessToken=" + Server.enc(token)),
                        List.of("Authorization", "Bearer " + token), null));
            }
            if (!kind.equals("anonymous refresh token")) {
                c.add(new Hostile("anonymous refresh with " + kind, "GET",
                        s.url(TENANT, base + "refresh?tenant=demo&client_id=storefront&refresh_token=" + Server.enc(token)), List.of(), null));
            }
            c.add(new Hostile("service token with " + kind + " as secret", "POST", oauth, form,
                    utf8("grant_type=client_credentials&client_id=emporix-service&tenant=demo&client_secret=" + Server.enc(token))));
        }
        return c;
    }

    private static String path(String url) {
        return url.replaceFirst("https?://[^/]+", "").replaceFirst("\\?.*", "");
    }

    private static String shorten(String s) {
        String flat = s.replaceAll("\\s", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 40) + "…(" + flat.length() + " chars)";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(s));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
