package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential suite: a table of states of a tenant, each sent once to Keycloak's own endpoint
 * and once to ours, on both mounts. Ours must refuse exactly where Keycloak refuses, with the
 * status the contract gives Keycloak's refusal ({@link #contractStatus}). Each state gets a fresh
 * realm; tokens are obtained before the state is applied. Adding a row is one line in {@link
 * #states()}. The table is printed at the end.
 */
@ExtendWith(KeycloakExtension.class)
class KeycloakParityIT {

    static final String PASSWORD = "parity-pass-1";
    static final String SECRET = "parity-secret-1";
    static Server server;
    static final List<String> TABLE = new ArrayList<>();

    /** One state of a tenant; {@code apply} gets the server and the realm's name. */
    record State(String name, BiConsumer<Server, String> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<State> states() {
        return List.of(
                new State("nothing changed", (s, r) -> {}),
                new State("realm disabled", (s, r) -> updateRealm(s, r, Map.of("enabled", false))),
                new State(
                        "sslRequired all",
                        (s, r) -> updateRealm(s, r, Map.of("sslRequired", "all"))),
                new State(
                        "clients disabled",
                        (s, r) -> {
                            updateClient(s, r, "storefront", Map.of("enabled", false));
                            updateClient(s, r, "service", Map.of("enabled", false));
                        }),
                new State(
                        "direct access grants off",
                        (s, r) ->
                                updateClient(
                                        s,
                                        r,
                                        "storefront",
                                        Map.of("directAccessGrantsEnabled", false))),
                new State("user disabled", (s, r) -> updateUser(s, r, Map.of("enabled", false))),
                // Not "update password": the contract logs a customer with a temporary password in
                // (initialPassword: true).
                new State(
                        "user with a required action",
                        (s, r) ->
                                updateUser(
                                        s, r, Map.of("requiredActions", List.of("VERIFY_EMAIL")))),
                new State("user locked by brute force", KeycloakParityIT::lockUser),
                new State(
                        "client policy rejecting the password grant",
                        KeycloakParityIT::rejectPasswordGrant),
                new State(
                        "clients bound to DPoP",
                        (s, r) -> {
                            updateClient(
                                    s,
                                    r,
                                    "storefront",
                                    Map.of(
                                            "attributes",
                                            Map.of("dpop.bound.access.tokens", "true")));
                            updateClient(
                                    s,
                                    r,
                                    "service",
                                    Map.of(
                                            "attributes",
                                            Map.of("dpop.bound.access.tokens", "true")));
                        }),
                new State("oversized parameters", (s, r) -> {}));
    }

    @BeforeAll
    static void start(Server running) {
        server = running;
    }

    @AfterAll
    static void print() {
        System.out.println(
                "Differential table: accepted (A) or refused (status) by Keycloak's endpoint | ours"
                        + " at the root | ours on the realm mount (login: password grant; refresh:"
                        + " refresh_token grant; service token: client_credentials grant; validate:"
                        + " introspection, then userinfo)");
        System.out.printf(
                "%-45s %-28s %-28s %-28s %-28s%n",
                "state", "login", "refresh", "service token", "validate");
        TABLE.forEach(System.out::println);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void oursRefusesExactlyWhereKeycloakRefuses(State state) {
        String realm =
                "parity-"
                        + TABLE.size()
                        + "-"
                        + state.name().replaceAll("[^a-z]", "").substring(0, 6);
        createTenant(realm);
        boolean oversized = state.name().startsWith("oversized");
        Map<String, Side> sides = new LinkedHashMap<>();
        sides.put("keycloak", new Side(null, realm));
        sides.put("root", new Side(MountUnderTest.ROOT, realm));
        sides.put("realm", new Side(MountUnderTest.REALM, realm));
        sides.values().forEach(Side::prepare);

        state.apply().accept(server, realm);

        Map<String, Map<String, Answer>> results = new LinkedHashMap<>();
        for (String op : List.of("login", "refresh", "service token", "validate")) {
            Map<String, Answer> byside = new LinkedHashMap<>();
            sides.forEach((name, side) -> byside.put(name, side.send(op, oversized)));
            results.put(op, byside);
        }
        StringBuilder row = new StringBuilder(String.format("%-45s", state.name()));
        results.forEach(
                (op, byside) ->
                        row.append(
                                String.format(
                                        " %-28s",
                                        byside.values().stream().map(Answer::mark).toList())));
        TABLE.add(row.toString());

        results.forEach(
                (op, byside) -> {
                    int expected =
                            oversized && op.equals("refresh")
                                    ? OVERSIZED_PARAMETER
                                    : contractStatus(byside.get("keycloak"));
                    assertEquals(
                            expected,
                            byside.get("root").status(),
                            state + ", " + op + ": " + byside);
                    assertEquals(
                            expected,
                            byside.get("realm").status(),
                            state + ", " + op + ": " + byside);
                });
        if (state.name().equals("nothing changed")) {
            results.forEach(
                    (op, byside) ->
                            assertTrue(
                                    byside.get("keycloak").accepted(),
                                    "sanity: " + op + " " + byside));
        }
    }

    /**
     * A parameter over the request layer's limit (16 KiB) is refused by ours before Keycloak sees
     * it: 400 {@code too_long}, whatever refusal the running Keycloak picks (26.7: 400
     * invalid_request, 26.5: 400 invalid_grant). The oversized refresh token is over it; the
     * oversized password and secret are not, so they reach Keycloak.
     */
    static final int OVERSIZED_PARAMETER = 400;

    /**
     * One answer: its status and its error code (Keycloak's OAuth2 {@code error}, the contract's
     * {@code type}), for the table.
     */
    record Answer(int status, String error) {
        static Answer of(HttpResult r) {
            String error = null;
            if (r.body() != null && r.body().startsWith("{")) {
                JsonNode body = r.json();
                error =
                        body.hasNonNull("error")
                                ? body.get("error").asText()
                                : body.path("type").asText(null);
            }
            return new Answer(r.status(), error);
        }

        boolean accepted() {
            return status >= 200 && status < 300;
        }

        String mark() {
            return accepted() ? "A" : Integer.toString(status);
        }

        @Override
        public String toString() {
            return status + (error == null ? "" : " " + error);
        }
    }

    /**
     * The status the contract gives what Keycloak answered: success is 200; Keycloak's 403 (realm
     * disabled, HTTPS required) stays 403; a malformed request (Keycloak's {@code invalid_request},
     * a missing DPoP proof) stays 400; every other refusal of credentials, client or token is the
     * contract's 401.
     */
    static int contractStatus(Answer keycloak) {
        if (keycloak.accepted()) {
            return 200;
        }
        if (keycloak.status() == 403) {
            return 403;
        }
        if (keycloak.status() == 400
                && List.of("invalid_request", "invalid_dpop_proof").contains(keycloak.error())) {
            return 400;
        }
        return 401;
    }

    /**
     * One way in: Keycloak's own endpoints ({@code mount == null}) or ours on a mount, with its own
     * session.
     */
    static final class Side {
        final MountUnderTest mount;
        final String realm;
        final Storefront storefront;
        String accessToken;
        String refreshToken;
        String anonymousToken;

        Side(MountUnderTest mount, String realm) {
            this.mount = mount;
            this.realm = realm;
            this.storefront = mount == null ? null : new Storefront(server, mount);
        }

        void prepare() {
            if (mount == null) {
                // openid: userinfo answers only for OpenID tokens.
                JsonNode tokens =
                        nativeToken(
                                        Map.of(
                                                "grant_type",
                                                "password",
                                                "client_id",
                                                "storefront",
                                                "scope",
                                                "openid",
                                                "username",
                                                "parity@example.com",
                                                "password",
                                                PASSWORD))
                                .json();
                accessToken = tokens.get("access_token").asText();
                refreshToken = tokens.get("refresh_token").asText();
            } else {
                JsonNode customer = storefront.customer(realm, "parity@example.com", PASSWORD);
                accessToken = customer.get("access_token").asText();
                refreshToken = customer.get("refresh_token").asText();
                anonymousToken = storefront.anonymous(realm).get("access_token").asText();
            }
        }

        Answer send(String op, boolean oversized) {
            String password = oversized ? PASSWORD + "x".repeat(5000) : PASSWORD;
            String email = "parity@example.com";
            // Not an oversized scope: ours leaves out scopes the client lacks, as Emporix does,
            // where Keycloak refuses them.
            String secret = oversized ? SECRET + "s".repeat(5000) : SECRET;
            if (mount == null) {
                return switch (op) {
                    case "login" ->
                            Answer.of(
                                    nativeToken(
                                            Map.of(
                                                    "grant_type",
                                                    "password",
                                                    "client_id",
                                                    "storefront",
                                                    "username",
                                                    email,
                                                    "password",
                                                    password)));
                    case "refresh" ->
                            Answer.of(
                                    nativeToken(
                                            Map.of(
                                                    "grant_type",
                                                    "refresh_token",
                                                    "client_id",
                                                    "storefront",
                                                    "refresh_token",
                                                    oversized
                                                            ? refreshToken + "x".repeat(20000)
                                                            : refreshToken)));
                    case "service token" ->
                            Answer.of(
                                    nativeToken(
                                            Map.of(
                                                    "grant_type",
                                                    "client_credentials",
                                                    "client_id",
                                                    "service",
                                                    "client_secret",
                                                    secret)));
                    default -> validate();
                };
            }
            return Answer.of(
                    switch (op) {
                        case "login" -> storefront.login(realm, anonymousToken, email, password);
                        case "refresh" ->
                                server.post(
                                        storefront.url(
                                                realm, "/customer/" + realm + "/refreshauthtoken"),
                                        "application/json",
                                        "{\"refreshToken\":\""
                                                + (oversized
                                                        ? refreshToken + "x".repeat(20000)
                                                        : refreshToken)
                                                + "\"}");
                        case "service token" ->
                                server.postForm(
                                        storefront.url(realm, "/oauth/token"),
                                        Map.of(
                                                "grant_type",
                                                "client_credentials",
                                                "client_id",
                                                "service",
                                                "client_secret",
                                                secret,
                                                "tenant",
                                                realm));
                        default -> storefront.validate(realm, accessToken);
                    });
        }

        /**
         * Keycloak's counterpart of validate, which both checks a token (like introspection: realm
         * and SSL checks) and is called by the token's holder (like userinfo: DPoP proofs):
         * accepted when introspection finds the token active and userinfo answers for it.
         */
        Answer validate() {
            HttpResult r =
                    server.postForm(
                            server.baseUrl()
                                    + "/realms/"
                                    + realm
                                    + "/protocol/openid-connect/token/introspect",
                            Map.of(
                                    "token",
                                    accessToken,
                                    "client_id",
                                    "service",
                                    "client_secret",
                                    SECRET));
            if (r.status() != 200) {
                return Answer.of(r);
            }
            if (!r.json().path("active").asBoolean()) {
                return new Answer(401, "inactive");
            }
            return Answer.of(
                    server.get(
                            server.baseUrl()
                                    + "/realms/"
                                    + realm
                                    + "/protocol/openid-connect/userinfo",
                            "Authorization",
                            "Bearer " + accessToken));
        }

        HttpResult nativeToken(Map<String, String> form) {
            return server.postForm(
                    server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token", form);
        }
    }

    static void createTenant(String realm) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("realm", realm);
        rep.put("enabled", true);
        rep.put("attributes", Map.of("emporix.enabled", "true"));
        // The service client is an audience of storefront tokens: introspection answers only for
        // its audience.
        rep.put(
                "clients",
                List.of(
                        Map.of(
                                "clientId",
                                "storefront",
                                "publicClient",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "standardFlowEnabled",
                                false,
                                "protocolMappers",
                                List.of(
                                        Map.of(
                                                "name",
                                                "service audience",
                                                "protocol",
                                                "openid-connect",
                                                "protocolMapper",
                                                "oidc-audience-mapper",
                                                "config",
                                                Map.of(
                                                        "included.client.audience",
                                                        "service",
                                                        "access.token.claim",
                                                        "true",
                                                        "introspection.token.claim",
                                                        "true")))),
                        Map.of(
                                "clientId",
                                "service",
                                "publicClient",
                                false,
                                "secret",
                                SECRET,
                                "serviceAccountsEnabled",
                                true,
                                "standardFlowEnabled",
                                false)));
        rep.put(
                "users",
                List.of(
                        Map.of(
                                "username",
                                "parity@example.com",
                                "email",
                                "parity@example.com",
                                "enabled",
                                true,
                                "emailVerified",
                                true,
                                "firstName",
                                "Parity",
                                "lastName",
                                "Customer",
                                "credentials",
                                List.of(
                                        Map.of(
                                                "type",
                                                "password",
                                                "value",
                                                PASSWORD,
                                                "temporary",
                                                false)))));
        HttpResult r =
                server.send(
                        "POST",
                        server.baseUrl() + "/admin/realms",
                        "application/json",
                        Server.toJson(rep),
                        "Authorization",
                        "Bearer " + server.adminToken());
        assertEquals(201, r.status(), r::toString);
    }

    static void updateRealm(Server s, String realm, Map<String, Object> fields) {
        HttpResult r = s.admin("PUT", "/" + realm, fields);
        assertEquals(204, r.status(), r::toString);
    }

    static void updateClient(Server s, String realm, String clientId, Map<String, Object> fields) {
        JsonNode client = s.adminJson("/" + realm + "/clients?clientId=" + clientId).get(0);
        Map<String, Object> rep = Server.fromJson(client);
        fields.forEach(
                (k, v) -> {
                    if (v instanceof Map<?, ?> m && rep.get(k) instanceof Map<?, ?> existing) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> merged =
                                new LinkedHashMap<>((Map<String, Object>) existing);
                        m.forEach((mk, mv) -> merged.put((String) mk, mv));
                        rep.put(k, merged);
                    } else {
                        rep.put(k, v);
                    }
                });
        HttpResult r = s.admin("PUT", "/" + realm + "/clients/" + client.get("id").asText(), rep);
        assertEquals(204, r.status(), r::toString);
    }

    static void updateUser(Server s, String realm, Map<String, Object> fields) {
        String id = s.userId(realm, "parity@example.com");
        HttpResult r = s.admin("PUT", "/" + realm + "/users/" + id, fields);
        assertEquals(204, r.status(), r::toString);
    }

    static void lockUser(Server s, String realm) {
        updateRealm(
                s,
                realm,
                Map.of(
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        1,
                        "waitIncrementSeconds",
                        600,
                        "maxFailureWaitSeconds",
                        900,
                        "quickLoginCheckMilliSeconds",
                        1,
                        "minimumQuickLoginWaitSeconds",
                        600));
        s.postForm(
                s.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "storefront",
                        "username",
                        "parity@example.com",
                        "password",
                        "wrong-password-1"));
        String id = s.userId(realm, "parity@example.com");
        for (int i = 0;
                i < 50
                        && !s.adminJson("/" + realm + "/attack-detection/brute-force/users/" + id)
                                .get("disabled")
                                .asBoolean();
                i++) {
            sleep(100);
        }
    }

    static void rejectPasswordGrant(Server s, String realm) {
        HttpResult profiles =
                s.admin(
                        "PUT",
                        "/" + realm + "/client-policies/profiles",
                        Map.of(
                                "profiles",
                                List.of(
                                        Map.of(
                                                "name",
                                                "no-password-grant",
                                                "executors",
                                                List.of(
                                                        Map.of(
                                                                "executor",
                                                                "reject-ropc-grant",
                                                                "configuration",
                                                                Map.of()))))));
        assertEquals(204, profiles.status(), profiles::toString);
        HttpResult policies =
                s.admin(
                        "PUT",
                        "/" + realm + "/client-policies/policies",
                        Map.of(
                                "policies",
                                List.of(
                                        Map.of(
                                                "name",
                                                "no-password-grant",
                                                "enabled",
                                                true,
                                                "conditions",
                                                List.of(
                                                        Map.of(
                                                                "condition",
                                                                "any-client",
                                                                "configuration",
                                                                Map.of())),
                                                "profiles",
                                                List.of("no-password-grant")))));
        assertEquals(204, policies.status(), policies::toString);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
