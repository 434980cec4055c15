package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Totp;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/endpoints.md, *One-time codes and the customer's sessions*: one-time codes on the REST
 * login, their enrolment and removal under {@code /me/mfa}, and the customer's own sessions under
 * {@code /me/sessions}. Codes are computed here from the enrolment's secret (RFC 6238, {@link
 * Totp}). Run on the root mount by a subclass (MountParityIT sends every call to both mounts).
 */
abstract class OtpAndSessionsScenarios extends SelfServiceCalls {

    /** Keycloak's default OTP policy; brute force after 3 failures, no quick-login lock to trip. */
    static final String SHOP = "otpshop";

    static final String PASSWORD = "otp-pass-123";

    @BeforeAll
    static void realm() {
        server.ensureRealm(
                SHOP,
                true,
                Map.of(
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        3,
                        "quickLoginCheckMilliSeconds",
                        1,
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
                                "REMOVE_CREDENTIAL",
                                "REMOVE_CREDENTIAL_ERROR",
                                "LOGOUT")),
                Map.of());
    }

    static String email() {
        return address("otp-");
    }

    HttpResult otpLogin(String email, String password, String otp) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        if (otp != null) {
            body.put("otp", otp);
        }
        return storefront.loginWithBody(
                SHOP, anonymous(SHOP), "application/json", Server.toJson(body));
    }

    HttpResult send(String method, String path, String token, Object body) {
        return send(SHOP, method, path, token, body);
    }

    /**
     * The codes of this test used so far: Keycloak takes a code once (its OTP policy's default).
     */
    final Set<String> used = new HashSet<>();

    /**
     * A code of {@code secret} not used yet in this test: Keycloak accepts the codes of the period
     * before and after the current one too (the policy's look-ahead window), so there are three.
     */
    String code(String secret) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long now = System.currentTimeMillis() / 1000;
            for (long at : new long[] {now, now + 30, now - 30}) {
                String code = Totp.code(secret, at, 6, 30, "SHA1");
                if (used.add(secret + code)) {
                    return code;
                }
            }
            sleep(30_000 - System.currentTimeMillis() % 30_000 + 200);
        }
        throw new IllegalStateException("no unused code");
    }

    /** A code that is none of the current ones. */
    static String wrongCode(String secret) {
        long now = System.currentTimeMillis() / 1000;
        Set<String> valid = new HashSet<>();
        for (long at : new long[] {now - 60, now - 30, now, now + 30, now + 60}) {
            valid.add(Totp.code(secret, at, 6, 30, "SHA1"));
        }
        for (int i = 0; ; i++) {
            String candidate = String.format("%06d", 100_003 * i % 1_000_000);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * A customer with a confirmed one-time-code device; returns its Base32 secret. The token given
     * is the password login's.
     */
    String enrol(String token, String label) {
        HttpResult offer = send("POST", "/me/mfa/otp", token, Map.of("password", PASSWORD));
        assertEquals(200, offer.status(), offer::toString);
        String secret = offer.json().get("secret").asText();
        HttpResult confirmed =
                send(
                        "POST",
                        "/me/mfa/otp/confirm",
                        token,
                        Map.of("code", code(secret), "label", label));
        assertEquals(204, confirmed.status(), confirmed::toString);
        return secret;
    }

    int failures(String userId) {
        return server.adminJson("/" + SHOP + "/attack-detection/brute-force/users/" + userId)
                .get("numFailures")
                .asInt();
    }

    /**
     * Keycloak's detector counts on a worker thread after the answer: the count once it reached
     * {@code expected} and stayed there for a second (a count beyond it shows too).
     */
    int failuresSettled(String userId, int expected) {
        for (int i = 0; i < 50 && failures(userId) < expected; i++) {
            sleep(100);
        }
        sleep(1000);
        return failures(userId);
    }

    @Nested
    class OtpLogin {

        @Test
        void aCustomerWithoutOneSeesNoChangeAndValidateReportsThePasswordLevel() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            HttpResult login = otpLogin(email, PASSWORD, null);
            JsonNode validated = storefront.validate(SHOP, accessToken(login)).json();
            assertEquals("1", validated.get("acr").asText(), validated::toString);
            assertEquals(
                    200,
                    otpLogin(email, PASSWORD, "123456").status(),
                    "a code a customer without OTP sends is ignored, as Keycloak does");
        }

        @Test
        void theCodeIsAskedForOnlyWhenThePasswordWasRightAndAWrongOneCounts() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String secret = enrol(accessToken(otpLogin(email, PASSWORD, null)), "phone");

            HttpResult required = otpLogin(email, PASSWORD, null);
            assertStandardError(401, required);
            assertEquals("otp_required", required.json().get("type").asText(), required::toString);
            assertEquals(0, failuresSettled(userId, 0), "asking for the code counts nothing");

            for (String otp : new String[] {null, code(secret)}) {
                HttpResult wrongPassword = otpLogin(email, "wrong-pass-123", otp);
                assertStandardError(401, wrongPassword);
                assertEquals(
                        "unauthorized",
                        wrongPassword.json().get("type").asText(),
                        "never otp_required for a wrong password: " + wrongPassword);
            }
            assertEquals(2, failuresSettled(userId, 2));

            HttpResult wrongCode = otpLogin(email, PASSWORD, wrongCode(secret));
            assertStandardError(401, wrongCode);
            assertEquals("invalid_otp", wrongCode.json().get("type").asText(), wrongCode::toString);
            assertEquals(
                    3, failuresSettled(userId, 3), "a wrong code counts like a wrong password");
            assertEquals(
                    204,
                    server.admin(
                                    "DELETE",
                                    "/" + SHOP + "/attack-detection/brute-force/users/" + userId,
                                    null)
                            .status());

            HttpResult login = otpLogin(email, PASSWORD, code(secret));
            JsonNode validated = storefront.validate(SHOP, accessToken(login)).json();
            assertEquals(
                    "2", validated.get("acr").asText(), "an OTP login is level 2: " + validated);
            assertTrue(
                    server.events(SHOP, "LOGIN_ERROR", userId).toString().contains("invalid_otp"));
        }

        @Test
        void aWrongCodeSentAgainIsAnsweredAsAWrongCodeAndCountsOnce() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String secret = enrol(accessToken(otpLogin(email, PASSWORD, null)), "phone");
            String wrong = wrongCode(secret);
            for (int i = 0; i < 2; i++) {
                HttpResult r = otpLogin(email, PASSWORD, wrong);
                assertEquals(
                        "invalid_otp",
                        r.json().get("type").asText(),
                        "attempt " + (i + 1) + ": " + r);
            }
            assertEquals(1, failuresSettled(userId, 1));
        }

        @Test
        void aCodeTypedInGroupsLogsIn() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String secret = enrol(accessToken(otpLogin(email, PASSWORD, null)), "phone");
            String code = code(secret);
            accessToken(otpLogin(email, PASSWORD, code.substring(0, 3) + " " + code.substring(3)));
        }

        @Test
        void aRequiredOtpStepRefusesACustomerWithoutADeviceInsteadOfFailing() {
            String strict = "otprequired";
            if (server.admin("GET", "/" + strict, null).status() != 200) {
                server.ensureRealm(strict, true);
                for (JsonNode execution :
                        server.adminJson(
                                "/" + strict + "/authentication/flows/direct%20grant/executions")) {
                    if (execution.path("authenticationFlow").asBoolean()
                            && "CONDITIONAL".equals(execution.path("requirement").asText())) {
                        Map<String, Object> required = Server.fromJson(execution);
                        required.put("requirement", "REQUIRED");
                        assertEquals(
                                204,
                                server.admin(
                                                "PUT",
                                                "/"
                                                        + strict
                                                        + "/authentication/flows/direct%20grant/"
                                                        + "executions",
                                                required)
                                        .status());
                    }
                }
            }
            String email = email();
            server.createCustomer(strict, email, PASSWORD);
            HttpResult r = storefront.login(strict, anonymous(strict), email, PASSWORD);
            assertStandardError(401, r);
        }

        @Test
        void aCodeWorksOnceWithinItsPeriod() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String secret = enrol(accessToken(otpLogin(email, PASSWORD, null)), "phone");
            String code = code(secret);
            accessToken(otpLogin(email, PASSWORD, code));
            HttpResult reused = otpLogin(email, PASSWORD, code);
            assertStandardError(401, reused);
            assertEquals("invalid_otp", reused.json().get("type").asText(), reused::toString);
        }

        @Test
        void wrongCodesLockTheAccountAfterTheRealmsFailureFactor() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String secret = enrol(accessToken(otpLogin(email, PASSWORD, null)), "phone");
            String wrong = wrongCode(secret);
            for (int i = 0; i < 3; i++) {
                // Three different wrong codes: the same one again would be answered from memory,
                // uncounted.
                String code =
                        String.format("%06d", (Integer.parseInt(wrong) + i * 7919) % 1_000_000);
                assertEquals(
                        "invalid_otp", otpLogin(email, PASSWORD, code).json().get("type").asText());
            }
            assertEquals(3, failuresSettled(userId, 3));
            HttpResult locked = otpLogin(email, PASSWORD, code(secret));
            assertStandardError(401, locked);
            assertEquals(
                    "unauthorized",
                    locked.json().get("type").asText(),
                    "locked: the ordinary refusal, " + locked);
        }
    }

    @Nested
    class Enrolment {

        @Test
        void theSecretIsShownOnceAndAWrongCodeStoresNothing() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String token = accessToken(otpLogin(email, PASSWORD, null));
            HttpResult offer = send("POST", "/me/mfa/otp", token, Map.of("password", PASSWORD));
            assertEquals(200, offer.status(), offer::toString);
            JsonNode body = offer.json();
            String secret = body.get("secret").asText();
            assertTrue(
                    body.get("otpauthUri").asText().startsWith("otpauth://totp/"), body::toString);
            assertEquals(6, body.get("digits").asInt());
            assertEquals(30, body.get("period").asInt());
            assertEquals("SHA1", body.get("algorithm").asText());

            HttpResult wrong =
                    send("POST", "/me/mfa/otp/confirm", token, Map.of("code", wrongCode(secret)));
            assertStandardError(400, wrong);
            HttpResult none = send("GET", "/me/mfa", token, null);
            assertEquals(200, none.status(), none::toString);
            assertEquals(0, none.json().size(), none::toString);
            assertTrue(
                    server.adminJson("/" + SHOP + "/users/" + userId + "/credentials")
                                    .toString()
                                    .indexOf("\"otp\"")
                            < 0);

            assertEquals(
                    204,
                    send(
                                    "POST",
                                    "/me/mfa/otp/confirm",
                                    token,
                                    Map.of("code", code(secret), "label", "my phone"))
                            .status());
            HttpResult devices = send("GET", "/me/mfa", token, null);
            assertEquals(1, devices.json().size(), devices::toString);
            assertEquals("otp", devices.json().get(0).get("type").asText());
            assertEquals("my phone", devices.json().get(0).get("label").asText());
            assertNotNull(devices.json().get(0).get("createdDate"));
            assertFalse(devices.body().contains(secret), "the secret is never shown again");
            assertTrue(
                    server.adminJson("/" + SHOP + "/users/" + userId + "/credentials")
                            .toString()
                            .contains("\"otp\""),
                    "the admin sees the credential");
            assertFalse(server.events(SHOP, "UPDATE_CREDENTIAL", userId).isEmpty());
            assertFalse(server.events(SHOP, "UPDATE_CREDENTIAL_ERROR", userId).isEmpty());
        }

        @Test
        void anOverlongLabelIsRefusedAndTheOfferStays() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String token = accessToken(otpLogin(email, PASSWORD, null));
            String secret =
                    send("POST", "/me/mfa/otp", token, Map.of("password", PASSWORD))
                            .json()
                            .get("secret")
                            .asText();
            HttpResult tooLong =
                    send(
                            "POST",
                            "/me/mfa/otp/confirm",
                            token,
                            Map.of("code", code(secret), "label", "x".repeat(256)));
            assertStandardError(400, tooLong);
            assertEquals(
                    "label", tooLong.json().at("/details/0/field").asText(), tooLong::toString);
            assertEquals(
                    204,
                    send(
                                    "POST",
                                    "/me/mfa/otp/confirm",
                                    token,
                                    Map.of("code", code(secret), "label", "phone"))
                            .status());
        }

        @Test
        void removalNeedsATokenOfAnOtpLogin() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String passwordToken = accessToken(otpLogin(email, PASSWORD, null));
            String secret = enrol(passwordToken, "phone");
            String id =
                    send("GET", "/me/mfa", passwordToken, null).json().get(0).get("id").asText();
            Map<String, String> proof = Map.of("password", PASSWORD);

            assertStandardError(403, send("DELETE", "/me/mfa/" + id, passwordToken, proof));
            String otpToken = accessToken(otpLogin(email, PASSWORD, code(secret)));
            assertStandardError(404, send("DELETE", "/me/mfa/no-such-device", otpToken, proof));
            String password = null;
            for (JsonNode credential :
                    server.adminJson("/" + SHOP + "/users/" + userId + "/credentials")) {
                password =
                        "password".equals(credential.get("type").asText())
                                ? credential.get("id").asText()
                                : password;
            }
            assertStandardError(404, send("DELETE", "/me/mfa/" + password, otpToken, proof));

            String stranger = email();
            server.createCustomer(SHOP, stranger, PASSWORD);
            String strangerToken = accessToken(otpLogin(stranger, PASSWORD, null));
            String strangerSecret = enrol(strangerToken, "phone");
            String strangerOtpToken =
                    accessToken(otpLogin(stranger, PASSWORD, code(strangerSecret)));
            assertStandardError(404, send("DELETE", "/me/mfa/" + id, strangerOtpToken, proof));

            assertEquals(204, send("DELETE", "/me/mfa/" + id, otpToken, proof).status());
            assertEquals(0, send("GET", "/me/mfa", otpToken, null).json().size());
            assertEquals(
                    200,
                    otpLogin(email, PASSWORD, null).status(),
                    "without a device the password logs in alone again");
            assertFalse(server.events(SHOP, "REMOVE_CREDENTIAL", userId).isEmpty());
        }

        @Test
        void aLeakedTokenAloneAddsNoDeviceAndAWrongPasswordCounts() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String leaked = accessToken(otpLogin(email, PASSWORD, null));
            HttpResult withoutPassword = send("POST", "/me/mfa/otp", leaked, Map.of());
            assertStandardError(400, withoutPassword);
            assertEquals(
                    "password",
                    withoutPassword.json().at("/details/0/field").asText(),
                    withoutPassword::toString);
            assertFalse(withoutPassword.body().contains("secret"), withoutPassword::toString);
            HttpResult wrongPassword =
                    send("POST", "/me/mfa/otp", leaked, Map.of("password", "guessed-pass-1"));
            assertStandardError(401, wrongPassword);
            assertEquals(
                    1,
                    failuresSettled(userId, 1),
                    "a wrong password at enrolment counts like a wrong login");
            HttpResult confirm =
                    send("POST", "/me/mfa/otp/confirm", leaked, Map.of("code", "123456"));
            assertStandardError(400, confirm);
            assertEquals(
                    0, send("GET", "/me/mfa", leaked, null).json().size(), "no device was added");
            assertTrue(Mailbox.to(email).isEmpty(), "nothing changed, nothing to tell");
        }

        @Test
        void removalNeedsThePasswordOrACurrentCodeBesidesAnOtpLogin() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String secret = enrol(accessToken(otpLogin(email, PASSWORD, null)), "phone");
            String otpToken = accessToken(otpLogin(email, PASSWORD, code(secret)));
            String id = send("GET", "/me/mfa", otpToken, null).json().get(0).get("id").asText();

            HttpResult noProof = send("DELETE", "/me/mfa/" + id, otpToken, null);
            assertStandardError(403, noProof);
            assertEquals(
                    "reauthentication_required",
                    noProof.json().get("type").asText(),
                    noProof::toString);
            assertStandardError(
                    401,
                    send(
                            "DELETE",
                            "/me/mfa/" + id,
                            otpToken,
                            Map.of("password", "guessed-pass-1")));
            HttpResult wrongCode =
                    send("DELETE", "/me/mfa/" + id, otpToken, Map.of("code", wrongCode(secret)));
            assertStandardError(401, wrongCode);
            assertEquals("invalid_otp", wrongCode.json().get("type").asText(), wrongCode::toString);
            assertEquals(
                    2, failuresSettled(userId, 2), "each wrong proof counts like a wrong login");
            assertEquals(
                    1,
                    send("GET", "/me/mfa", otpToken, null).json().size(),
                    "the device is still there");

            assertEquals(
                    204,
                    send("DELETE", "/me/mfa/" + id, otpToken, Map.of("code", code(secret)))
                            .status());
            assertEquals(0, send("GET", "/me/mfa", otpToken, null).json().size());
        }

        @Test
        void theShopperIsToldOfEveryDeviceAddedOrRemoved() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String secret = enrol(accessToken(otpLogin(email, PASSWORD, null)), "phone");
            assertTrue(
                    Mailbox.await(email, 1, 15).text().contains("one-time-code device was added"),
                    () -> Mailbox.to(email).toString());
            String otpToken = accessToken(otpLogin(email, PASSWORD, code(secret)));
            String id = send("GET", "/me/mfa", otpToken, null).json().get(0).get("id").asText();
            assertEquals(
                    204,
                    send("DELETE", "/me/mfa/" + id, otpToken, Map.of("password", PASSWORD))
                            .status());
            assertTrue(
                    Mailbox.await(email, 2, 15).text().contains("one-time-code device was removed"),
                    () -> Mailbox.to(email).toString());
        }

        @Test
        void anAnonymousTokenHasNoDevices() {
            String anonymous = anonymous(SHOP);
            assertInvalidToken(send("GET", "/me/mfa", anonymous, null));
            assertInvalidToken(send("POST", "/me/mfa/otp", anonymous, Map.of()));
        }
    }

    @Nested
    class Sessions {

        @Test
        void theCustomerSeesTheirSessionsAndEndsAnother() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String other = accessToken(otpLogin(email, PASSWORD, null));
            String current = accessToken(otpLogin(email, PASSWORD, null));
            HttpResult list = send("GET", "/me/sessions", current, null);
            assertEquals(200, list.status(), list::toString);
            assertEquals(2, list.json().size(), list::toString);
            String otherId = null;
            int currents = 0;
            for (JsonNode s : list.json()) {
                for (String field :
                        List.of(
                                "id",
                                "current",
                                "started",
                                "lastAccess",
                                "expires",
                                "ipAddress",
                                "client")) {
                    assertTrue(s.has(field), field + " in " + s);
                }
                assertEquals("storefront", s.get("client").asText());
                if (s.get("current").asBoolean()) {
                    currents++;
                } else {
                    otherId = s.get("id").asText();
                }
            }
            assertEquals(1, currents);
            assertEquals(204, send("DELETE", "/me/sessions/" + otherId, current, null).status());
            assertInvalidToken(storefront.validate(SHOP, other));
            assertEquals(200, storefront.validate(SHOP, current).status());
            assertEquals(1, send("GET", "/me/sessions", current, null).json().size());
            assertFalse(server.events(SHOP, "LOGOUT", userId).isEmpty());
        }

        @Test
        void anOfflineSessionIsListedAndEndsWithTheOthers() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            HttpResult offline =
                    server.postForm(
                            server.baseUrl() + "/realms/" + SHOP + "/protocol/openid-connect/token",
                            Map.of(
                                    "grant_type",
                                    "password",
                                    "client_id",
                                    "storefront",
                                    "username",
                                    email,
                                    "password",
                                    PASSWORD,
                                    "scope",
                                    "offline_access"));
            assertEquals(200, offline.status(), offline::toString);
            String current = accessToken(otpLogin(email, PASSWORD, null));
            HttpResult list = send("GET", "/me/sessions", current, null);
            assertTrue(list.body().contains("\"offline\":true"), list::toString);
            assertEquals(204, send("DELETE", "/me/sessions", current, null).status());
            HttpResult refreshed =
                    server.postForm(
                            server.baseUrl() + "/realms/" + SHOP + "/protocol/openid-connect/token",
                            Map.of(
                                    "grant_type",
                                    "refresh_token",
                                    "client_id",
                                    "storefront",
                                    "refresh_token",
                                    offline.json().get("refresh_token").asText()));
            assertEquals(
                    400,
                    refreshed.status(),
                    "the offline token ended with the other sessions: " + refreshed);
            assertEquals(200, storefront.validate(SHOP, current).status());
        }

        @Test
        void anotherCustomersSessionIsNotThere() {
            String mine = email();
            String theirs = email();
            server.createCustomer(SHOP, mine, PASSWORD);
            server.createCustomer(SHOP, theirs, PASSWORD);
            String myToken = accessToken(otpLogin(mine, PASSWORD, null));
            String theirToken = accessToken(otpLogin(theirs, PASSWORD, null));
            String theirSession =
                    send("GET", "/me/sessions", theirToken, null).json().get(0).get("id").asText();
            assertStandardError(404, send("DELETE", "/me/sessions/" + theirSession, myToken, null));
            assertStandardError(404, send("DELETE", "/me/sessions/no-such-session", myToken, null));
            assertEquals(
                    200, storefront.validate(SHOP, theirToken).status(), "their session lives on");
        }

        @Test
        void endingAllOthersKeepsTheCurrentOne() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String first = accessToken(otpLogin(email, PASSWORD, null));
            String second = accessToken(otpLogin(email, PASSWORD, null));
            String current = accessToken(otpLogin(email, PASSWORD, null));
            assertEquals(204, send("DELETE", "/me/sessions", current, null).status());
            assertInvalidToken(storefront.validate(SHOP, first));
            assertInvalidToken(storefront.validate(SHOP, second));
            assertEquals(200, storefront.validate(SHOP, current).status());
            assertEquals(1, send("GET", "/me/sessions", current, null).json().size());
        }

        @Test
        void anAnonymousTokenHasNoSessions() {
            assertInvalidToken(send("GET", "/me/sessions", anonymous(SHOP), null));
            assertInvalidToken(send("DELETE", "/me/sessions", anonymous(SHOP), null));
        }
    }
}
