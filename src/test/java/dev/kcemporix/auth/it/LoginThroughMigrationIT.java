package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Login-through migration (docs/endpoints.md, *Moving from Emporix*): the source shop is another
 * tenant of the Keycloak under test, served by the extension over HTTP, so it answers as an Emporix
 * tenant does. The target tenant has the {@code emporix-migration} user-federation provider
 * pointing at it; a third tenant points at a closed port, a fourth at a server that accepts and
 * never answers.
 */
@ExtendWith(KeycloakExtension.class)
class LoginThroughMigrationIT {

    static final String SOURCE = "migsource";
    static final String TARGET = "migtarget";
    static final String DOWN = "migdown";
    static final String SILENT = "migsilent";
    static final String LEGAL_ENTITY = "LE-MIG-1";
    static Server server;
    static ServerSocket silentSource;
    static final List<Socket> heldOpen = new ArrayList<>();
    static Thread acceptor;

    @BeforeAll
    static void shops(Server running) throws IOException {
        server = running;
        // The source records its logins: a test can tell whether the target asked it.
        server.ensureRealm(
                SOURCE,
                true,
                Map.of(
                        "organizationsEnabled",
                        true,
                        "eventsEnabled",
                        true,
                        "enabledEventTypes",
                        List.of("LOGIN", "LOGIN_ERROR")),
                Map.of());
        Map<String, Object> events = Map.of("eventsEnabled", true);
        server.ensureRealm(
                TARGET,
                true,
                Map.of("eventsEnabled", true, "organizationsEnabled", true),
                Map.of());
        server.ensureRealm(DOWN, true, events, Map.of());
        server.ensureRealm(SILENT, true, events, Map.of());
        addMigration(TARGET, server.baseUrl(), SOURCE);
        // A low failure factor, so that counting refused passwords of addresses that have no user
        // yet shows in a few tries.
        HttpResult bruteForce =
                server.admin(
                        "PUT",
                        "/" + TARGET,
                        Map.of("bruteForceProtected", true, "failureFactor", 3));
        assertEquals(204, bruteForce.status(), bruteForce::toString);
        try (ServerSocket closed =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            addMigration(DOWN, "http://127.0.0.1:" + closed.getLocalPort(), SOURCE);
        }
        // Accepts connections and never answers: the source that hangs.
        silentSource = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        acceptor =
                new Thread(
                        () -> {
                            while (!silentSource.isClosed()) {
                                try {
                                    Socket socket = silentSource.accept();
                                    synchronized (heldOpen) {
                                        heldOpen.add(socket);
                                    }
                                } catch (IOException closedNow) {
                                    return;
                                }
                            }
                        },
                        "silent-source");
        acceptor.setDaemon(true);
        acceptor.start();
        addMigration(SILENT, "http://127.0.0.1:" + silentSource.getLocalPort(), SOURCE);
        if (server.adminJson("/" + TARGET + "/organizations?search=mig-target").isEmpty()) {
            server.createOrganization(
                    TARGET, "mig-target", true, Map.of("legalEntityId", List.of(LEGAL_ENTITY)));
        }
    }

    @AfterAll
    static void stopSilentSource() throws IOException {
        silentSource.close();
        synchronized (heldOpen) {
            for (Socket socket : heldOpen) {
                socket.close();
            }
        }
    }

    static void addMigration(String realm, String baseUrl, String sourceTenant) {
        String realmId = server.adminJson("/" + realm).get("id").asText();
        if (!server.adminJson(
                        "/" + realm + "/components?type=org.keycloak.storage.UserStorageProvider")
                .isEmpty()) {
            return;
        }
        HttpResult created =
                server.admin(
                        "POST",
                        "/" + realm + "/components",
                        component(realmId, baseUrl, sourceTenant));
        assertEquals(201, created.status(), created::toString);
    }

    static Map<String, Object> component(String realmId, String baseUrl, String sourceTenant) {
        return Map.of(
                "name",
                "emporix source",
                "providerId",
                "emporix-migration",
                "providerType",
                "org.keycloak.storage.UserStorageProvider",
                "parentId",
                realmId,
                "config",
                Map.of(
                        "baseUrl",
                        List.of(baseUrl),
                        "tenant",
                        List.of(sourceTenant),
                        "clientId",
                        List.of("storefront")));
    }

