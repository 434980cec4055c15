package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.AtOnce;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Jwts;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.SoftPasskey;
import dev.kcemporix.auth.it.support.Totp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/endpoints.md, *Passkeys*: a customer adds a passkey (Keycloak's "register passkey" action
 * checks it), lists and removes it, and a visitor logs in with it; every ceremony is single-use,
 * and a lying authenticator ({@link SoftPasskey}) is refused as the contract says. On the root
 * mount ({@link MountParityIT} sends every call to both mounts; one login here goes through the
 * realm mount).
 */
class PasskeysRootMountIT extends SelfServiceCalls {

    static final String SHOP = "passkeyshop";
    static final String OFF = "nopasskeyshop";

    /** A tenant whose policy prefers user verification but does not require it. */
    static final String PREFERRED = "uvpreferredshop";

    static final String PASSWORD = "passkey-pass-123";

    /** The storefront's origin: one of the policy's extra origins. */
    static final String STOREFRONT = "http://localhost:3000";

    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    @BeforeAll
    static void shops() {
        Map<String, Object> shop =
                with(
                        passkeysOn("required"),
                        "smtpServer",
                        Mailbox.smtpSettings(),
                        "eventsEnabled",
                        true,
                        "enabledEventTypes",
                        List.of(
                                "LOGIN",
                                "LOGIN_ERROR",
                                "UPDATE_CREDENTIAL",
                                "UPDATE_CREDENTIAL_ERROR",
                                "REMOVE_CREDENTIAL"),
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        30,
                        // Refusals in a row are the point here, not a quick-login lock.
                        "quickLoginCheckMilliSeconds",
                        1);
        server.ensureRealm(SHOP, true, shop, Map.of());
        server.ensureRealm(OFF, true);
        server.ensureRealm(PREFERRED, true, passkeysOn("preferred"), Map.of());
    }

    /**
     * The passwordless policy of a tenant with passkeys on for a storefront on {@link #STOREFRONT},
     * asking user verification as {@code userVerification} says.
     */
    static Map<String, Object> passkeysOn(String userVerification) {
        return Map.of(
                "webAuthnPolicyPasswordlessPasskeysEnabled",
                true,
                "webAuthnPolicyPasswordlessRpId",
                "localhost",
                "webAuthnPolicyPasswordlessExtraOrigins",
                List.of(STOREFRONT),
                "webAuthnPolicyPasswordlessUserVerificationRequirement",
                userVerification);
    }

    /** A customer of the shop, logged in with their password: their access token. */
    String customer(String email) {
        return customer(SHOP, email);
    }

    /** A customer of {@code tenant}, logged in with their password: their access token. */
    String customer(String tenant, String email) {
        server.createCustomer(tenant, email, PASSWORD);
        return accessToken(login(tenant, email, PASSWORD));
    }

    HttpResult options(String token, Object body) {
        return options(SHOP, token, body);
    }

    HttpResult options(String tenant, String token, Object body) {
        return post(tenant, "/me/passkeys/registration-options", token, body);
    }

