package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.B2B_EMAIL;
import static dev.kcemporix.auth.it.support.Demo.B2B_PASSWORD;
import static dev.kcemporix.auth.it.support.Demo.OTHER_TENANT;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.Server;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Customer self-service (docs/endpoints.md, *Customer self-service*) with a real SMTP server:
 * sign-up with and without double opt-in, opt-in by the e-mailed link, password reset and change,
 * e-mail change, {@code /me}, the enumeration rules and the events. Run on the root mount by a
 * subclass (MountParityIT sends every call to both mounts).
 */
abstract class SelfServiceScenarios extends SelfServiceCalls {

    /** Double opt-in on (Keycloak's "Verify email"), brute-force detection on. */
    static final String OPT_IN = "optinshop";

    /** Double opt-in off. */
    static final String DIRECT = "directshop";

    /** Enumeration-safe sign-up. */
    static final String SAFE = "safeshop";

    /** A password policy: at least 10 characters, a digit. */
    static final String POLICY = "policyshop";

    static final String PASSWORD = "self-pass-123";

    @BeforeAll
    static void realms() {
        Map<String, Object> mail =
                Map.of(
                        "smtpServer",
                        Mailbox.smtpSettings(),
                        "eventsEnabled",
                        true,
                        "registrationAllowed",
                        true,
                        "enabledEventTypes",
                        List.of(
                                "REGISTER",
                                "REGISTER_ERROR",
                                "VERIFY_EMAIL",
                                "SEND_VERIFY_EMAIL",
                                "SEND_RESET_PASSWORD",
                                "SEND_RESET_PASSWORD_ERROR",
                                "RESET_PASSWORD",
                                "RESET_PASSWORD_ERROR",
                                "UPDATE_PASSWORD",
                                "UPDATE_PASSWORD_ERROR",
                                "UPDATE_EMAIL",
                                "LOGIN",
                                "LOGIN_ERROR"));
        // A one-second mail throttle where a scenario needs two mails of a kind to one address
        // (SelfServiceAttack*IT keep the default).
        server.ensureRealm(
                OPT_IN,
                true,
                with(
                        mail,
                        "verifyEmail",
                        true,
                        "bruteForceProtected",
                        true,
                        "failureFactor",
                        10,
                        "organizationsEnabled",
                        true),
                Map.of(
                        "emporix.storefrontUrl",
                        "https://shop.example",
                        "emporix.mail.throttleSeconds",
                        "1"));
        server.ensureRealm(
                DIRECT,
                true,
                with(mail, "verifyEmail", false),
                Map.of("emporix.storefrontUrl", "https://direct.example"));
        server.ensureRealm(
                SAFE,
                true,
                with(mail, "verifyEmail", false),
                Map.of(
                        "emporix.signup.enumerationSafe",
                        "true",
                        "emporix.storefrontUrl",
                        "https://safe.example"));
        server.ensureRealm(
                POLICY,
                true,
                with(mail, "passwordPolicy", "length(10) and digits(1)"),
                Map.of("emporix.storefrontUrl", "https://policy.example"));
        server.ensureRealm(OTHER_TENANT, true);
    }

    static String email() {
        return address("self-");
    }

    HttpResult signUp(String tenant, String email, String password, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        body.put("customerDetails", details);
        return post(tenant, "/signup", anonymous(tenant), body);
    }

    JsonNode events(String tenant, String type) {
        return server.adminJson("/" + tenant + "/events?type=" + type + "&max=200");
    }

    @Nested
    class SignUpWithoutOptIn {

