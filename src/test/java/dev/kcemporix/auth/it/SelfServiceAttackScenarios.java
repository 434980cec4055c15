package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.Demo;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The self-service calls tried as an attacker would, with a leaked token, a script, a shared device
 * (docs/endpoints.md, *Customer self-service*, the rules under its table): one scenario per way in
 * or way to hurt, each written before its fix and seen failing. Run on the realm mount by a
 * subclass (MountParityIT sends every call to both mounts).
 */
abstract class SelfServiceAttackScenarios extends SelfServiceCalls {

    /**
     * Double opt-in on, sign-up allowed, brute force after 5 failures (Keycloak's quick-login check
     * at its defaults).
     */
    static final String SHOP = "attackshop";

    /**
     * As {@link #SHOP}, with a one-second mail throttle: for scenarios that need two mails of a
     * kind to one address.
     */
    static final String FAST = "attackfast";

    /** Enumeration-safe, no opt-in, a password policy. */
    static final String SAFE = "attacksafe";

    /** Enumeration-safe with double opt-in. */
    static final String SAFE_OPT_IN = "attacksafeoptin";

    /** The realm's "User registration" off. */
    static final String CLOSED = "attackclosed";

    /** No storefront URL. */
    static final String NO_URL = "attacknourl";

    /** A password policy with history. */
    static final String POLICY = "attackpolicy";

    /** A client policy that refuses the password grant. */
    static final String NO_ROPC = "attacknoropc";

    /** Brute force after 3 failures, without the quick-login check: guesses count one by one. */
    static final String LOCK = "attacklock";

    static final String PASSWORD = "attack-pass-1";
    static final String STOREFRONT_URL = "https://shop.example";

    @BeforeAll
    static void realms() {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("smtpServer", Mailbox.smtpSettings());
        base.put("registrationAllowed", true);
        base.put("eventsEnabled", true);
        base.put(
                "enabledEventTypes",
                List.of(
                        "REGISTER",
                        "REGISTER_ERROR",
                        "VERIFY_EMAIL",
                        "VERIFY_EMAIL_ERROR",
                        "SEND_VERIFY_EMAIL",
                        "SEND_VERIFY_EMAIL_ERROR",
                        "SEND_RESET_PASSWORD",
                        "SEND_RESET_PASSWORD_ERROR",
                        "RESET_PASSWORD",
                        "RESET_PASSWORD_ERROR",
                        "UPDATE_PASSWORD",
                        "UPDATE_PASSWORD_ERROR",
                        "UPDATE_EMAIL",
                        "UPDATE_EMAIL_ERROR",
                        "LOGIN",
                        "LOGIN_ERROR"));
        base.put("bruteForceProtected", true);
        base.put("failureFactor", 5);
        Map<String, String> url = Map.of("emporix.storefrontUrl", STOREFRONT_URL);
        server.ensureRealm(SHOP, true, with(base, "verifyEmail", true), url);
        server.ensureRealm(
                FAST,
                true,
                with(base, "verifyEmail", true),
                Map.of(
                        "emporix.storefrontUrl",
                        STOREFRONT_URL,
                        "emporix.mail.throttleSeconds",
                        "1"));
        server.ensureRealm(
                SAFE,
                true,
                with(base, "passwordPolicy", "length(10) and digits(1)"),
                Map.of(
                        "emporix.storefrontUrl",
                        STOREFRONT_URL,
                        "emporix.signup.enumerationSafe",
                        "true"));
        server.ensureRealm(
                SAFE_OPT_IN,
                true,
                with(base, "verifyEmail", true),
                Map.of(
                        "emporix.storefrontUrl",
                        STOREFRONT_URL,
                        "emporix.signup.enumerationSafe",
                        "true"));
        server.ensureRealm(CLOSED, true, with(base, "registrationAllowed", false), url);
        server.ensureRealm(NO_URL, true, base, Map.of());
        server.ensureRealm(
                LOCK, true, with(base, "failureFactor", 3, "quickLoginCheckMilliSeconds", 1), url);
        server.ensureRealm(
                POLICY,
                true,
                with(base, "passwordPolicy", "length(10) and digits(1) and passwordHistory(3)"),
                url);
        if (server.admin("GET", "/" + NO_ROPC, null).status() != 200) {
            server.ensureRealm(
                    NO_ROPC,
                    true,
                    with(base, "verifyEmail", true),
                    Map.of(
                            "emporix.storefrontUrl",
                            STOREFRONT_URL,
                            "emporix.mail.throttleSeconds",
                            "1"));
            KeycloakParityIT.rejectPasswordGrant(server, NO_ROPC);
        }
    }

    static String email() {
        return address("atk-");
    }

    String customerToken(String tenant, String email, String password) {
        HttpResult r = login(tenant, email, password);
        assertEquals(200, r.status(), r::toString);
        return r.json().get("access_token").asText();
    }