    /**
     * A customer of the source shop, with a profile, a customer number and a legal entity; returns
     * their customer number.
     */
    static String sourceCustomer(String email, String password) {
        String number = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String id =
                server.createCustomer(
                        SOURCE,
                        email,
                        password,
                        Map.of(
                                "customerNumber",
                                List.of(number),
                                "company",
                                List.of("Old Shop GmbH"),
                                "preferredLanguage",
                                List.of("de")));
        String alias = "src-" + UUID.randomUUID().toString().substring(0, 6);
        String organization =
                server.createOrganization(
                        SOURCE, alias, true, Map.of("legalEntityId", List.of(LEGAL_ENTITY)));
        server.addMember(SOURCE, organization, id);
        return number;
    }

    static String email() {
        return "moving-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static JsonNode targetUsers(String realm, String email) {
        return server.adminJson("/" + realm + "/users?exact=true&email=" + Server.enc(email));
    }

    static HttpResult keycloakPasswordGrant(String realm, String email, String password) {
        return server.passwordGrant(realm, email, password);
    }

    /** Neither Keycloak's log nor the realm's stored events carry {@code password}. */
    static void assertNotLeaked(String realm, String password) throws IOException {
        String log = server.log();
        assertTrue(log.contains("Keycloak"), "the server's log is read");
        assertFalse(log.contains(password), "the password is in the server log");
        assertFalse(
                server.adminJson("/" + realm + "/events?max=500").toString().contains(password),
                "the password is in an event");
    }

    @Test
    void aSourceCustomerMovesInOnTheFirstLoginAndIsLocalFromThen() throws IOException {
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        String email = email();
        String password = "first-" + UUID.randomUUID();
        String number = sourceCustomer(email, password);
        assertTrue(targetUsers(TARGET, email).isEmpty());

        JsonNode login = storefront.customer(TARGET, email, password);
        JsonNode users = targetUsers(TARGET, email);
        assertEquals(1, users.size(), users::toString);
        JsonNode user = users.get(0);
        assertFalse(user.has("federationLink"), "a local customer: " + user);
        // The source vouches for the password, not for the mailbox: its /me reports no verified
        // address.
        assertFalse(user.get("emailVerified").asBoolean(), user::toString);
        assertEquals(number, user.at("/attributes/customerNumber/0").asText(), user::toString);
        assertEquals("Old Shop GmbH", user.at("/attributes/company/0").asText(), user::toString);
        assertEquals("Test", user.get("firstName").asText());
        String userId = user.get("id").asText();
        JsonNode credentials = server.adminJson("/" + TARGET + "/users/" + userId + "/credentials");
        assertEquals(1, credentials.size(), credentials::toString);
        assertTrue(
                credentials.get(0).get("credentialData").asText().contains("argon2"),
                "the realm's own hashing: " + credentials);
        assertTrue(
                server.events(TARGET, "REGISTER", userId).toString().contains("emporix-migration"),
                "a REGISTER event says how the customer came");

        HttpResult me =
                server.get(
                        storefront.url(TARGET, "/customer/" + TARGET + "/me"),
                        "Authorization",
                        "Bearer " + login.get("access_token").asText());
        assertEquals(200, me.status(), me::toString);
        assertEquals(number, me.json().get("customerNumber").asText(), me::toString);
        assertEquals(LEGAL_ENTITY, me.json().at("/b2b/legalEntities/0/id").asText(), me::toString);

        // The source's password changes: the target does not ask the source again, the moved-in
        // password stays.
        String sourceId = server.userId(SOURCE, email);
        HttpResult reset =
                server.admin(
                        "PUT",
                        "/" + SOURCE + "/users/" + sourceId + "/reset-password",
                        Map.of(
                                "type",
                                "password",
                                "value",
                                "changed-at-source-1",
                                "temporary",
                                false));
        assertEquals(204, reset.status(), reset::toString);
        assertEquals(200, keycloakPasswordGrant(TARGET, email, password).status());
        int sourceLogins = sourceLogins(email);
        HttpResult sourcesNew = keycloakPasswordGrant(TARGET, email, "changed-at-source-1");
        assertWrongPassword(sourcesNew);
        assertEquals(
                sourceLogins,
                sourceLogins(email),
                "a local customer's password never goes to the source");
        assertEquals(1, targetUsers(TARGET, email).size());
        assertNotLeaked(TARGET, password);
    }