        @Test
        void createsACustomerWhoLogsInAtOnceAndIsARegisterEvent() {
            String email = email();
            HttpResult r =
                    signUp(
                            DIRECT,
                            email,
                            PASSWORD,
                            Map.of(
                                    "firstName",
                                    "Jo",
                                    "lastName",
                                    "Shopper",
                                    "contactPhone",
                                    "+49 1"));
            assertEquals(201, r.status(), r::toString);
            String customerNumber = r.json().get("id").asText();
            assertTrue(customerNumber.matches("C\\d{12}"), customerNumber);
            JsonNode login = login(DIRECT, email, PASSWORD).json();
            assertFalse(login.get("initialPassword").asBoolean());
            JsonNode me =
                    server.get(
                                    url(DIRECT, "/me"),
                                    "Authorization",
                                    "Bearer " + login.get("access_token").asText())
                            .json();
            assertEquals(customerNumber, me.get("customerNumber").asText());
            assertEquals("+49 1", me.get("contactPhone").asText());
            assertEquals(email, me.at("/accounts/0/id").asText());
            assertTrue(events(DIRECT, "REGISTER").toString().contains(email.toLowerCase()));
        }

        @Test
        void theSignupObjectGivesTheLoginCredentialsWhenItIsThere() {
            String login = email();
            Map<String, Object> body =
                    Map.of(
                            "email",
                            email(),
                            "password",
                            "other-pass-1",
                            "customerDetails",
                            Map.of("firstName", "A", "lastName", "B"),
                            "signup",
                            Map.of("email", login, "password", PASSWORD));
            assertEquals(201, post(DIRECT, "/signup", anonymous(DIRECT), body).status());
            assertEquals(200, login(DIRECT, login, PASSWORD).status());
        }

        @Test
        void aDuplicateIsAConflict() {
            String email = email();
            assertEquals(
                    201,
                    signUp(DIRECT, email, PASSWORD, Map.of("firstName", "A", "lastName", "B"))
                            .status());
            HttpResult again =
                    signUp(
                            DIRECT,
                            email.toUpperCase(),
                            PASSWORD,
                            Map.of("firstName", "A", "lastName", "B"));
            assertStandardError(409, again);
            assertEquals("conflict_resource", again.json().get("type").asText());
        }

        @Test
        void badInputIsABadRequestNamingTheField() {
            assertEquals(
                    "email",
                    signUp(DIRECT, "", PASSWORD, Map.of()).json().at("/details/0/field").asText());
            assertEquals(
                    "password",
                    signUp(DIRECT, email(), "", Map.of()).json().at("/details/0/field").asText());
            HttpResult shortPassword =
                    signUp(DIRECT, email(), "12345", Map.of("firstName", "A", "lastName", "B"));
            assertStandardError(400, shortPassword);
            assertEquals("too_short", shortPassword.json().at("/details/0/type").asText());
            assertStandardError(400, signUp(DIRECT, "not-an-email", PASSWORD, Map.of()));
            assertStandardError(
                    400,
                    post(
                            DIRECT,
                            "/signup",
                            anonymous(DIRECT),
                            Map.of(
                                    "email",
                                    email(),
                                    "password",
                                    PASSWORD,
                                    "customerDetails",
                                    Map.of("firstName", List.of("x")))));
        }

        @Test
        void withoutAnAnonymousTokenItIsUnauthorized() {
            assertInvalidToken(
                    server.post(
                            url(DIRECT, "/signup"),
                            "application/json",
                            Server.toJson(Map.of("email", email(), "password", PASSWORD))));
        }

        @Test
        void theRealmsPasswordPolicyAnswersWithItsOwnMessage() {
            HttpResult r =
                    signUp(
                            POLICY,
                            email(),
                            "only-letters",
                            Map.of("firstName", "A", "lastName", "B"));
            assertStandardError(400, r);
            assertEquals("password_policy", r.json().at("/details/0/type").asText());
            assertTrue(
                    r.json().at("/details/0/message").asText().toLowerCase().contains("digit"),
                    r::toString);
            assertEquals(
                    201,
                    signUp(
                                    POLICY,
                                    email(),
                                    "letters-and-1-digit",
                                    Map.of("firstName", "A", "lastName", "B"))
                            .status());
        }