    HttpResult signUp(String tenant, String email, String password) {
        return post(
                tenant, "/signup", anonymous(tenant), Map.of("email", email, "password", password));
    }

    HttpResult optIn(String tenant, String token) {
        return server.get(
                url(tenant, "/signup/optin/" + Server.enc(token)),
                "Authorization",
                "Bearer " + anonymous(tenant));
    }

    /**
     * Keycloak's own password grant of {@code clientId}, with {@code secret} for a confidential
     * client.
     */
    HttpResult nativeLogin(
            String realm, String clientId, String secret, String email, String password) {
        Map<String, String> form =
                new LinkedHashMap<>(
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                clientId,
                                "username",
                                email,
                                "password",
                                password));
        if (secret != null) {
            form.put("client_secret", secret);
        }
        return server.postForm(
                server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token", form);
    }

    int failures(String realm, String userId) {
        return server.adminJson("/" + realm + "/attack-detection/brute-force/users/" + userId)
                .get("numFailures")
                .asInt();
    }

    /**
     * Keycloak's brute-force detector counts after the answer: waits until it shows {@code
     * expected}, or a while.
     */
    int failuresSettled(String realm, String userId, int expected) {
        int seen = failures(realm, userId);
        for (int i = 0; i < 50 && seen < expected; i++) {
            sleep(100);
            seen = failures(realm, userId);
        }
        // A count beyond the expected one shows within the second after (the detector takes
        // milliseconds).
        sleep(1000);
        return failures(realm, userId);
    }

    @Nested
    class LeakedTokenTakeover {

        @Test
        void anEmailChangeWithoutThePasswordIsRefusedAndMailsNobody() {
            String email = email();
            String attacker = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String leaked = customerToken(SHOP, email, PASSWORD);
            HttpResult r =
                    post(
                            SHOP,
                            "/me/accounts/internal/email/change",
                            leaked,
                            Map.of("newEmail", attacker));
            assertStandardError(400, r);
            assertEquals("password", r.json().at("/details/0/field").asText(), r::toString);
            sleep(1500);
            assertTrue(Mailbox.to(attacker).isEmpty(), "no token went to the attacker's mailbox");
        }

        @Test
        void anEmailThatIsNotTheCurrentLoginIsRefused() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            HttpResult r =
                    post(
                            SHOP,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of("email", email(), "password", PASSWORD, "newEmail", email()));
            assertStandardError(400, r);
            assertEquals("email", r.json().at("/details/0/field").asText(), r::toString);
        }