    @Test
    void aWrongPasswordOrAnUnknownAddressIsAnOrdinary401AndLeavesNothingBehind()
            throws IOException {
        Storefront storefront = new Storefront(server, MountUnderTest.REALM);
        String email = email();
        String password = "right-" + UUID.randomUUID();
        sourceCustomer(email, password);
        String anonymous = storefront.anonymous(TARGET).get("access_token").asText();

        HttpResult wrong = storefront.login(TARGET, anonymous, email, "wrong-" + UUID.randomUUID());
        Storefront.assertStandardError(401, wrong);
        assertTrue(
                targetUsers(TARGET, email).isEmpty(), "nothing is created for a refused password");

        String unknown = email();
        HttpResult nobody = storefront.login(TARGET, anonymous, unknown, password);
        Storefront.assertStandardError(401, nobody);
        assertEquals(
                wrong.json().get("message").asText(),
                nobody.json().get("message").asText(),
                "the two refusals look alike");
        assertTrue(targetUsers(TARGET, unknown).isEmpty());

        // The right password after a wrong one: in at once.
        HttpResult right = storefront.login(TARGET, anonymous, email, password);
        assertEquals(200, right.status(), right::toString);
        assertEquals(1, targetUsers(TARGET, email).size());
        assertNotLeaked(TARGET, password);
    }

    @Test
    void refusedPasswordsOfOneAddressAreCountedAndStopAskingTheSource() {
        String email = email();
        String password = "counted-" + UUID.randomUUID();
        sourceCustomer(email, password);
        for (int i = 0; i < 3; i++) {
            assertWrongPassword(
                    keycloakPasswordGrant(TARGET, email, "wrong-" + i + "-" + UUID.randomUUID()));
        }
        assertEquals(3, sourceLogins(email), "each refusal asked the source once");
        // The realm's failure factor reached: the source is not asked, not even with the right
        // password.
        assertWrongPassword(keycloakPasswordGrant(TARGET, email, password));
        assertEquals(3, sourceLogins(email), "the source was not asked again");
        assertTrue(targetUsers(TARGET, email).isEmpty());
    }