        @Test
        void anEnumerationSafeTenantAnswersADuplicateLikeANewAccountAndMailsTheOwner() {
            String email = email();
            HttpResult first =
                    signUp(SAFE, email, PASSWORD, Map.of("firstName", "A", "lastName", "B"));
            HttpResult second =
                    signUp(SAFE, email, PASSWORD, Map.of("firstName", "A", "lastName", "B"));
            assertEquals(201, first.status());
            assertEquals(201, second.status(), second::toString);
            assertNotEquals(first.json().get("id"), second.json().get("id"));
            Mailbox.Mail mail = Mailbox.await(email, 1, 15);
            assertTrue(mail.subject().contains(SAFE), mail.subject());
            assertTrue(mail.text().contains("already"), mail.text());
        }
    }

    @Nested
    class DoubleOptIn {

        @Test
        void signUpThenOptInByTheMailedLinkActivatesAndLogsInWithTheVisitorsSession() {
            String email = email();
            assertEquals(
                    201,
                    signUp(OPT_IN, email, PASSWORD, Map.of("firstName", "Opt", "lastName", "In"))
                            .status());
            assertStandardError(401, login(OPT_IN, email, PASSWORD));

            Mailbox.Mail mail = Mailbox.await(email, 1, 15);
            assertTrue(
                    mail.link().startsWith("https://shop.example/account/confirm?token="),
                    mail.link());
            assertNotNull(mail.html(), "an HTML part");
            assertTrue(
                    mail.html().contains("href=\"https://shop.example/account/confirm?token="),
                    mail.html());
            assertTrue(mail.text().contains("Opt"), mail.text());

            JsonNode visitor = storefront.anonymous(OPT_IN);
            HttpResult optIn =
                    server.get(
                            url(OPT_IN, "/signup/optin/" + mail.token()),
                            "Authorization",
                            "Bearer " + visitor.get("access_token").asText());
            assertEquals(200, optIn.status(), optIn::toString);
            assertEquals(
                    visitor.get("sessionId").asText(), optIn.json().get("session_id").asText());
            assertEquals(
                    200,
                    storefront
                            .validate(OPT_IN, optIn.json().get("access_token").asText())
                            .status());
            assertTrue(events(OPT_IN, "VERIFY_EMAIL").toString().contains(email.toLowerCase()));

            HttpResult again =
                    server.get(
                            url(OPT_IN, "/signup/optin/" + mail.token()),
                            "Authorization",
                            "Bearer " + anonymous(OPT_IN));
            assertStandardError(400, again);
            assertEquals("used_token", again.json().get("type").asText());
            assertEquals(200, login(OPT_IN, email, PASSWORD).status());
        }

        @Test
        void forgedOtherTenantsAndGarbageTokensAreRefused() {
            String email = email();
            signUp(OPT_IN, email, PASSWORD, Map.of("firstName", "A", "lastName", "B"));
            String token = Mailbox.await(email, 1, 15).token();
            String[] parts = token.split("\\.");
            String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
            for (String bad :
                    List.of(
                            forged,
                            "garbage",
                            "e30.e30.e30",
                            token.substring(0, token.length() / 2))) {
                HttpResult r =
                        server.get(
                                url(OPT_IN, "/signup/optin/" + Server.enc(bad)),
                                "Authorization",
                                "Bearer " + anonymous(OPT_IN));
                assertStandardError(400, r);
                assertEquals("invalid_token", r.json().get("type").asText(), r::toString);
            }
            HttpResult foreign =
                    server.get(
                            storefront.url(
                                    OTHER_TENANT,
                                    "/customer/" + OTHER_TENANT + "/signup/optin/" + token),
                            "Authorization",
                            "Bearer " + anonymous(OTHER_TENANT));
            assertStandardError(400, foreign);
            assertStandardError(401, login(OPT_IN, email, PASSWORD));
        }