        @Test
        void theOldAddressIsToldThatAChangeWasAskedFor() {
            String email = email();
            String newEmail = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/me/accounts/internal/email/change",
                                    token,
                                    Map.of(
                                            "email",
                                            email,
                                            "password",
                                            PASSWORD,
                                            "newEmail",
                                            newEmail))
                            .status());
            Mailbox.Mail token_ = Mailbox.await(newEmail, 1, 15);
            Mailbox.Mail notice = Mailbox.await(email, 1, 15);
            assertFalse(
                    notice.text().contains(token_.token()),
                    "the old address gets a notice, not the token");
            assertTrue(notice.text().contains(newEmail), notice.text());
            assertTrue(
                    token_.text().contains(email),
                    "the link names the account it moves: " + token_.text());
        }

        @Test
        void aWrongPasswordIsUnauthorizedCountedAndAnErrorEvent() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            HttpResult r =
                    post(
                            SHOP,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of("password", "wrong-pass-1", "newEmail", email()));
            assertStandardError(401, r);
            assertEquals(1, failuresSettled(SHOP, userId, 1));
            JsonNode errors = server.events(SHOP, "UPDATE_EMAIL_ERROR", userId);
            assertEquals(1, errors.size(), errors::toString);
            assertEquals("invalid_user_credentials", errors.get(0).get("error").asText());
        }
    }

    @Nested
    class OnlyStorefrontTokensAreCustomerTokens {

        @Test
        void anAdminCliTokenOfTheShopperIsNoCustomerTokenAnywhere() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            HttpResult adminCli = nativeLogin(SHOP, "admin-cli", null, email, PASSWORD);
            assertEquals(200, adminCli.status(), adminCli::toString);
            assertRefusedAsCustomerToken(SHOP, adminCli.json().get("access_token").asText());
            assertInvalidToken(
                    storefront.refresh(SHOP, adminCli.json().get("refresh_token").asText()));
        }

        @Test
        void aPartnerAppsTokenIsNoCustomerToken() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            if (server.adminJson("/" + SHOP + "/clients?clientId=partner-app").isEmpty()) {
                assertEquals(
                        201,
                        server.admin(
                                        "POST",
                                        "/" + SHOP + "/clients",
                                        Map.of(
                                                "clientId",
                                                "partner-app",
                                                "publicClient",
                                                false,
                                                "secret",
                                                "partner-secret-1",
                                                "directAccessGrantsEnabled",
                                                true,
                                                "standardFlowEnabled",
                                                false))
                                .status());
            }
            HttpResult partner =
                    nativeLogin(SHOP, "partner-app", "partner-secret-1", email, PASSWORD);
            assertEquals(200, partner.status(), partner::toString);
            assertRefusedAsCustomerToken(SHOP, partner.json().get("access_token").asText());
            assertInvalidToken(
                    storefront.refresh(SHOP, partner.json().get("refresh_token").asText()));
        }

        void assertRefusedAsCustomerToken(String tenant, String token) {
            assertInvalidToken(storefront.validate(tenant, token));
            assertInvalidToken(
                    server.send(
                            "PATCH",
                            url(tenant, "/me"),
                            "application/json",
                            Server.toJson(Map.of("company", "Evil")),
                            "Authorization",
                            "Bearer " + token));
            assertInvalidToken(server.get(url(tenant, "/me"), "Authorization", "Bearer " + token));
            assertInvalidToken(
                    post(
                            tenant,
                            "/password/change",
                            token,
                            Map.of("currentPassword", PASSWORD, "newPassword", "taken-over-1")));
            assertInvalidToken(
                    post(
                            tenant,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of("password", PASSWORD, "newEmail", email())));
            assertInvalidToken(storefront.logout(tenant, token));
        }

        @Test
        void keycloaksOwnClientsGetNoAnonymousToken() {
            for (String client :
                    List.of(
                            "admin-cli",
                            "account-console",
                            "security-admin-console",
                            "account",
                            "broker",
                            "realm-management")) {
                HttpResult r =
                        storefront.anonymousLogin(SHOP, "tenant=" + SHOP + "&client_id=" + client);
                assertStandardError(401, r);
            }
        }
    }

    @Nested
    class OptInLinksDieOnceTheAccountIsActive {

        @Test
        void anyOtherOptInTokenIsDeadOnceOneWasUsed() {
            String email = email();
            assertEquals(201, signUp(FAST, email, PASSWORD).status());
            String first = Mailbox.await(email, 1, 15).token();
            sleep(1200);
            assertEquals(
                    202,
                    post(
                                    FAST,
                                    "/signup/optin/refresh_token",
                                    anonymous(FAST),
                                    Map.of("email", email))
                            .status());
            String second = Mailbox.await(email, 2, 15).token();
            assertEquals(200, optIn(FAST, second).status());
            HttpResult stale = optIn(FAST, first);
            assertStandardError(400, stale);
            assertFalse(stale.body().contains("access_token"), stale::toString);
        }

        @Test
        void anOptInTokenIsDeadOnceAnAdminActivatedTheAccount() {
            String email = email();
            assertEquals(201, signUp(SHOP, email, PASSWORD).status());
            String token = Mailbox.await(email, 1, 15).token();
            String userId = server.userId(SHOP, email);
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + SHOP + "/users/" + userId,
                                    Map.of("emailVerified", true, "requiredActions", List.of()))
                            .status());
            assertStandardError(400, optIn(SHOP, token));
        }
    }

    @Nested
    class OneUseOfALinkEndsTheOthersOfItsKind {

        /**
         * Three reset links of one customer used at once: one resets the password, the others are
         * refused, as they would be one after the other (each redemption swaps the customer's
         * used-link mark in the database, so concurrent ones cannot all read the old mark).
         */
        @Test
        void threeResetLinksUsedAtOnceResetThePasswordOnce() throws Exception {
            String email = email();
            server.createCustomer(FAST, email, PASSWORD);
            List<String> links = new java.util.ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                HttpResult asked =
                        post(FAST, "/password/reset", anonymous(FAST), Map.of("email", email));
                assertEquals(204, asked.status(), asked::toString);
                links.add(Mailbox.await(email, n, 15).token());
                sleep(1_100); // the tenant's one-second mail throttle
            }
            String bearer = anonymous(FAST);
            java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(links.size());
            List<HttpResult> answers = new java.util.ArrayList<>();
            try {
                java.util.concurrent.CountDownLatch start =
                        new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<HttpResult>> futures = new java.util.ArrayList<>();
                for (String link : links) {
                    futures.add(
                            pool.submit(
                                    () -> {
                                        start.await();
                                        return post(
                                                FAST,
                                                "/password/reset/update",
                                                bearer,
                                                Map.of(
                                                        "token",
                                                        link,
                                                        "password",
                                                        "raced-pass-" + link.hashCode()));
                                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<HttpResult> future : futures) {
                    answers.add(future.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(
                    1, answers.stream().filter(a -> a.status() == 204).count(), answers::toString);
            // The winner's password is the customer's now, so the others are not. (Trying theirs
            // first would trip Keycloak's quick-login lock before the winner's: seen.)
            for (int i = 0; i < links.size(); i++) {
                HttpResult answer = answers.get(i);
                if (answer.status() == 204) {
                    String password = "raced-pass-" + links.get(i).hashCode();
                    assertEquals(200, login(FAST, email, password).status(), "the winner's");
                } else {
                    assertStandardError(400, answer);
                    assertTrue(
                            List.of("used_token", "invalid_token")
                                    .contains(answer.json().path("type").asText()),
                            answer::toString);
                }
            }
        }
    }

    @Nested
    class NoStuckAccounts {

        @Test
        void aPasswordResetOfAnAccountWaitingForItsOptInActivatesIt() {
            String email = email();
            assertEquals(201, signUp(SHOP, email, PASSWORD).status());
            String optInToken = Mailbox.await(email, 1, 15).token();
            assertEquals(
                    204,
                    post(SHOP, "/password/reset", anonymous(SHOP), Map.of("email", email))
                            .status());
            String resetToken = Mailbox.await(email, 2, 15).token();
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/password/reset/update",
                                    anonymous(SHOP),
                                    Map.of("token", resetToken, "password", "after-reset-1"))
                            .status());
            HttpResult r = login(SHOP, email, "after-reset-1");
            assertEquals(200, r.status(), r::toString);
            assertStandardError(400, optIn(SHOP, optInToken));
        }
    }

    @Nested
    class NoFailureRememberedPastItsReason {

        @Test
        void aLoginTriedBeforeSignUpDoesNotStopTheLoginAfterIt() {
            String email = email();
            assertStandardError(401, login(SAFE, email, "safe-pass-123"));
            assertEquals(201, signUp(SAFE, email, "safe-pass-123").status());
            HttpResult r = login(SAFE, email, "safe-pass-123");
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void aResetToThePasswordThatJustFailedLogsInAtOnce() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            assertStandardError(401, login(SHOP, email, "future-pass-1"));
            assertEquals(
                    204,
                    post(SHOP, "/password/reset", anonymous(SHOP), Map.of("email", email))
                            .status());
            String token = Mailbox.await(email, 1, 15).token();
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/password/reset/update",
                                    anonymous(SHOP),
                                    Map.of("token", token, "password", "future-pass-1"))
                            .status());
            HttpResult r = login(SHOP, email, "future-pass-1");
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void aChangeToThePasswordThatJustFailedLogsInAtOnce() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            assertStandardError(401, login(SHOP, email, "future-pass-2"));
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/password/change",
                                    token,
                                    Map.of(
                                            "currentPassword",
                                            PASSWORD,
                                            "newPassword",
                                            "future-pass-2"))
                            .status());
            HttpResult r = login(SHOP, email, "future-pass-2");
            assertEquals(200, r.status(), r::toString);
        }

        @Test
        void anAdminsPasswordSetToThePasswordThatJustFailedLogsInAtOnce() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            assertStandardError(401, login(SHOP, email, "future-pass-3"));
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + SHOP + "/users/" + userId + "/reset-password",
                                    Map.of(
                                            "type",
                                            "password",
                                            "value",
                                            "future-pass-3",
                                            "temporary",
                                            false))
                            .status());
            HttpResult r = login(SHOP, email, "future-pass-3");
            assertEquals(200, r.status(), r::toString);
        }
    }

    @Nested
    class NoEnumerationWhereTheTenantAskedForNone {

        @Test
        void anEmailChangeToATakenAddressAnswersAsForAFreeOneAndMailsItsOwner() {
            String email = email();
            String taken = email();
            server.createCustomer(SAFE, email, "safe-pass-123");
            server.createCustomer(SAFE, taken, "safe-pass-123");
            String token = customerToken(SAFE, email, "safe-pass-123");
            String other = email();
            server.createCustomer(SAFE, other, "safe-pass-123");
            String otherToken = customerToken(SAFE, other, "safe-pass-123");
            HttpResult free =
                    post(
                            SAFE,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of("password", "safe-pass-123", "newEmail", email()));
            HttpResult busy =
                    post(
                            SAFE,
                            "/me/accounts/internal/email/change",
                            otherToken,
                            Map.of("password", "safe-pass-123", "newEmail", taken));
            assertEquals(204, free.status(), free::toString);
            assertEquals(free.status(), busy.status(), busy::toString);
            assertEquals(free.body(), busy.body());
            Mailbox.Mail owner = Mailbox.await(taken, 1, 15);
            assertFalse(
                    owner.text().contains("token="),
                    "the owner gets a note, no token: " + owner.text());
            // The requester's own inbox tells nothing either: a notice comes for a taken address as
            // for a free one.
            assertTrue(Mailbox.await(email, 1, 15).text().contains("instead of this address"));
            assertTrue(Mailbox.await(other, 1, 15).text().contains("instead of this address"));
        }

        @Test
        void aLoginAfterASignUpTellsNothingAboutTheAddress() {
            String taken = email();
            server.createCustomer(SAFE_OPT_IN, taken, "safe-pass-123");
            String free = email();
            assertEquals(201, signUp(SAFE_OPT_IN, free, "probe-pass-123").status());
            assertEquals(201, signUp(SAFE_OPT_IN, taken, "probe-pass-123").status());
            HttpResult pending = login(SAFE_OPT_IN, free, "probe-pass-123");
            HttpResult owned = login(SAFE_OPT_IN, taken, "probe-pass-123");
            assertStandardError(401, pending);
            assertEquals(owned.status(), pending.status());
            assertEquals(
                    owned.body(),
                    pending.body(),
                    "a pending sign-up and someone else's account answer alike");
        }

        @Test
        void aRepeatedWrongLoginIsAnsweredFromMemoryForAnUnknownAddressAsForACustomer() {
            String known = email();
            String knownId = server.createCustomer(SHOP, known, PASSWORD);
            String unknown = email();
            for (String address : List.of(known, unknown)) {
                assertStandardError(401, login(SHOP, address, "wrong-pass-9"));
                assertStandardError(401, login(SHOP, address, "wrong-pass-9"));
            }
            JsonNode errors = server.adminJson("/" + SHOP + "/events?type=LOGIN_ERROR&max=500");
            for (String address : List.of(known, unknown)) {
                boolean fromMemory = false;
                for (JsonNode e : errors) {
                    fromMemory |=
                            address.equals(e.at("/details/username").asText())
                                    && e.at("/details/reason")
                                            .asText()
                                            .contains("not counted again");
                }
                assertTrue(
                        fromMemory,
                        "the repeat for "
                                + address
                                + " is refused from memory, without asking Keycloak");
            }
            assertEquals(1, failuresSettled(SHOP, knownId, 1));
        }

        @Test
        void aSignUpToATakenAddressIsValidatedLikeAFreeOne() {
            String taken = email();
            server.createCustomer(SAFE, taken, "safe-pass-123");
            for (String weak : List.of("short", "no-digits-here")) {
                HttpResult free = signUp(SAFE, email(), weak);
                HttpResult busy = signUp(SAFE, taken, weak);
                assertStandardError(400, free);
                assertEquals(free.status(), busy.status(), busy::toString);
                assertEquals(free.json().get("details"), busy.json().get("details"));
            }
        }
    }

    @Nested
    class NoMailBombing {

        @Test
        void resetAskedFiveTimesMailsOnceAndAnswersTheSame() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String body = null;
            for (int i = 0; i < 5; i++) {
                HttpResult r =
                        post(SHOP, "/password/reset", anonymous(SHOP), Map.of("email", email));
                assertEquals(204, r.status(), r::toString);
                body = body == null ? r.body() : body;
                assertEquals(body, r.body());
            }
            Mailbox.await(email, 1, 15);
            sleep(2000);
            assertEquals(1, Mailbox.to(email).size());
        }

        @Test
        void signUpThenResendsMailOnce() {
            String email = email();
            assertEquals(201, signUp(SHOP, email, PASSWORD).status());
            for (int i = 0; i < 4; i++) {
                assertEquals(
                        202,
                        post(
                                        SHOP,
                                        "/signup/optin/refresh_token",
                                        anonymous(SHOP),
                                        Map.of("email", email))
                                .status());
            }
            Mailbox.await(email, 1, 15);
            sleep(2000);
            assertEquals(1, Mailbox.to(email).size());
        }

        @Test
        void emailChangesToOneAddressMailItOnce() {
            String email = email();
            String target = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        204,
                        post(
                                        SHOP,
                                        "/me/accounts/internal/email/change",
                                        token,
                                        Map.of("password", PASSWORD, "newEmail", target))
                                .status());
            }
            Mailbox.await(target, 1, 15);
            sleep(2000);
            assertEquals(1, Mailbox.to(target).size());
        }

        @Test
        void duplicateSignUpsInASafeTenantMailTheOwnerOnce() {
            String taken = email();
            server.createCustomer(SAFE, taken, "safe-pass-123");
            for (int i = 0; i < 3; i++) {
                assertEquals(201, signUp(SAFE, taken, "safe-pass-123").status());
            }
            Mailbox.await(taken, 1, 15);
            sleep(2000);
            assertEquals(1, Mailbox.to(taken).size());
        }
    }

    @Nested
    class UserRegistrationSwitch {

        @Test
        void signUpIsForbiddenWhileTheRealmAllowsNoRegistrationAndCreatesNobody() {
            String email = email();
            HttpResult r = signUp(CLOSED, email, PASSWORD);
            assertStandardError(403, r);
            assertTrue(
                    server.adminJson("/" + CLOSED + "/users?exact=true&email=" + Server.enc(email))
                            .isEmpty());
        }
    }

    @Nested
    class NoLinksToAGuessedHost {

        @Test
        void withoutAStorefrontUrlNoMailLinksAnywhereAndTheHealthReportSaysSo() {
            String email = email();
            String userId = server.createCustomer(NO_URL, email, PASSWORD);
            assertEquals(
                    204,
                    post(NO_URL, "/password/reset", anonymous(NO_URL), Map.of("email", email))
                            .status());
            sleep(2000);
            for (Mailbox.Mail mail : Mailbox.to(email)) {
                assertFalse(mail.text().contains("localhost:3000"), mail.text());
                assertFalse(mail.text().contains("token="), mail.text());
            }
            assertFalse(
                    server.events(NO_URL, "SEND_RESET_PASSWORD_ERROR", userId).isEmpty(),
                    "the refusal to mail a guessed link is an event");
            String health = server.adminJson("/" + NO_URL + "/emporix/health").toString();
            assertTrue(health.contains("no-storefront-url"), health);
        }
    }

    @Nested
    class FailedRequestsUseUpNoToken {

        @Test
        void aResetRefusedByThePolicyOrItsHistoryKeepsTheToken() {
            String email = email();
            server.createCustomer(POLICY, email, "initial-pass-1");
            assertEquals(
                    204,
                    post(POLICY, "/password/reset", anonymous(POLICY), Map.of("email", email))
                            .status());
            String token = Mailbox.await(email, 1, 15).token();
            for (String refused : List.of("short", "no-digits-here", "initial-pass-1")) {
                HttpResult r =
                        post(
                                POLICY,
                                "/password/reset/update",
                                anonymous(POLICY),
                                Map.of("token", token, "password", refused));
                assertStandardError(400, r);
                assertEquals(
                        "password_policy",
                        r.json()
                                .at("/details/0/type")
                                .asText()
                                .replace("too_short", "password_policy"),
                        r::toString);
            }
            HttpResult good =
                    post(
                            POLICY,
                            "/password/reset/update",
                            anonymous(POLICY),
                            Map.of("token", token, "password", "after-reset-123"));
            assertEquals(204, good.status(), good::toString);
        }

        @Test
        void anOptInRefusedByAClientPolicyKeepsTheTokenAndTheAccountWaiting() {
            String email = email();
            assertEquals(201, signUp(NO_ROPC, email, PASSWORD).status());
            String token = Mailbox.await(email, 1, 15).token();
            HttpResult refused = optIn(NO_ROPC, token);
            assertEquals(
                    login(NO_ROPC, email, PASSWORD).status(),
                    refused.status(),
                    "refused as a password login is: " + refused);
            assertFalse(refused.body().contains("access_token"), refused::toString);
            JsonNode user =
                    server.adminJson("/" + NO_ROPC + "/users?exact=true&email=" + Server.enc(email))
                            .get(0);
            assertFalse(
                    user.get("emailVerified").asBoolean(), "the refused opt-in changed nothing");
        }
    }

    @Nested
    class WhatSdksSend {

        @Test
        void aSignUpWithOnlyEmailAndPasswordIsCreated() {
            HttpResult r =
                    post(
                            FAST,
                            "/signup",
                            anonymous(FAST),
                            Map.of("email", email(), "password", PASSWORD));
            assertEquals(201, r.status(), r::toString);
        }

        @Test
        void aSignUpWithOnlyEmailAndPasswordIsCreatedInATenantImportedFromAFile() {
            // The demo tenant is imported at start-up from a realm export that carries Keycloak's
            // default user profile.
            HttpResult r =
                    post(
                            Demo.TENANT,
                            "/signup",
                            anonymous(Demo.TENANT),
                            Map.of("email", email(), "password", PASSWORD));
            assertEquals(201, r.status(), r::toString);
        }

        @Test
        void aPutWithSomeFieldsKeepsTheOthers() {
            String email = email();
            server.createCustomer(
                    SHOP,
                    email,
                    PASSWORD,
                    Map.of("company", List.of("ACME"), "contactPhone", List.of("+49 1")));
            String token = customerToken(SHOP, email, PASSWORD);
            HttpResult put =
                    server.send(
                            "PUT",
                            url(SHOP, "/me"),
                            "application/json",
                            Server.toJson(Map.of("firstName", "Jo")),
                            "Authorization",
                            "Bearer " + token);
            assertEquals(200, put.status(), put::toString);
            assertEquals("Jo", put.json().get("firstName").asText());
            assertEquals("ACME", put.json().path("company").asText(), put::toString);
            assertEquals("+49 1", put.json().path("contactPhone").asText(), put::toString);
            assertEquals("Customer", put.json().path("lastName").asText(), put::toString);
        }

        @Test
        void aWrongCurrentPasswordSentTwiceAtOnceCountsOnceAndLocksNobody()
                throws InterruptedException {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            Map<String, String> wrong =
                    Map.of("currentPassword", "typo-pass-1", "newPassword", "next-pass-123");
            assertStandardError(401, post(SHOP, "/password/change", token, wrong));
            assertStandardError(401, post(SHOP, "/password/change", token, wrong));
            assertEquals(1, failuresSettled(SHOP, userId, 1));
            HttpResult right = login(SHOP, email, PASSWORD);
            assertEquals(200, right.status(), "the quick-login check locked the shopper: " + right);
        }

        @Test
        void aWrongPasswordAtEmailChangeSentTwiceAtOnceCountsOnce() {
            String email = email();
            String userId = server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            Map<String, String> wrong = Map.of("password", "typo-pass-2", "newEmail", email());
            assertStandardError(
                    401, post(SHOP, "/me/accounts/internal/email/change", token, wrong));
            assertStandardError(
                    401, post(SHOP, "/me/accounts/internal/email/change", token, wrong));
            assertEquals(1, failuresSettled(SHOP, userId, 1));
            assertEquals(200, login(SHOP, email, PASSWORD).status());
        }

        @Test
        void neitherPutNorPatchChangesWhatTheUserProfileMakesReadOnlyForCustomers() {
            String realm = "attackreadonly";
            if (server.admin("GET", "/" + realm, null).status() != 200) {
                server.ensureRealm(realm, true);
                Map<String, Object> profile =
                        Server.fromJson(server.adminJson("/" + realm + "/users/profile"));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> attributes =
                        (List<Map<String, Object>>) profile.get("attributes");
                attributes.stream()
                        .filter(a -> a.get("name").equals("company"))
                        .forEach(
                                a ->
                                        a.put(
                                                "permissions",
                                                Map.of(
                                                        "view",
                                                        List.of("admin", "user"),
                                                        "edit",
                                                        List.of("admin"))));
                assertEquals(
                        200, server.admin("PUT", "/" + realm + "/users/profile", profile).status());
            }
            String email = email();
            server.createCustomer(realm, email, PASSWORD, Map.of("company", List.of("ACME")));
            String token = customerToken(realm, email, PASSWORD);
            HttpResult put =
                    server.send(
                            "PUT",
                            url(realm, "/me"),
                            "application/json",
                            Server.toJson(Map.of("firstName", "Jo")),
                            "Authorization",
                            "Bearer " + token);
            assertEquals(200, put.status(), put::toString);
            assertEquals("ACME", put.json().path("company").asText(), put::toString);
            HttpResult patch =
                    server.send(
                            "PATCH",
                            url(realm, "/me"),
                            "application/json",
                            Server.toJson(Map.of("company", "Evil")),
                            "Authorization",
                            "Bearer " + token);
            assertStandardError(400, patch);
            assertEquals("read_only", patch.json().at("/details/0/type").asText(), patch::toString);
            assertEquals(
                    "ACME",
                    server.get(url(realm, "/me"), "Authorization", "Bearer " + token)
                            .json()
                            .path("company")
                            .asText());
        }
    }

    @Nested
    class OfflineSessionsEndWithThePassword {

        HttpResult offlineLogin(String email, String password) {
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
                                    password,
                                    "scope",
                                    "offline_access"));
            assertEquals(200, offline.status(), offline::toString);
            return offline;
        }

        HttpResult nativeRefresh(HttpResult offline) {
            return server.postForm(
                    server.baseUrl() + "/realms/" + SHOP + "/protocol/openid-connect/token",
                    Map.of(
                            "grant_type",
                            "refresh_token",
                            "client_id",
                            "storefront",
                            "refresh_token",
                            offline.json().get("refresh_token").asText()));
        }

        @Test
        void aPasswordChangeEndsTheOfflineTokenOfWhoeverKnewTheOldPassword() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            HttpResult attackers = offlineLogin(email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/password/change",
                                    token,
                                    Map.of(
                                            "currentPassword",
                                            PASSWORD,
                                            "newPassword",
                                            "changed-pass-1"))
                            .status());
            HttpResult refreshed = nativeRefresh(attackers);
            assertEquals(
                    400,
                    refreshed.status(),
                    "the offline token outlived the password change: " + refreshed);
            assertEquals(
                    "invalid_grant", refreshed.json().get("error").asText(), refreshed::toString);
        }

        @Test
        void aResetEndsItToo() {
            String email = email();
            server.createCustomer(SHOP, email, PASSWORD);
            HttpResult attackers = offlineLogin(email, PASSWORD);
            assertEquals(
                    204,
                    post(SHOP, "/password/reset", anonymous(SHOP), Map.of("email", email))
                            .status());
            String token = Mailbox.await(email, 1, 15).token();
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/password/reset/update",
                                    anonymous(SHOP),
                                    Map.of("token", token, "password", "after-reset-2"))
                            .status());
            HttpResult refreshed = nativeRefresh(attackers);
            assertEquals(
                    400, refreshed.status(), "the offline token outlived the reset: " + refreshed);
        }
    }

    @Nested
    class PasswordChecksTakeTurns {

        /**
         * {@code guesses} wrong passwords sent at once to {@code path}, each a different one; the
         * answers' statuses.
         */
        List<Integer> burst(
                String path,
                String token,
                int guesses,
                java.util.function.Function<String, Map<String, String>> body)
                throws Exception {
            java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(guesses);
            try {
                java.util.concurrent.CountDownLatch start =
                        new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < guesses; i++) {
                    String guess = "guess-" + i + "-pass";
                    answers.add(
                            pool.submit(
                                    () -> {
                                        start.await();
                                        return post(LOCK, path, token, body.apply(guess)).status();
                                    }));
                }
                start.countDown();
                List<Integer> statuses = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<Integer> answer : answers) {
                    statuses.add(answer.get());
                }
                return statuses;
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void tenWrongCurrentPasswordsAtOnceLockTheAccountAsTenInARowWould() throws Exception {
            String email = email();
            String userId = server.createCustomer(LOCK, email, PASSWORD);
            String token = customerToken(LOCK, email, PASSWORD);
            List<Integer> statuses =
                    burst(
                            "/password/change",
                            token,
                            10,
                            guess ->
                                    Map.of(
                                            "currentPassword",
                                            guess,
                                            "newPassword",
                                            "taken-over-1"));
            assertTrue(statuses.stream().allMatch(status -> status == 401), statuses::toString);
            assertEquals(
                    3,
                    failures(LOCK, userId),
                    "the lock stopped the burst at the failure factor, as it stops guesses in a"
                            + " row");
            HttpResult right =
                    post(
                            LOCK,
                            "/password/change",
                            token,
                            Map.of("currentPassword", PASSWORD, "newPassword", "taken-over-1"));
            assertStandardError(401, right);
            assertEquals(
                    401,
                    login(LOCK, email, "taken-over-1").status(),
                    "the burst's author did not change the password");
        }

        @Test
        void soDoTenAtTheEmailChange() throws Exception {
            String email = email();
            String userId = server.createCustomer(LOCK, email, PASSWORD);
            String token = customerToken(LOCK, email, PASSWORD);
            String attacker = email();
            List<Integer> statuses =
                    burst(
                            "/me/accounts/internal/email/change",
                            token,
                            10,
                            guess -> Map.of("password", guess, "newEmail", attacker));
            assertTrue(statuses.stream().allMatch(status -> status == 401), statuses::toString);
            assertEquals(3, failures(LOCK, userId));
            assertStandardError(
                    401,
                    post(
                            LOCK,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of("password", PASSWORD, "newEmail", attacker)));
            sleep(1000);
            assertTrue(Mailbox.to(attacker).isEmpty(), "no change link went to the attacker");
        }
    }

    @Nested
    class TheShopperIsToldOfEveryChange {

        @Test
        void aPasswordChangeIsToldAndSoIsEachOfTwoInARow() {
            String email = email();
            server.createCustomer(FAST, email, PASSWORD);
            String token = customerToken(FAST, email, PASSWORD);
            assertEquals(
                    204,
                    post(
                                    FAST,
                                    "/password/change",
                                    token,
                                    Map.of(
                                            "currentPassword",
                                            PASSWORD,
                                            "newPassword",
                                            "changed-pass-1"))
                            .status());
            assertTrue(
                    Mailbox.await(email, 1, 15)
                            .text()
                            .contains("password of your account was changed"),
                    () -> Mailbox.to(email).toString());
            assertEquals(
                    204,
                    post(
                                    FAST,
                                    "/password/change",
                                    token,
                                    Map.of(
                                            "currentPassword",
                                            "changed-pass-1",
                                            "newPassword",
                                            "changed-pass-2"))
                            .status());
            assertTrue(
                    Mailbox.await(email, 2, 15)
                            .text()
                            .contains("password of your account was changed"),
                    "not throttled away");
        }

        @Test
        void theOldAddressIsToldWhenTheLoginMoves() {
            String email = email();
            String next = email();
            server.createCustomer(SHOP, email, PASSWORD);
            String token = customerToken(SHOP, email, PASSWORD);
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/me/accounts/internal/email/change",
                                    token,
                                    Map.of("password", PASSWORD, "newEmail", next))
                            .status());
            String link = Mailbox.await(next, 1, 15).token();
            assertEquals(
                    204,
                    post(
                                    SHOP,
                                    "/me/accounts/internal/email/change/confirm",
                                    anonymous(SHOP),
                                    Map.of("token", link))
                            .status());
            Mailbox.Mail moved = Mailbox.await(email, 2, 15);
            assertTrue(moved.text().contains("signs in with " + next), moved::text);
        }
    }
}