    @Test
    void refusalsAtTheSameMomentAllCount() throws Exception {
        String email = email();
        String password = "parallel-" + UUID.randomUUID();
        sourceCustomer(email, password);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<HttpResult>> wrong = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String guess = "parallel-wrong-" + i;
                wrong.add(pool.submit(() -> keycloakPasswordGrant(TARGET, email, guess)));
            }
            for (var answer : wrong) {
                assertWrongPassword(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int asked = sourceLogins(email);
        assertWrongPassword(keycloakPasswordGrant(TARGET, email, password));
        assertEquals(
                asked,
                sourceLogins(email),
                "the failure factor was reached by refusals at once: the source is not asked");
    }

    @Test
    void aFormWithAPasswordOnAnyOtherPathAsksTheSourceNothing() throws Exception {
        String email = email();
        String password = "elsewhere-" + UUID.randomUUID();
        sourceCustomer(email, password);
        String realm =
                realmWithSource(
                        "migreset",
                        Map.of("resetPasswordAllowed", true),
                        server.baseUrl(),
                        Map.of());
        String redirect = "http://127.0.0.1:9/callback";
        assertEquals(
                201,
                server.admin(
                                "POST",
                                "/" + realm + "/clients",
                                Map.of(
                                        "clientId",
                                        "shop-page",
                                        "publicClient",
                                        true,
                                        "standardFlowEnabled",
                                        true,
                                        "redirectUris",
                                        List.of(redirect)))
                        .status());
        // Keycloak's "forgot password" form looks the address up; a form that also carries
        // grant_type and a password is still no login.
        HttpClient browser =
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> login =
                browser.send(
                        withCookies(
                                        HttpRequest.newBuilder(
                                                URI.create(authorization(realm, redirect))),
                                        cookies)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        keep(login, cookies);
        Matcher link =
                Pattern.compile("href=\"([^\"]*login-actions/reset-credentials[^\"]*)\"")
                        .matcher(login.body());
        assertTrue(link.find(), () -> "a forgot-password link: " + login.body());
        HttpResponse<String> resetPage =
                browser.send(
                        withCookies(
                                        HttpRequest.newBuilder(
                                                URI.create(server.baseUrl())
                                                        .resolve(
                                                                link.group(1)
                                                                        .replace("&amp;", "&"))),
                                        cookies)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        for (int hop = 0; hop < 3 && resetPage.statusCode() / 100 == 3; hop++) {
            keep(resetPage, cookies);
            String next = resetPage.headers().firstValue("Location").orElseThrow();
            resetPage =
                    browser.send(
                            withCookies(
                                            HttpRequest.newBuilder(
                                                    URI.create(server.baseUrl()).resolve(next)),
                                            cookies)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        }
        keep(resetPage, cookies);
        String resetForm = resetPage.body();
        HttpResponse<String> answer =
                browser.send(
                        withCookies(
                                        HttpRequest.newBuilder(
                                                URI.create(server.baseUrl())
                                                        .resolve(formAction(resetForm))),
                                        cookies)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                Server.formEncode(
                                                        Map.of(
                                                                "username",
                                                                email,
                                                                "grant_type",
                                                                "password",
                                                                "password",
                                                                password))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.statusCode() < 500, () -> answer.statusCode() + " " + answer.body());
        assertEquals(
                0, sourceLogins(email), "the source was asked from a request that is no login");
        assertTrue(targetUsers(realm, email).isEmpty(), "nobody moved in");
    }

    /** The logins (successful and refused) the source recorded for {@code email}'s customer. */
    static int sourceLogins(String email) {
        String id = server.userId(SOURCE, email);
        return server.events(SOURCE, "LOGIN", id).size()
                + server.events(SOURCE, "LOGIN_ERROR", id).size();
    }

    /**
     * Keycloak's token endpoint refusing a password: invalid_grant (26.7: 400, 26.5: 401), never a
     * server error.
     */
    static void assertWrongPassword(HttpResult r) {
        assertTrue(r.status() == 400 || r.status() == 401, r::toString);
        assertEquals("invalid_grant", r.json().path("error").asText(), r::toString);
    }

    @Test
    void twoFirstLoginsAtOnceMoveOneCustomerIn() throws Exception {
        String email = email();
        String password = "race-" + UUID.randomUUID();
        sourceCustomer(email, password);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<HttpResult>> logins = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                logins.add(pool.submit(() -> keycloakPasswordGrant(TARGET, email, password)));
            }
            int ok = 0;
            for (var login : logins) {
                HttpResult r = login.get();
                // Keycloak's brute-force detector may refuse a second login of one account in
                // flight (401); never a server error.
                assertTrue(
                        r.status() == 200 || r.status() == 400 || r.status() == 401, r::toString);
                ok += r.status() == 200 ? 1 : 0;
            }
            assertTrue(ok >= 1, "at least one of the two logs in");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, targetUsers(TARGET, email).size());
        assertEquals(200, keycloakPasswordGrant(TARGET, email, password).status());
    }

    @Test
    void keycloaksOwnTokenEndpointMovesCustomersInToo() throws IOException {
        String email = email();
        String password = "grant-" + UUID.randomUUID();
        String number = sourceCustomer(email, password);
        HttpResult grant =
                keycloakPasswordGrant(TARGET, email.toUpperCase(java.util.Locale.ROOT), password);
        assertEquals(200, grant.status(), grant::toString);
        assertEquals(
                number,
                targetUsers(TARGET, email).get(0).at("/attributes/customerNumber/0").asText());
        assertNotLeaked(TARGET, password);
    }

    @Test
    void keycloaksLoginPageMovesCustomersInToo() throws Exception {
        String email = email();
        String password = "page-" + UUID.randomUUID();
        sourceCustomer(email, password);
        String redirect = "http://127.0.0.1:9/callback";
        if (server.adminJson("/" + TARGET + "/clients?clientId=shop-page").isEmpty()) {
            HttpResult client =
                    server.admin(
                            "POST",
                            "/" + TARGET + "/clients",
                            Map.of(
                                    "clientId",
                                    "shop-page",
                                    "publicClient",
                                    true,
                                    "standardFlowEnabled",
                                    true,
                                    "redirectUris",
                                    List.of(redirect)));
            assertEquals(201, client.status(), client::toString);
        }
        // A form-posting client with its own cookie jar (the JDK's CookieManager keeps no cookies
        // for an IP host).
        HttpClient browser =
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> answer =
                browser.send(
                        withCookies(
                                        HttpRequest.newBuilder(
                                                URI.create(authorization(TARGET, redirect))),
                                        cookies)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        // The page may ask for the username first (identity-first login where the realm has
        // organizations), then the password.
        for (int step = 0; step < 3 && answer.statusCode() == 200; step++) {
            keep(answer, cookies);
            String page = answer.body();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", email);
            if (page.contains("name=\"password\"")) {
                form.put("password", password);
            }
            answer =
                    browser.send(
                            withCookies(
                                            HttpRequest.newBuilder(URI.create(formAction(page))),
                                            cookies)
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    Server.formEncode(form)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        }
        assertNotNull(answer);
        HttpResponse<String> last = answer;
        assertEquals(302, last.statusCode(), () -> "the login page did not log in: " + last.body());
        assertTrue(
                answer.headers().firstValue("Location").orElse("").startsWith(redirect + "?"),
                answer.headers()::toString);
        assertTrue(
                answer.headers().firstValue("Location").orElse("").contains("code="),
                answer.headers()::toString);
        assertEquals(1, targetUsers(TARGET, email).size());
        assertNotLeaked(TARGET, password);
    }

    /**
     * Keycloak's authorization endpoint of {@code realm} for the client shop-page, sending the
     * browser back to {@code redirect}.
     */
    static String authorization(String realm, String redirect) {
        return server.baseUrl()
                + "/realms/"
                + realm
                + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=shop-page&redirect_uri="
                + Server.enc(redirect);
    }

    static HttpRequest.Builder withCookies(
            HttpRequest.Builder request, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    String.join(
                            "; ",
                            cookies.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .toList()));
        }
        return request;
    }

    static void keep(HttpResponse<String> response, Map<String, String> cookies) {
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
    }

    static String formAction(String page) {
        Matcher m = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), () -> "a login form: " + page);
        return m.group(1).replace("&amp;", "&");
    }