        @Test
        void aResendMailsANewLinkToAnInactiveAccountAndAnswersTheSameForAnyOtherAddress() {
            String email = email();
            signUp(OPT_IN, email, PASSWORD, Map.of("firstName", "A", "lastName", "B"));
            Mailbox.await(email, 1, 15);
            sleep(1200);
            HttpResult known =
                    post(
                            OPT_IN,
                            "/signup/optin/refresh_token",
                            anonymous(OPT_IN),
                            Map.of("email", email));
            HttpResult unknown =
                    post(
                            OPT_IN,
                            "/signup/optin/refresh_token",
                            anonymous(OPT_IN),
                            Map.of("email", email()));
            assertEquals(202, known.status(), known::toString);
            assertEquals(known.status(), unknown.status());
            assertEquals(known.body(), unknown.body());
            Mailbox.Mail second = Mailbox.await(email, 2, 15);
            assertEquals(
                    200,
                    server.get(
                                    url(OPT_IN, "/signup/optin/" + second.token()),
                                    "Authorization",
                                    "Bearer " + anonymous(OPT_IN))
                            .status());
        }
    }

    @Nested
    class PasswordReset {

        @Test
        void forgotPasswordResetEndsOldSessionsEverywhereAndTheNewPasswordLogsIn() {
            String email = email();
            server.createCustomer(OPT_IN, email, PASSWORD);
            JsonNode ours = login(OPT_IN, email, PASSWORD).json();
            JsonNode native_ =
                    server.postForm(
                                    server.baseUrl()
                                            + "/realms/"
                                            + OPT_IN
                                            + "/protocol/openid-connect/token",
                                    Map.of(
                                            "grant_type",
                                            "password",
                                            "client_id",
                                            "storefront",
                                            "username",
                                            email,
                                            "password",
                                            PASSWORD))
                            .json();

            assertEquals(
                    204,
                    post(OPT_IN, "/password/reset", anonymous(OPT_IN), Map.of("email", email))
                            .status());
            Mailbox.Mail mail = Mailbox.await(email, 1, 15);
            assertTrue(
                    mail.link().startsWith("https://shop.example/account/reset-password?token="),
                    mail.link());
            HttpResult update =
                    post(
                            OPT_IN,
                            "/password/reset/update",
                            anonymous(OPT_IN),
                            Map.of("token", mail.token(), "password", "brand-new-pass-2"));
            assertEquals(204, update.status(), update::toString);

            assertInvalidToken(storefront.refresh(OPT_IN, ours.get("refresh_token").asText()));
            assertEquals(
                    400,
                    server.postForm(
                                    server.baseUrl()
                                            + "/realms/"
                                            + OPT_IN
                                            + "/protocol/openid-connect/token",
                                    Map.of(
                                            "grant_type",
                                            "refresh_token",
                                            "client_id",
                                            "storefront",
                                            "refresh_token",
                                            native_.get("refresh_token").asText()))
                            .status());
            assertStandardError(401, login(OPT_IN, email, PASSWORD));
            assertEquals(200, login(OPT_IN, email, "brand-new-pass-2").status());

            HttpResult reused =
                    post(
                            OPT_IN,
                            "/password/reset/update",
                            anonymous(OPT_IN),
                            Map.of("token", mail.token(), "password", "another-pass-3"));
            assertStandardError(400, reused);
            assertTrue(
                    events(OPT_IN, "RESET_PASSWORD")
                            .toString()
                            .contains(server.userId(OPT_IN, email)));
        }

        @Test
        void anUnknownAddressGetsTheSameAnswerAndNoMail() {
            String unknown = email();
            HttpResult a =
                    post(OPT_IN, "/password/reset", anonymous(OPT_IN), Map.of("email", unknown));
            HttpResult b =
                    post(OPT_IN, "/password/reset/", anonymous(OPT_IN), Map.of("email", unknown));
            assertEquals(204, a.status());
            assertEquals(204, b.status());
            assertEquals("", a.body());
            sleep(1000);
            assertTrue(Mailbox.to(unknown).isEmpty());
        }

