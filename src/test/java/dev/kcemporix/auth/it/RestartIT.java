package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.Mailbox;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One restart of Keycloak, and what must hold across it and after it. Tokens issued before keep
 * working: nothing of ours lives only in memory. One-time links used before stay used, though the
 * restart emptied the single-use store that marked them used, as Keycloak versions with
 * CVE-2026-4325 let an attacker delete such entries. And with the store empty of other tests'
 * entries, logins with fresh anonymous sessions are seen to leave nothing in it once their tokens
 * expired.
 */
@ExtendWith(KeycloakExtension.class)
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT {

    static final String SHOP = "restartshop";
    static final String PASSWORD = "restart-pass-1";

    Server server;
    Storefront storefront;

    // Before the restart: a customer's tokens.
    String email;
    JsonNode anonymous;
    JsonNode customer;

    // Before the restart: links used, with what replays them.
    String optInLink;
    String resetLink;
    String changeLink;
    // E-mail change links issued before and after an admin removed the customer's mark.
    List<String> linksAroundTheRemoval;
    // Before the restart: a tenant whose anonymous tokens live seconds, and its customers.
    List<String> claimingCustomers;

    @BeforeAll
    void useEverythingThenRestart(Server server) {
        this.server = server;
        this.storefront = new Storefront(server, MountUnderTest.ROOT);
        server.ensureRealm(
                SHOP,
                true,
                Map.of(
                        "smtpServer",
                        Mailbox.smtpSettings(),
                        "registrationAllowed",
                        true,
                        "verifyEmail",
                        true,
                        "bruteForceProtected",
                        false),
                Map.of(
                        "emporix.storefrontUrl",
                        "https://restart.example",
                        "emporix.mail.throttleSeconds",
                        "1"));

        email = SelfServiceCalls.address("tokens-");
        server.createCustomer(SHOP, email, PASSWORD);
        anonymous = storefront.anonymous(SHOP);
        customer =
                storefront
                        .login(
                                SHOP,
                                storefront.anonymous(SHOP).get("access_token").asText(),
                                email,
                                PASSWORD)
                        .json();

        String signedUp = SelfServiceCalls.address("optin-");
        HttpResult signUp =
                post(
                        "/signup",
                        anonymous(),
                        Map.of(
                                "email",
                                signedUp,
                                "password",
                                PASSWORD,
                                "customerDetails",
                                Map.of("firstName", "Opt", "lastName", "In")));
        assertEquals(201, signUp.status(), signUp::toString);
        optInLink = Mailbox.await(signedUp, 1, 15).token();
        assertEquals(200, optIn(optInLink).status());

        String resetting = SelfServiceCalls.address("reset-");
        server.createCustomer(SHOP, resetting, PASSWORD);
        assertEquals(
                204, post("/password/reset", anonymous(), Map.of("email", resetting)).status());
        resetLink = Mailbox.await(resetting, 1, 15).token();
        assertEquals(204, resetUpdate(resetLink).status());

        // An address changed and changed back: the first change's link names the address the
        // customer has again, and the password they still have.
        String first = SelfServiceCalls.address("change-");
        String second = SelfServiceCalls.address("changed-");
        server.createCustomer(SHOP, first, PASSWORD);
        changeLink = changeEmail(first, second);
        assertEquals(204, confirmChange(changeLink).status());
        assertEquals(204, confirmChange(changeEmail(second, first)).status());

        linksAroundTheRemoval = linksAroundAnAdminsRemovalOfTheMark();
        claimingCustomers = StorefrontSessionClaims.shop(server);

        server.restart();
    }

    /**
     * An e-mail change link, then an admin who may edit unmanaged attributes removes the customer's
     * used-link mark, then a second link: the first must not work without its mark, and the second,
     * which wrote a new one, must. Both used after the restart (the first one's single-use entry
     * could not help it: it was never used).
     */
    List<String> linksAroundAnAdminsRemovalOfTheMark() {
        String address = SelfServiceCalls.address("marked-");
        String userId = server.createCustomer(SHOP, address, PASSWORD);
        String before = changeEmail(address, SelfServiceCalls.address("before-"));

        String mark = "emporix.usedLink.emporix-change-email";
        Map<String, Object> profile =
                Server.fromJson(server.adminJson("/" + SHOP + "/users/profile"));
        profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
        assertEquals(200, server.admin("PUT", "/" + SHOP + "/users/profile", profile).status());
        Map<String, Object> user =
                Server.fromJson(server.adminJson("/" + SHOP + "/users/" + userId));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) user.get("attributes");
        assertNotNull(attributes.remove(mark), () -> "the admin sees the mark: " + user);
        assertEquals(204, server.admin("PUT", "/" + SHOP + "/users/" + userId, user).status());
        assertFalse(
                server.adminJson("/" + SHOP + "/users/" + userId).path("attributes").has(mark),
                "the admin removed the mark");

        String after = changeEmail(address, SelfServiceCalls.address("after-"));
        return List.of(before, after);
    }

    /**
     * First after the restart: the store then holds none of other tests' entries, which would
     * expire during the wait and hide claims that stay.
     */
    @Test
    @Order(1)
    void claimsOfFreshAnonymousSessionsLeaveTheStoreOnceTheirTokensExpired() throws Exception {
        StorefrontSessionClaims.loginAndWatchTheStoreEmpty(server, claimingCustomers);
    }

    @Test
    void anonymousAndCustomerTokensValidateAndRefreshAfterARestart() {
        HttpResult anonymousRefresh =
                storefront.anonymousRefresh(
                        SHOP, "storefront", anonymous.get("refresh_token").asText());
        assertEquals(200, anonymousRefresh.status(), anonymousRefresh::toString);
        assertEquals(anonymous.get("sessionId"), anonymousRefresh.json().get("sessionId"));
        HttpResult login =
                storefront.login(SHOP, anonymous.get("access_token").asText(), email, PASSWORD);
        assertEquals(200, login.status(), login::toString);

        HttpResult validated = storefront.validate(SHOP, customer.get("access_token").asText());
        assertEquals(200, validated.status(), validated::toString);
        assertEquals(customer.get("session_id"), validated.json().get("sessionId"));
        HttpResult refreshed = storefront.refresh(SHOP, customer.get("refresh_token").asText());
        assertEquals(200, refreshed.status(), refreshed::toString);
        assertEquals(customer.get("session_id"), refreshed.json().get("session_id"));
    }

    @Test
    void oneTimeLinksUsedBeforeARestartStayUsedAfterIt() {
        assertRefused(optIn(optInLink));
        assertRefused(resetUpdate(resetLink));
        assertRefused(confirmChange(changeLink));
    }

    @Test
    void aLinkWhoseMarkAnAdminRemovedIsDeadAndTheNextLinkWorks() {
        assertRefused(confirmChange(linksAroundTheRemoval.get(0)));
        HttpResult next = confirmChange(linksAroundTheRemoval.get(1));
        assertEquals(204, next.status(), next::toString);
    }

    static void assertRefused(HttpResult replay) {
        assertEquals(400, replay.status(), replay::toString);
        assertTrue(
                List.of("used_token", "invalid_token")
                        .contains(replay.json().path("type").asText()),
                replay::toString);
    }

    String anonymous() {
        return storefront.anonymous(SHOP).get("access_token").asText();
    }

    HttpResult post(String path, String bearer, Object body) {
        return server.post(
                storefront.url(SHOP, "/customer/" + SHOP + path),
                "application/json",
                Server.toJson(body),
                "Authorization",
                "Bearer " + bearer);
    }

    HttpResult optIn(String link) {
        return server.get(
                storefront.url(SHOP, "/customer/" + SHOP + "/signup/optin/" + link),
                "Authorization",
                "Bearer " + anonymous());
    }

    HttpResult resetUpdate(String link) {
        return post(
                "/password/reset/update",
                anonymous(),
                Map.of("token", link, "password", "reset-pass-" + UUID.randomUUID()));
    }

    /** Asks to move {@code from}'s login to {@code to}; the link mailed to {@code to}. */
    String changeEmail(String from, String to) {
        int before = Mailbox.links(to).size();
        String token =
                storefront
                        .login(SHOP, anonymous(), from, PASSWORD)
                        .json()
                        .get("access_token")
                        .asText();
        HttpResult request =
                post(
                        "/me/accounts/internal/email/change",
                        token,
                        Map.of("password", PASSWORD, "newEmail", to));
        assertEquals(204, request.status(), request::toString);
        return Mailbox.awaitLink(to, before + 1, 15);
    }

    HttpResult confirmChange(String link) {
        return post(
                "/me/accounts/internal/email/change/confirm", anonymous(), Map.of("token", link));
    }
}