    @Test
    void aSourceThatDoesNotAnswerIsA503ThatCountsNothing() throws IOException {
        for (String realm : List.of(DOWN, SILENT)) {
            Storefront storefront =
                    new Storefront(
                            server,
                            realm.equals(DOWN) ? MountUnderTest.ROOT : MountUnderTest.REALM);
            String email = email();
            String password = "down-" + UUID.randomUUID();
            sourceCustomer(email, password);
            String anonymous = storefront.anonymous(realm).get("access_token").asText();
            HttpResult ours = storefront.login(realm, anonymous, email, password);
            assertEquals(503, ours.status(), realm + ": " + ours);
            assertEquals("migration_unavailable", ours.json().get("type").asText(), ours::toString);

            HttpResult keycloaks = keycloakPasswordGrant(realm, email, password);
            assertEquals(503, keycloaks.status(), realm + ": " + keycloaks);
            assertEquals(
                    "migration_unavailable",
                    keycloaks.json().get("error").asText(),
                    keycloaks::toString);

            assertTrue(targetUsers(realm, email).isEmpty());
            JsonNode errors = server.adminJson("/" + realm + "/events?type=LOGIN_ERROR&max=100");
            assertTrue(errors.toString().contains("migration_unavailable"), errors::toString);
            assertFalse(
                    errors.toString().contains("invalid_user_credentials"),
                    "nothing counted as a wrong password: " + errors);
            assertNotLeaked(realm, password);
        }
        // An address the realm knows is never sent to the source: it logs in while the source is
        // down,
        // also as the username of a customer whose e-mail is another address (Keycloak asks by
        // e-mail first).
        String local = email();
        server.createCustomer(DOWN, local, "local-pass-1");
        assertEquals(200, keycloakPasswordGrant(DOWN, local, "local-pass-1").status());
        String username = email();
        HttpResult created =
                server.admin(
                        "POST",
                        "/" + DOWN + "/users",
                        Map.of(
                                "username",
                                username,
                                "email",
                                email(),
                                "emailVerified",
                                true,
                                "enabled",
                                true,
                                "firstName",
                                "Local",
                                "lastName",
                                "Name",
                                "credentials",
                                List.of(
                                        Map.of(
                                                "type",
                                                "password",
                                                "value",
                                                "local-pass-2",
                                                "temporary",
                                                false))));
        assertEquals(201, created.status(), created::toString);
        HttpResult byUsername = keycloakPasswordGrant(DOWN, username, "local-pass-2");
        assertEquals(200, byUsername.status(), byUsername::toString);
    }