        @Test
        void aPasswordThePolicyRefusesKeepsTheTokenUsable() {
            String email = email();
            server.createCustomer(POLICY, email, "initial-pass-1");
            assertEquals(
                    204,
                    post(POLICY, "/password/reset", anonymous(POLICY), Map.of("email", email))
                            .status());
            String token = Mailbox.await(email, 1, 15).token();
            HttpResult weak =
                    post(
                            POLICY,
                            "/password/reset/update",
                            anonymous(POLICY),
                            Map.of("token", token, "password", "no-digits-here"));
            assertStandardError(400, weak);
            assertEquals("password_policy", weak.json().at("/details/0/type").asText());
            assertEquals(
                    204,
                    post(
                                    POLICY,
                                    "/password/reset/update",
                                    anonymous(POLICY),
                                    Map.of("token", token, "password", "has-a-digit-1"))
                            .status());
        }

        @Test
        void aTokenOfAnEarlierPasswordDiesWithIt() {
            String email = email();
            server.createCustomer(OPT_IN, email, PASSWORD);
            post(OPT_IN, "/password/reset", anonymous(OPT_IN), Map.of("email", email));
            sleep(1200);
            post(OPT_IN, "/password/reset", anonymous(OPT_IN), Map.of("email", email));
            String first = Mailbox.await(email, 1, 15).token();
            String second = Mailbox.await(email, 2, 15).token();
            assertEquals(
                    204,
                    post(
                                    OPT_IN,
                                    "/password/reset/update",
                                    anonymous(OPT_IN),
                                    Map.of("token", second, "password", "second-pass-1"))
                            .status());
            HttpResult stale =
                    post(
                            OPT_IN,
                            "/password/reset/update",
                            anonymous(OPT_IN),
                            Map.of("token", first, "password", "first-pass-1"));
            assertStandardError(400, stale);
            assertEquals("invalid_token", stale.json().get("type").asText());
        }
    }

    @Nested
    class PasswordChange {

        @Test
        void aWrongCurrentPasswordIsUnauthorizedAndCountsAsAFailedLogin()
                throws InterruptedException {
            String email = email();
            String userId = server.createCustomer(OPT_IN, email, PASSWORD);
            String token = login(OPT_IN, email, PASSWORD).json().get("access_token").asText();
            HttpResult wrong =
                    post(
                            OPT_IN,
                            "/password/change",
                            token,
                            Map.of(
                                    "currentPassword",
                                    "not-the-password",
                                    "newPassword",
                                    "new-pass-123"));
            assertStandardError(401, wrong);
            int failures = 0;
            for (int i = 0; i < 30 && failures == 0; i++) {
                failures =
                        server.adminJson(
                                        "/"
                                                + OPT_IN
                                                + "/attack-detection/brute-force/users/"
                                                + userId)
                                .get("numFailures")
                                .asInt();
                Thread.sleep(100);
            }
            assertEquals(1, failures);
            assertTrue(events(OPT_IN, "UPDATE_PASSWORD_ERROR").toString().contains(userId));
        }

        @Test
        void theRightCurrentPasswordChangesItKeepsThisSessionAndEndsTheOthers()
                throws InterruptedException {
            String email = email();
            server.createCustomer(OPT_IN, email, PASSWORD);
            JsonNode other = login(OPT_IN, email, PASSWORD).json();
            Thread.sleep(1100);
            JsonNode current = login(OPT_IN, email, PASSWORD).json();
            HttpResult r =
                    post(
                            OPT_IN,
                            "/password/change",
                            current.get("access_token").asText(),
                            Map.of("currentPassword", PASSWORD, "newPassword", "changed-pass-1"));
            assertEquals(204, r.status(), r::toString);
            assertEquals(
                    200,
                    storefront.validate(OPT_IN, current.get("access_token").asText()).status());
            assertInvalidToken(storefront.validate(OPT_IN, other.get("access_token").asText()));
            assertEquals(200, login(OPT_IN, email, "changed-pass-1").status());
        }