    JsonNode publicKeyOptions(String token) {
        HttpResult r = options(token, Map.of("password", PASSWORD));
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    HttpResult register(String token, JsonNode options, SoftPasskey passkey, String label) {
        Map<String, Object> body = new HashMap<>();
        body.put("ceremonyId", options.get("ceremonyId").asText());
        body.put("credential", passkey.register(options.get("publicKey")));
        if (label != null) {
            body.put("label", label);
        }
        return post(SHOP, "/me/passkeys", token, body);
    }

    /** A new customer with a registered passkey: the passkey. */
    SoftPasskey registered(String email) {
        String token = customer(email);
        SoftPasskey passkey = new SoftPasskey(STOREFRONT);
        HttpResult r = register(token, publicKeyOptions(token), passkey, "phone");
        assertEquals(201, r.status(), r::toString);
        return passkey;
    }

    JsonNode loginOptions(String anonymous) {
        HttpResult r = post(SHOP, "/passkey/login-options", anonymous, Map.of());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    HttpResult login(String anonymous, JsonNode options, SoftPasskey passkey) {
        return post(
                SHOP,
                "/passkey/login",
                anonymous,
                Map.of(
                        "ceremonyId",
                        options.get("ceremonyId").asText(),
                        "credential",
                        passkey.assert_(options.get("publicKey"))));
    }

    List<JsonNode> passkeys(String token) {
        HttpResult r = send(SHOP, "GET", "/me/passkeys", token, null);
        assertEquals(200, r.status(), r::toString);
        List<JsonNode> all = new ArrayList<>();
        r.json().forEach(all::add);
        return all;
    }

    /** Whether the customer holds a passkey's last use (an attribute only an admin may see). */
    boolean lastUseKept(String userId) {
        Map<String, Object> profile =
                Server.fromJson(server.adminJson("/" + SHOP + "/users/profile"));
        if (!"ADMIN_VIEW".equals(profile.get("unmanagedAttributePolicy"))) {
            profile.put("unmanagedAttributePolicy", "ADMIN_VIEW");
            assertEquals(200, server.admin("PUT", "/" + SHOP + "/users/profile", profile).status());
        }
        return server.adminJson("/" + SHOP + "/users/" + userId)
                .path("attributes")
                .toString()
                .contains("emporix.passkeyLastUsedAt.");
    }

    @Test
    void aShopperAddsAPasskeyAndLogsInWithItKeepingTheVisitorsSession() throws Exception {
        String email = address("pk-");
        String token = customer(email);
        String userId = server.userId(SHOP, email);
        JsonNode options = publicKeyOptions(token);
        JsonNode publicKey = options.get("publicKey");
        assertEquals("localhost", publicKey.at("/rp/id").asText(), options::toString);
        assertEquals(
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(userId.getBytes(StandardCharsets.UTF_8)),
                publicKey.at("/user/id").asText(),
                "the user handle is Keycloak's user id");
        assertEquals("required", publicKey.at("/authenticatorSelection/residentKey").asText());
        assertEquals("required", publicKey.at("/authenticatorSelection/userVerification").asText());
        assertEquals("none", publicKey.get("attestation").asText());
        assertTrue(publicKey.get("excludeCredentials").isEmpty());

        SoftPasskey passkey = new SoftPasskey(STOREFRONT);
        HttpResult added = register(token, options, passkey, "my phone");
        assertEquals(201, added.status(), added::toString);
        assertEquals("my phone", added.json().get("label").asText());
        List<JsonNode> listed = passkeys(token);
        assertEquals(1, listed.size(), listed::toString);
        assertEquals(added.json().get("id"), listed.get(0).get("id"));
        assertFalse(listed.get(0).has("lastUsedAt"), "never used yet: " + listed);
        // Keycloak's own credential, as its admin console lists it.
        JsonNode credentials = server.adminJson("/" + SHOP + "/users/" + userId + "/credentials");
        assertTrue(
                credentials.toString().contains("\"type\":\"webauthn-passwordless\""),
                credentials::toString);
        assertTrue(
                Mailbox.await(email, 1, 15).text().contains("A passkey was added"),
                () -> Mailbox.to(email).toString());
        JsonNode updated = server.events(SHOP, "UPDATE_CREDENTIAL", userId);
        assertEquals(
                "webauthn-passwordless",
                updated.get(0).at("/details/credential_type").asText(),
                updated::toString);
        // The next registration excludes it.
        assertEquals(
                passkey.id(),
                publicKeyOptions(token).at("/publicKey/excludeCredentials/0/id").asText());

        JsonNode visitor = storefront.anonymous(SHOP);
        String anonymous = visitor.get("access_token").asText();
        JsonNode loginOptions = loginOptions(anonymous);
        assertEquals("localhost", loginOptions.at("/publicKey/rpId").asText());
        assertTrue(
                loginOptions.at("/publicKey/allowCredentials").isEmpty(), "nothing to enumerate");
        HttpResult in = login(anonymous, loginOptions, passkey);
        assertEquals(200, in.status(), in::toString);
        assertEquals(visitor.get("sessionId"), in.json().get("session_id"), in::toString);
        String access = in.json().get("access_token").asText();
        assertEquals(userId, Jwts.claims(access).get("sub").asText());
        assertEquals("2", Jwts.claims(access).path("acr").asText(), "a passkey is two factors");
        HttpResult valid = storefront.validate(SHOP, access);
        assertEquals(200, valid.status(), valid::toString);
        Instant used = Instant.parse(passkeys(token).get(0).get("lastUsedAt").asText());
        assertTrue(
                Duration.between(used, Instant.now()).abs().toSeconds() < 60,
                () -> "the login is the last use: " + used);
        assertTrue(lastUseKept(userId), "kept on the customer");
        JsonNode logins = server.events(SHOP, "LOGIN", userId);
        assertEquals(
                "webauthn-passwordless",
                logins.get(0).at("/details/credential_type").asText(),
                logins::toString);

        // Another customer cannot remove it, even with their own password.
        String stranger = address("pk-stranger-");
        String strangers = customer(stranger);
        HttpResult foreign =
                send(
                        SHOP,
                        "DELETE",
                        "/me/passkeys/" + added.json().get("id").asText(),
                        strangers,
                        Map.of("password", PASSWORD));
        assertStandardError(404, foreign);
        // Within the max age, the passkey login stands for the password: removed without one.
        HttpResult removed =
                send(
                        SHOP,
                        "DELETE",
                        "/me/passkeys/" + added.json().get("id").asText(),
                        access,
                        Map.of());
        assertEquals(204, removed.status(), removed::toString);
        assertTrue(passkeys(token).isEmpty());
        assertFalse(lastUseKept(userId), "the removed passkey's last use goes with it");
        assertTrue(
                Mailbox.await(email, 2, 15).text().contains("A passkey was removed"),
                () -> Mailbox.to(email).toString());
        // Gone: it signs in no more.
        String next = anonymous(SHOP);
        HttpResult again = login(next, loginOptions(next), passkey);
        assertStandardError(401, again);
    }

    @Test
    void aPasskeyAnAdminRemovesTakesItsLastUseAlong() {
        String email = address("pk-admin-");
        String token = customer(email);
        String userId = server.userId(SHOP, email);
        SoftPasskey passkey = new SoftPasskey(STOREFRONT);
        HttpResult added = register(token, publicKeyOptions(token), passkey, "old phone");
        assertEquals(201, added.status(), added::toString);
        String anonymous = anonymous(SHOP);
        HttpResult in = login(anonymous, loginOptions(anonymous), passkey);
        assertEquals(200, in.status(), in::toString);
        assertTrue(lastUseKept(userId), "kept on the customer");

        HttpResult removed =
                server.admin(
                        "DELETE",
                        "/"
                                + SHOP
                                + "/users/"
                                + userId
                                + "/credentials/"
                                + added.json().get("id").asText(),
                        null);
        assertEquals(204, removed.status(), removed::toString);
        JsonNode credentials = server.adminJson("/" + SHOP + "/users/" + userId + "/credentials");
        assertFalse(
                credentials.toString().contains(added.json().get("id").asText()),
                credentials::toString);
        assertFalse(lastUseKept(userId), "the removed passkey's last use goes with it");
    }

    @Test
    void aTokenAloneStartsNoRegistrationAndAWrongPasswordCounts() {
        String email = address("pk-pw-");
        String token = customer(email);
        HttpResult none = options(token, Map.of());
        assertStandardError(400, none);
        HttpResult wrong = options(token, Map.of("password", "not-the-password"));
        assertStandardError(401, wrong);
        JsonNode failures =
                server.adminJson(
                        "/"
                                + SHOP
                                + "/attack-detection/brute-force/users/"
                                + server.userId(SHOP, email));
        assertEquals(1, failures.get("numFailures").asInt(), failures::toString);
        // Removing needs it too.
        SoftPasskey passkey = new SoftPasskey(STOREFRONT);
        HttpResult added = register(token, publicKeyOptions(token), passkey, null);
        assertEquals(201, added.status(), added::toString);
        HttpResult bare =
                send(
                        SHOP,
                        "DELETE",
                        "/me/passkeys/" + added.json().get("id").asText(),
                        token,
                        Map.of());
        assertStandardError(400, bare);
        assertEquals(1, passkeys(token).size());
        // Another customer's passkey id: 404 whatever the password.
        HttpResult foreign =
                send(
                        SHOP,
                        "DELETE",
                        "/me/passkeys/not-one-of-theirs",
                        token,
                        Map.of("password", PASSWORD));
        assertStandardError(404, foreign);
    }

    @Test
    void aCeremonyIsUsedOnceAndOnlyByItsOwner() throws Exception {
        String email = address("pk-once-");
        String token = customer(email);
        JsonNode options = publicKeyOptions(token);
        // Another customer cannot finish it.
        String other = customer(address("pk-other-"));
        HttpResult foreign = register(other, options, new SoftPasskey(STOREFRONT), null);
        assertInvalidPasskey(400, foreign);
        // Taken by the foreign attempt: the owner starts again, and finishes once.
        options = publicKeyOptions(token);
        SoftPasskey passkey = new SoftPasskey(STOREFRONT);
        assertEquals(201, register(token, options, passkey, null).status());
        assertInvalidPasskey(400, register(token, options, new SoftPasskey(STOREFRONT), null));
        // The same authenticator again: 409, nothing stored twice.
        HttpResult twice =
                register(
                        token,
                        publicKeyOptions(token),
                        new SoftPasskey(STOREFRONT).withIdOf(passkey),
                        null);
        assertInvalidPasskey(409, twice);
        assertEquals(1, passkeys(token).size());

        // Two finishes of one login ceremony at once: one session.
        String anonymous = anonymous(SHOP);
        JsonNode loginOptions = loginOptions(anonymous);
        Map<String, Object> body =
                Map.of(
                        "ceremonyId",
                        loginOptions.get("ceremonyId").asText(),
                        "credential",
                        passkey.assert_(loginOptions.get("publicKey")));
        List<HttpResult> both = AtOnce.all(2, i -> post(SHOP, "/passkey/login", anonymous, body));
        List<Integer> statuses = new ArrayList<>();
        for (HttpResult r : both) {
            statuses.add(r.status());
        }
        statuses.sort(null);
        assertEquals(List.of(200, 400), statuses);
        for (HttpResult r : both) {
            if (r.status() == 400) {
                assertInvalidPasskey(400, r);
            }
        }
        // A ceremony of this tenant is none at another tenant with passkeys on.
        JsonNode elsewhere = loginOptions(anonymous(SHOP));
        String preferredVisitor = anonymous(PREFERRED);
        HttpResult crossTenant =
                post(
                        PREFERRED,
                        "/passkey/login",
                        preferredVisitor,
                        Map.of(
                                "ceremonyId",
                                elsewhere.get("ceremonyId").asText(),
                                "credential",
                                passkey.assert_(elsewhere.get("publicKey"))));
        assertInvalidPasskey(400, crossTenant);
        // Another visitor cannot use a visitor's ceremony.
        JsonNode theirs = loginOptions(anonymous(SHOP));
        assertInvalidPasskey(400, login(anonymous, theirs, passkey));
        // Another tenant's ceremony is none here; a tenant with passkeys off refuses them.
        HttpResult off = post(OFF, "/passkey/login-options", anonymous(OFF), Map.of());
        assertEquals(403, off.status(), off::toString);
        assertEquals("passkeys_disabled", off.json().get("type").asText());
    }

    @Test
    void aRegistrationThatWasNotMadeForThisCeremonyIsRefused() {
        String token = customer(address("pk-lie-"));
        Map<String, Consumer<SoftPasskey>> lies = new java.util.LinkedHashMap<>();
        lies.put("another origin", p -> p.origin = "https://evil.example");
        lies.put("another relying party", p -> p.rpId = "evil.example");
        lies.put("a login's client data", p -> p.type = "webauthn.get");
        lies.put(
                "another challenge",
                p -> p.challenge = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        lies.put("no user verification", p -> p.userVerified = false);
        lies.forEach(
                (lie, tamper) -> {
                    SoftPasskey passkey = new SoftPasskey(STOREFRONT);
                    tamper.accept(passkey);
                    HttpResult r = register(token, publicKeyOptions(token), passkey, null);
                    assertEquals(400, r.status(), lie + ": " + r);
                    assertEquals("invalid_passkey", r.json().get("type").asText(), lie);
                });
        assertTrue(passkeys(token).isEmpty(), "nothing stored");
        // What some clients send: standard base64 with padding. Taken as base64url.
        JsonNode options = publicKeyOptions(token);
        com.fasterxml.jackson.databind.node.ObjectNode credential =
                new SoftPasskey(STOREFRONT).register(options.get("publicKey"));
        com.fasterxml.jackson.databind.node.ObjectNode response =
                (com.fasterxml.jackson.databind.node.ObjectNode) credential.get("response");
        for (String part : List.of("clientDataJSON", "attestationObject")) {
            byte[] raw = Base64.getUrlDecoder().decode(response.get(part).asText());
            response.put(part, Base64.getEncoder().encodeToString(raw));
        }
        HttpResult padded =
                post(
                        SHOP,
                        "/me/passkeys",
                        token,
                        Map.of(
                                "ceremonyId",
                                options.get("ceremonyId").asText(),
                                "credential",
                                credential));
        assertEquals(201, padded.status(), padded::toString);
    }

    @Test
    void anAssertionThatWasNotSignedForThisCeremonyIsRefusedAndCounted() {
        String email = address("pk-assert-");
        SoftPasskey passkey = registered(email);
        String userId = server.userId(SHOP, email);
        // An honest login first: Keycloak keeps the counter it signed (5).
        passkey.nextCounter = 5;
        String first = anonymous(SHOP);
        assertEquals(200, login(first, loginOptions(first), passkey).status());
        Map<String, Object[]> lies = new java.util.LinkedHashMap<>();
        lies.put(
                "another origin",
                new Object[] {400, (Consumer<SoftPasskey>) p -> p.origin = "https://evil.example"});
        lies.put(
                "another relying party",
                new Object[] {400, (Consumer<SoftPasskey>) p -> p.rpId = "evil.example"});
        lies.put(
                "a registration's client data",
                new Object[] {400, (Consumer<SoftPasskey>) p -> p.type = "webauthn.create"});
        lies.put(
                "another challenge",
                new Object[] {
                    400,
                    (Consumer<SoftPasskey>)
                            p -> p.challenge = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                });
        lies.put(
                "no user verification",
                new Object[] {400, (Consumer<SoftPasskey>) p -> p.userVerified = false});
        lies.put(
                "a forged signature",
                new Object[] {
                    401,
                    (Consumer<SoftPasskey>)
                            p ->
                                    p.signWith =
                                            new byte[] {
                                                0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01
                                            }
                });
        lies.put(
                "a counter that went back",
                new Object[] {401, (Consumer<SoftPasskey>) p -> p.nextCounter = 1});
        int counted = 0;
        for (Map.Entry<String, Object[]> lie : lies.entrySet()) {
            @SuppressWarnings("unchecked")
            Consumer<SoftPasskey> tamper = (Consumer<SoftPasskey>) lie.getValue()[1];
            tamper.accept(passkey);
            String anonymous = anonymous(SHOP);
            HttpResult r = login(anonymous, loginOptions(anonymous), passkey);
            int expected = (int) lie.getValue()[0];
            assertEquals(
                    expected,
                    r.status(),
                    () ->
                            lie.getKey()
                                    + ": "
                                    + r
                                    + ", "
                                    + server.events(SHOP, "LOGIN_ERROR", userId).get(0));
            if (expected == 400) {
                assertEquals("invalid_passkey", r.json().get("type").asText(), lie.getKey());
            }
            counted++;
            JsonNode failures =
                    server.adminJson("/" + SHOP + "/attack-detection/brute-force/users/" + userId);
            assertEquals(
                    counted, failures.get("numFailures").asInt(), lie.getKey() + ": " + failures);
        }
        // A user handle naming another customer: their passkeys do not hold this one.
        String victim = address("pk-victim-");
        registered(victim);
        String victimId = server.userId(SHOP, victim);
        passkey.userHandle(victimId.getBytes(StandardCharsets.UTF_8));
        String anonymous = anonymous(SHOP);
        assertStandardError(401, login(anonymous, loginOptions(anonymous), passkey));
        assertEquals(
                1,
                server.adminJson("/" + SHOP + "/attack-detection/brute-force/users/" + victimId)
                        .get("numFailures")
                        .asInt(),
                "counted against the customer the handle names, as a wrong password would be");
        // Handles naming no one, or what Keycloak's user lookup cannot take: 401, never a 500.
        for (String handle :
                List.of("no-such-user", "f:x", "f:", "a b", "x".repeat(300), "\u0000")) {
            passkey.userHandle(handle.getBytes(StandardCharsets.UTF_8));
            anonymous = anonymous(SHOP);
            assertStandardError(401, login(anonymous, loginOptions(anonymous), passkey));
        }
        // The honest passkey still works (the counter past the last it signed).
        passkey.userHandle(userId.getBytes(StandardCharsets.UTF_8));
        passkey.nextCounter = 100;
        anonymous = anonymous(SHOP);
        HttpResult in = login(anonymous, loginOptions(anonymous), passkey);
        assertEquals(200, in.status(), in::toString);
    }

    @Test
    void aCustomerWithAOneTimeCodeDeviceSignsInWithThePasskeyAloneAtLevelTwo() {
        String email = address("pk-otp-");
        SoftPasskey passkey = registered(email);
        String token = accessToken(login(SHOP, email, PASSWORD));
        HttpResult offer = post(SHOP, "/me/mfa/otp", token, Map.of("password", PASSWORD));
        assertEquals(200, offer.status(), offer::toString);
        HttpResult confirmed =
                post(
                        SHOP,
                        "/me/mfa/otp/confirm",
                        token,
                        Map.of("code", Totp.now(offer.json().get("secret").asText())));
        assertEquals(204, confirmed.status(), confirmed::toString);
        // The session began before the device: the password alone adds no passkey now.
        HttpResult noCode = options(token, Map.of("password", PASSWORD));
        assertEquals(401, noCode.status(), noCode::toString);
        assertEquals("otp_required", noCode.json().get("type").asText());
        HttpResult withCode =
                options(
                        token,
                        Map.of(
                                "password",
                                PASSWORD,
                                "code",
                                nextCode(offer.json().get("secret").asText())));
        assertEquals(200, withCode.status(), withCode::toString);
        HttpResult password = login(SHOP, email, PASSWORD);
        assertEquals(401, password.status(), password::toString);
        assertEquals("otp_required", password.json().get("type").asText(), "the device counts");
        // A passkey is two factors: no code asked.
        String anonymous = anonymous(SHOP);
        HttpResult in = login(anonymous, loginOptions(anonymous), passkey);
        assertEquals(200, in.status(), in::toString);
        assertEquals("2", Jwts.claims(in.json().get("access_token").asText()).path("acr").asText());
        // Yet it is no one-time-code login: removing the device still needs one.
        String device = send(SHOP, "GET", "/me/mfa", token, null).json().get(0).get("id").asText();
        HttpResult removal =
                send(
                        SHOP,
                        "DELETE",
                        "/me/mfa/" + device,
                        in.json().get("access_token").asText(),
                        Map.of("password", PASSWORD));
        assertEquals(403, removal.status(), removal::toString);
    }

    @Test
    void aPasskeyThatDidNotVerifyItsHolderCountsAsAPasswordNotAsTwoFactors() {
        String token = customer(PREFERRED, address("pk-uv-"));
        HttpResult options = options(PREFERRED, token, Map.of("password", PASSWORD));
        assertEquals(200, options.status(), options::toString);
        assertEquals(
                "preferred",
                options.json().at("/publicKey/authenticatorSelection/userVerification").asText());
        SoftPasskey passkey = new SoftPasskey(STOREFRONT);
        passkey.userVerified = false;
        Map<String, Object> body = new HashMap<>();
        body.put("ceremonyId", options.json().get("ceremonyId").asText());
        body.put("credential", passkey.register(options.json().get("publicKey")));
        HttpResult added = post(PREFERRED, "/me/passkeys", token, body);
        assertEquals(201, added.status(), "a touch-only key is allowed by this policy: " + added);
        HttpResult offer = post(PREFERRED, "/me/mfa/otp", token, Map.of("password", PASSWORD));
        String secret = offer.json().get("secret").asText();
        assertEquals(
                204,
                post(PREFERRED, "/me/mfa/otp/confirm", token, Map.of("code", Totp.now(secret)))
                        .status());

        // Touch only: the customer's code is asked, as after a password.
        passkey.userVerified = false;
        HttpResult touch = passkeyLogin(PREFERRED, passkey, null);
        assertEquals(401, touch.status(), touch::toString);
        assertEquals("otp_required", touch.json().get("type").asText());
        passkey.userVerified = false;
        HttpResult withCode = passkeyLogin(PREFERRED, passkey, nextCode(secret));
        assertEquals(200, withCode.status(), withCode::toString);
        assertEquals(
                "2",
                Jwts.claims(withCode.json().get("access_token").asText()).path("acr").asText(),
                "the code made it two factors");
        // A touch-only passkey's session does not stand in for the password.
        HttpResult noPassword =
                options(PREFERRED, withCode.json().get("access_token").asText(), Map.of());
        assertStandardError(400, noPassword);
        // Verified by the authenticator: two factors in one.
        HttpResult verified = passkeyLogin(PREFERRED, passkey, null);
        assertEquals(200, verified.status(), verified::toString);
        assertEquals(
                "2",
                Jwts.claims(verified.json().get("access_token").asText()).path("acr").asText());
    }

    /**
     * The code of the next period: the current one was used (a code works once), and Keycloak's
     * look-ahead window takes the next.
     */
    static String nextCode(String secret) {
        return Totp.code(secret, System.currentTimeMillis() / 1000 + 30, 6, 30, "SHA1");
    }

    HttpResult passkeyLogin(String tenant, SoftPasskey passkey, String otp) {
        String anonymous = anonymous(tenant);
        HttpResult options = post(tenant, "/passkey/login-options", anonymous, Map.of());
        assertEquals(200, options.status(), options::toString);
        Map<String, Object> body = new HashMap<>();
        body.put("ceremonyId", options.json().get("ceremonyId").asText());
        body.put("credential", passkey.assert_(options.json().get("publicKey")));
        if (otp != null) {
            body.put("otp", otp);
        }
        return post(tenant, "/passkey/login", anonymous, body);
    }

    @Test
    void theHealthReportSaysWhatPasskeysLackAndKeycloaksRegisterActionSwitchesAddingOff() {
        String realm = "pkhealthshop";
        server.ensureRealm(realm, true);
        assertTrue(findings(SHOP).stream().noneMatch(f -> f.startsWith("passkeys-")));
        assertTrue(findings(realm).stream().noneMatch(f -> f.startsWith("passkeys-")), "off");
        // The admin console's switch: the realm's whole representation, passkeys on.
        Map<String, Object> representation = Server.fromJson(server.adminJson("/" + realm));
        representation.put("webAuthnPolicyPasswordlessPasskeysEnabled", true);
        assertEquals(204, server.admin("PUT", "/" + realm, representation).status());
        assertTrue(
                findings(realm).contains("passkeys-no-storefront-origin"),
                () -> "" + findings(realm));
        String action =
                "/" + realm + "/authentication/required-actions/webauthn-register-passwordless";
        Map<String, Object> off = Server.fromJson(server.adminJson(action));
        off.put("enabled", false);
        assertEquals(204, server.admin("PUT", action, off).status());
        assertTrue(findings(realm).contains("passkeys-registration-off"));
        String token = customer(realm, address("pk-health-"));
        HttpResult refused = options(realm, token, Map.of("password", PASSWORD));
        assertEquals(403, refused.status(), refused::toString);
        assertEquals("passkeys_disabled", refused.json().get("type").asText());
    }

    List<String> findings(String realm) {
        List<String> ids = new ArrayList<>();
        server.adminJson("/" + realm + "/emporix/health")
                .get("findings")
                .forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    @Test
    void aCeremonyPastThePolicysTimeoutIsNone() {
        String realm = "pkexpiryshop";
        server.ensureRealm(
                realm,
                true,
                with(passkeysOn("required"), "webAuthnPolicyPasswordlessCreateTimeout", 1),
                Map.of());
        String token = customer(realm, address("pk-late-"));
        HttpResult options = options(realm, token, Map.of("password", PASSWORD));
        assertEquals(1000, options.json().at("/publicKey/timeout").asInt(), options::toString);
        sleep(2100);
        Map<String, Object> body = new HashMap<>();
        body.put("ceremonyId", options.json().get("ceremonyId").asText());
        body.put(
                "credential",
                new SoftPasskey(STOREFRONT).register(options.json().get("publicKey")));
        assertInvalidPasskey(400, post(realm, "/me/passkeys", token, body));
    }

    @Test
    void everyPasskeyCallRefusesAMissingOrWrongKindOfToken() {
        String customer = customer(address("pk-tokens-"));
        String visitor = anonymous(SHOP);
        String[][] calls = {
            {"POST", "/me/passkeys/registration-options", "customer"},
            {"POST", "/me/passkeys", "customer"},
            {"GET", "/me/passkeys", "customer"},
            {"DELETE", "/me/passkeys/some-id", "customer"},
            {"POST", "/passkey/login-options", "visitor"},
            {"POST", "/passkey/login", "visitor"}
        };
        for (String[] call : calls) {
            String body = call[0].equals("GET") ? null : "{}";
            HttpResult none =
                    server.send(
                            call[0],
                            url(SHOP, call[1]),
                            body == null ? null : "application/json",
                            body);
            assertInvalidToken(none);
            // A customer's call with a visitor's token, a visitor's call with a customer's.
            String wrong = call[2].equals("customer") ? visitor : customer;
            assertInvalidToken(send(SHOP, call[0], call[1], wrong, body == null ? null : Map.of()));
        }
    }

    @Test
    void aDisabledCustomersPasskeySignsNothingIn() {
        String email = address("pk-off-");
        SoftPasskey passkey = registered(email);
        String userId = server.userId(SHOP, email);
        assertEquals(
                204,
                server.admin("PUT", "/" + SHOP + "/users/" + userId, Map.of("enabled", false))
                        .status());
        String anonymous = anonymous(SHOP);
        assertStandardError(401, login(anonymous, loginOptions(anonymous), passkey));
    }

    @Test
    void theRealmMountLogsInWithAPasskeyToo() {
        SoftPasskey passkey = registered(address("pk-realm-"));
        String anonymous = anonymous(SHOP);
        String base = server.baseUrl() + "/realms/" + SHOP + "/emporix/customer/" + SHOP;
        HttpResult options =
                server.post(
                        base + "/passkey/login-options",
                        "application/json",
                        "{}",
                        "Authorization",
                        "Bearer " + anonymous);
        assertEquals(200, options.status(), options::toString);
        HttpResult in =
                server.post(
                        base + "/passkey/login",
                        "application/json",
                        dev.kcemporix.auth.it.support.Server.toJson(
                                Map.of(
                                        "ceremonyId",
                                        options.json().get("ceremonyId").asText(),
                                        "credential",
                                        passkey.assert_(options.json().get("publicKey")))),
                        "Authorization",
                        "Bearer " + anonymous);
        assertEquals(200, in.status(), in::toString);
        assertFalse(in.json().get("access_token").asText().isEmpty());
    }

    static void assertInvalidPasskey(int status, HttpResult r) {
        assertStandardError(status, r);
        assertEquals("invalid_passkey", r.json().get("type").asText(), r::toString);
    }
}