    @Test
    void theConsoleRefusesASourceItCannotAsk() {
        String realmId = server.adminJson("/" + TARGET).get("id").asText();
        for (Map<String, Object> bad :
                List.of(
                        component(realmId, "ftp://source.example", SOURCE),
                        component(realmId, "https://user:secret@source.example", SOURCE),
                        component(realmId, "not a url", SOURCE),
                        component(realmId, "http://source.example", SOURCE),
                        component(realmId, "http://127.attacker.example", SOURCE),
                        component(realmId, "http://localhost.attacker.example:8080", SOURCE),
                        component(realmId, "https://source.example", "Not A Tenant"))) {
            HttpResult refused = server.admin("POST", "/" + TARGET + "/components", bad);
            assertEquals(400, refused.status(), () -> bad + ": " + refused);
        }
    }

    @Test
    void aBrowserStorefrontReadsTheUnavailableAnswerToo() {
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        String email = email();
        sourceCustomer(email, "cors-pass-1");
        String anonymous = storefront.anonymous(DOWN).get("access_token").asText();
        HttpResult r =
                server.post(
                        storefront.url(DOWN, "/customer/" + DOWN + "/login"),
                        "application/json",
                        Storefront.json(email, "cors-pass-1"),
                        "Authorization",
                        "Bearer " + anonymous,
                        "Origin",
                        "http://localhost:3000");
        assertEquals(503, r.status(), r::toString);
        assertEquals(
                "http://localhost:3000",
                r.header("Access-Control-Allow-Origin"),
                "a browser sees the 503, not a network error: " + r.headers());
        // Keycloak's own token endpoint too: its CORS covers its own refusals only.
        HttpResult keycloaks = corsLogin(email, "http://localhost:3000");
        assertEquals(503, keycloaks.status(), keycloaks::toString);
        assertEquals(
                "http://localhost:3000",
                keycloaks.header("Access-Control-Allow-Origin"),
                keycloaks.headers()::toString);
        HttpResult stranger = corsLogin(email, "https://evil.example");
        assertEquals(
                null,
                stranger.header("Access-Control-Allow-Origin"),
                "no CORS for an origin the client does not list");
    }