        @Test
        void anAnonymousTokenMayNotChangeAPassword() {
            assertInvalidToken(
                    post(
                            OPT_IN,
                            "/password/change",
                            anonymous(OPT_IN),
                            Map.of("currentPassword", PASSWORD, "newPassword", "x-pass-123")));
        }
    }

    @Nested
    class InitialPassword {

        @Test
        void aTemporaryPasswordLogsInWithInitialPasswordTrueUntilTheCustomerChangesIt() {
            String email = email();
            String userId = server.createCustomer(DIRECT, email, PASSWORD);
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + DIRECT + "/users/" + userId + "/reset-password",
                                    Map.of(
                                            "type",
                                            "password",
                                            "value",
                                            "temporary-pass-1",
                                            "temporary",
                                            true))
                            .status());
            HttpResult nativeLogin =
                    server.postForm(
                            server.baseUrl()
                                    + "/realms/"
                                    + DIRECT
                                    + "/protocol/openid-connect/token",
                            Map.of(
                                    "grant_type",
                                    "password",
                                    "client_id",
                                    "storefront",
                                    "username",
                                    email,
                                    "password",
                                    "temporary-pass-1"));
            assertEquals(
                    400,
                    nativeLogin.status(),
                    "Keycloak's own password grant still refuses a temporary password: "
                            + nativeLogin);
            assertEquals(
                    "Account is not fully set up",
                    nativeLogin.json().path("error_description").asText(),
                    nativeLogin::toString);

            HttpResult first = login(DIRECT, email, "temporary-pass-1");
            assertEquals(200, first.status(), first::toString);
            assertTrue(first.json().get("initialPassword").asBoolean());
            assertStandardError(401, login(DIRECT, email, "wrong-temporary-1"));

            assertEquals(
                    204,
                    post(
                                    DIRECT,
                                    "/password/change",
                                    first.json().get("access_token").asText(),
                                    Map.of(
                                            "currentPassword",
                                            "temporary-pass-1",
                                            "newPassword",
                                            "own-pass-123"))
                            .status());
            HttpResult after = login(DIRECT, email, "own-pass-123");
            assertEquals(200, after.status(), after::toString);
            assertFalse(after.json().get("initialPassword").asBoolean());
        }

        @Test
        void anotherRequiredActionStillRefusesTheLogin() {
            String email = email();
            String userId = server.createCustomer(DIRECT, email, PASSWORD);
            server.admin(
                    "PUT",
                    "/" + DIRECT + "/users/" + userId,
                    Map.of("requiredActions", List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP")));
            assertStandardError(401, login(DIRECT, email, PASSWORD));
        }
    }

    @Nested
    class EmailChange {

        @Test
        void theNewAddressConfirmsAndBecomesTheLogin() {
            String email = email();
            String newEmail = email();
            server.createCustomer(DIRECT, email, PASSWORD);
            String token = login(DIRECT, email, PASSWORD).json().get("access_token").asText();
            HttpResult request =
                    post(
                            DIRECT,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of(
                                    "email",
                                    email,
                                    "password",
                                    PASSWORD,
                                    "newEmail",
                                    newEmail,
                                    "syncContactEmail",
                                    true));
            assertEquals(204, request.status(), request::toString);
            Mailbox.Mail mail = Mailbox.await(newEmail, 1, 15);
            Mailbox.Mail notice = Mailbox.await(email, 1, 15);
            assertFalse(
                    notice.text().contains(mail.token()),
                    "the token goes to the new address only; the old one gets a notice");
            HttpResult confirmed =
                    post(
                            DIRECT,
                            "/me/accounts/internal/email/change/confirm",
                            anonymous(DIRECT),
                            Map.of("token", mail.token()));
            assertEquals(204, confirmed.status(), confirmed::toString);

            assertEquals(200, login(DIRECT, newEmail, PASSWORD).status());
            assertStandardError(401, login(DIRECT, email, PASSWORD));
            JsonNode me =
                    server.get(
                                    url(DIRECT, "/me"),
                                    "Authorization",
                                    "Bearer "
                                            + login(DIRECT, newEmail, PASSWORD)
                                                    .json()
                                                    .get("access_token")
                                                    .asText())
                            .json();
            assertEquals(newEmail, me.get("contactEmail").asText());
            assertTrue(events(DIRECT, "UPDATE_EMAIL").toString().contains(newEmail.toLowerCase()));
            assertStandardError(
                    400,
                    post(
                            DIRECT,
                            "/me/accounts/internal/email/change/confirm",
                            anonymous(DIRECT),
                            Map.of("token", mail.token())));
        }

        @Test
        void anAddressOfAnotherCustomerIsAConflictAndAWrongPasswordUnauthorized() {
            String email = email();
            String taken = email();
            server.createCustomer(DIRECT, email, PASSWORD);
            server.createCustomer(DIRECT, taken, PASSWORD);
            String token = login(DIRECT, email, PASSWORD).json().get("access_token").asText();
            HttpResult conflict =
                    post(
                            DIRECT,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of("password", PASSWORD, "newEmail", taken));
            assertStandardError(409, conflict);
            assertEquals("conflict_resource", conflict.json().get("type").asText());
            assertStandardError(
                    401,
                    post(
                            DIRECT,
                            "/me/accounts/internal/email/change",
                            token,
                            Map.of("newEmail", email(), "password", "wrong-pass-1")));
        }
    }

    @Nested
    class Me {

        @Test
        void aB2bBuyerSeesTheLegalEntitiesRefreshAccepts() {
            JsonNode login = storefront.customer(TENANT, B2B_EMAIL, B2B_PASSWORD);
            JsonNode me =
                    server.get(
                                    url(TENANT, "/me"),
                                    "Authorization",
                                    "Bearer " + login.get("access_token").asText())
                            .json();
            assertEquals("B2B", me.get("businessModel").asText());
            assertEquals("C-100042", me.get("customerNumber").asText());
            List<String> ids = new ArrayList<>();
            me.at("/b2b/legalEntities").forEach(e -> ids.add(e.get("id").asText()));
            assertEquals(List.of("LE-ACME-1", "LE-GLOBEX-2"), ids.stream().sorted().toList());
            for (String id : ids) {
                assertEquals(
                        200,
                        storefront
                                .refresh(TENANT, login.get("refresh_token").asText(), id)
                                .status(),
                        id);
            }
        }

        @Test
        void aB2cCustomerAndAnAnonymousVisitor() {
            String email = email();
            server.createCustomer(DIRECT, email, PASSWORD);
            JsonNode me =
                    server.get(
                                    url(DIRECT, "/me"),
                                    "Authorization",
                                    "Bearer "
                                            + login(DIRECT, email, PASSWORD)
                                                    .json()
                                                    .get("access_token")
                                                    .asText())
                            .json();
            assertEquals("B2C", me.get("businessModel").asText());
            assertEquals(0, me.at("/b2b/legalEntities").size());
            assertNotNull(me.get("lastLogin"));
            JsonNode anonymous =
                    server.get(url(DIRECT, "/me"), "Authorization", "Bearer " + anonymous(DIRECT))
                            .json();
            assertEquals("Anonymous", anonymous.get("firstName").asText());
            assertEquals("00000000", anonymous.get("customerNumber").asText());
            assertEquals(0, anonymous.get("accounts").size());
            assertInvalidToken(server.get(url(DIRECT, "/me")));
        }

        @Test
        void patchAndPutUpdateThroughTheUserProfileAndItsRules() {
            String email = email();
            server.createCustomer(DIRECT, email, PASSWORD);
            String token = login(DIRECT, email, PASSWORD).json().get("access_token").asText();
            HttpResult patched =
                    server.send(
                            "PATCH",
                            url(DIRECT, "/me"),
                            "application/json",
                            Server.toJson(Map.of("firstName", "Patched", "company", "ACME")),
                            "Authorization",
                            "Bearer " + token);
            assertEquals(200, patched.status(), patched::toString);
            assertEquals("Patched", patched.json().get("firstName").asText());
            assertEquals("ACME", patched.json().get("company").asText());
            HttpResult put =
                    server.send(
                            "PUT",
                            url(DIRECT, "/me"),
                            "application/json",
                            Server.toJson(Map.of("firstName", "Put", "lastName", "Shopper")),
                            "Authorization",
                            "Bearer " + token);
            assertEquals(200, put.status(), put::toString);
            assertEquals(
                    "ACME",
                    put.json().path("company").asText(),
                    "PUT changes only what it sends: " + put);
            Map<String, Object> clear = new LinkedHashMap<>();
            clear.put("company", null);
            HttpResult cleared =
                    server.send(
                            "PUT",
                            url(DIRECT, "/me"),
                            "application/json",
                            Server.toJson(clear),
                            "Authorization",
                            "Bearer " + token);
            assertEquals(200, cleared.status(), cleared::toString);
            assertFalse(cleared.json().hasNonNull("company"), cleared::toString);
            assertEquals("Put", cleared.json().path("firstName").asText(), cleared::toString);
            Map<String, Object> unset = new LinkedHashMap<>();
            unset.put("contactEmail", null);
            assertStandardError(
                    400,
                    server.send(
                            "PATCH",
                            url(DIRECT, "/me"),
                            "application/json",
                            Server.toJson(unset),
                            "Authorization",
                            "Bearer " + token));
            assertStandardError(
                    400,
                    server.send(
                            "PATCH",
                            url(DIRECT, "/me"),
                            "application/json",
                            Server.toJson(Map.of("customerNumber", "C999")),
                            "Authorization",
                            "Bearer " + token));
        }
    }

    @Nested
    class Enumeration {

        /**
         * Reset and opt-in resend take the same time for a known and an unknown address: the mail
         * goes out after the answer.
         */
        @Test
        void resetAnswersAsFastForAnUnknownAddressAsForAKnownOne() {
            String known = email();
            server.createCustomer(DIRECT, known, PASSWORD);
            String anonymous = anonymous(DIRECT);
            int tries = 40;
            long[] knownTimes = new long[tries];
            long[] unknownTimes = new long[tries];
            for (int i = 0; i < tries; i++) {
                long t0 = System.nanoTime();
                HttpResult a = post(DIRECT, "/password/reset", anonymous, Map.of("email", known));
                long t1 = System.nanoTime();
                HttpResult b = post(DIRECT, "/password/reset", anonymous, Map.of("email", email()));
                long t2 = System.nanoTime();
                assertEquals(a.status(), b.status());
                assertEquals(a.body(), b.body());
                knownTimes[i] = t1 - t0;
                unknownTimes[i] = t2 - t1;
            }
            Arrays.sort(knownTimes);
            Arrays.sort(unknownTimes);
            double knownMedian = knownTimes[tries / 2] / 1e6;
            double unknownMedian = unknownTimes[tries / 2] / 1e6;
            System.out.printf(
                    "Reset timing over %d tries each: known address median %.1f ms, unknown address"
                            + " median %.1f ms%n",
                    tries, knownMedian, unknownMedian);
            assertTrue(
                    Math.abs(knownMedian - unknownMedian)
                            < Math.max(3.0, 0.5 * Math.max(knownMedian, unknownMedian)),
                    knownMedian + " ms vs " + unknownMedian + " ms");
        }
    }
}