    /**
     * Keycloak's own password grant at the tenant whose source is down, from a browser at {@code
     * origin}.
     */
    static HttpResult corsLogin(String email, String origin) {
        return server.postForm(
                server.baseUrl() + "/realms/" + DOWN + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "storefront",
                        "username",
                        email,
                        "password",
                        "cors-pass-1"),
                "Origin",
                origin);
    }

    /**
     * A source that accepts connections and never answers, counting them; the realm {@code name}
     * asks it.
     */
    static final class SilentSource implements AutoCloseable {
        final ServerSocket socket =
                new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final java.util.concurrent.atomic.AtomicInteger accepted =
                new java.util.concurrent.atomic.AtomicInteger();
        final List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());

        SilentSource() throws IOException {
            Thread thread =
                    new Thread(
                            () -> {
                                while (!socket.isClosed()) {
                                    try {
                                        open.add(socket.accept());
                                        accepted.incrementAndGet();
                                    } catch (IOException closed) {
                                        return;
                                    }
                                }
                            },
                            "silent-source-counted");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    static String realmAsking(SilentSource source, Map<String, String> settings) {
        return realmWithSource(
                "migsilent",
                Map.of(),
                "http://127.0.0.1:" + source.socket.getLocalPort(),
                settings);
    }

    /**
     * A new tenant ({@code prefix} and a random tail) whose migration provider asks {@code
     * baseUrl}, with the provider's further {@code settings}.
     */
    static String realmWithSource(
            String prefix,
            Map<String, Object> realmSettings,
            String baseUrl,
            Map<String, String> settings) {
        String realm = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> all = new LinkedHashMap<>(realmSettings);
        all.put("eventsEnabled", true);
        server.ensureRealm(realm, true, all, Map.of());
        Map<String, Object> component =
                new LinkedHashMap<>(
                        component(
                                server.adminJson("/" + realm).get("id").asText(), baseUrl, SOURCE));
        @SuppressWarnings("unchecked")
        Map<String, Object> config =
                new LinkedHashMap<>((Map<String, Object>) component.get("config"));
        settings.forEach((name, value) -> config.put(name, List.of(value)));
        component.put("config", config);
        HttpResult created = server.admin("POST", "/" + realm + "/components", component);
        assertEquals(201, created.status(), created::toString);
        return realm;
    }

    @Test
    void afterRepeatedFailuresTheSourceIsLeftAloneOnEveryNode() throws Exception {
        try (SilentSource source = new SilentSource()) {
            String realm = realmAsking(source, Map.of("failuresToOpen", "2", "openSeconds", "120"));
            for (int i = 0; i < 2; i++) {
                assertEquals(503, keycloakPasswordGrant(realm, email(), "pass-" + i).status());
            }
            int asked = source.accepted.get();
            assertTrue(asked >= 2, "each of the first logins asked the source: " + asked);
            for (int i = 0; i < 3; i++) {
                HttpResult r = keycloakPasswordGrant(realm, email(), "pass-more-" + i);
                assertEquals(503, r.status(), r::toString);
                assertEquals("migration_unavailable", r.json().get("error").asText(), r::toString);
            }
            assertEquals(asked, source.accepted.get(), "the open circuit asked the source no more");
        }
    }

    @Test
    void atMostTheAllowedNumberOfLoginsWaitForTheSourceAtOnce() throws Exception {
        try (SilentSource source = new SilentSource()) {
            String realm =
                    realmAsking(source, Map.of("maxConcurrentCalls", "1", "failuresToOpen", "100"));
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<HttpResult>> logins = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String email = email();
                    logins.add(
                            pool.submit(
                                    () -> keycloakPasswordGrant(realm, email, "capped-pass-1")));
                }
                for (var login : logins) {
                    assertEquals(503, login.get().status());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(
                    1,
                    source.accepted.get(),
                    "one login waited for the source, the others were answered at once");
        }
    }

    @Test
    void legalEntitiesComeFromTheSourceOnlyWhereTheProviderTrustsIt() {
        String realm =
                realmWithSource(
                        "migdistrust",
                        Map.of("organizationsEnabled", true),
                        server.baseUrl(),
                        Map.of("trustLegalEntities", "false"));
        server.createOrganization(
                realm,
                "distrust-" + UUID.randomUUID().toString().substring(0, 6),
                true,
                Map.of("legalEntityId", List.of(LEGAL_ENTITY)));
        String email = email();
        sourceCustomer(email, "distrust-pass-1");
        assertEquals(200, keycloakPasswordGrant(realm, email, "distrust-pass-1").status());
        String userId = targetUsers(realm, email).get(0).get("id").asText();
        assertEquals(
                0,
                server.adminJson(
                                "/" + realm + "/organizations/members/" + userId + "/organizations")
                        .size(),
                "no membership from the source's word");
    }
}
