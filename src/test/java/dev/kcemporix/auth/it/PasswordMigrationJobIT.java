package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retention window's job (docs/endpoints.md, *Moving from Emporix*): the reminder on {@code
 * emailReminderDate}, the removal of the legacy hashes and the reset mail at {@code
 * retentionEndDate}, each once. The day the job sees is moved through its admin "run now" call (the
 * test server allows it), not waited for; the mails go through a real SMTP server, in German (the
 * tenant's default locale).
 */
@ExtendWith(KeycloakExtension.class)
class PasswordMigrationJobIT {

    static final String TENANT = "pwjob";
    static final String OLD_PASSWORD = "old-shop-pass-1";
    static Server server;
    static Storefront storefront;

    @BeforeAll
    static void tenant(Server running) {
        server = running;
        storefront = new Storefront(server, MountUnderTest.ROOT);
        server.ensureRealm(
                TENANT,
                true,
                Map.of(
                        "smtpServer",
                        Mailbox.smtpSettings(),
                        "eventsEnabled",
                        true,
                        "internationalizationEnabled",
                        true,
                        "supportedLocales",
                        List.of("de", "en"),
                        "defaultLocale",
                        "de"),
                Map.of(
                        "emporix.storefrontUrl",
                        "https://shop.example",
                        "emporix.mail.throttleSeconds",
                        "1"));
        if (server.adminJson("/" + TENANT + "/clients?clientId=importer").isEmpty()) {
            server.createServiceClient(TENANT, "importer", "customer.import_manage");
        }
    }

    static HttpResult retention(String method, Map<String, Object> body) {
        return retention(TENANT, method, body);
    }

    static HttpResult retention(String tenant, String method, Map<String, Object> body) {
        return server.send(
                method,
                storefront.url(
                        tenant, "/customer/" + tenant + "/config/password-migration-retention"),
                body == null ? null : "application/json",
                body == null ? null : Server.toJson(body),
                "Authorization",
                "Bearer " + server.serviceToken(tenant, "importer"));
    }

    /** Imports customers with SAP Commerce SHA-512 hashes of {@link #OLD_PASSWORD}. */
    static void importLegacy(String tenant, List<String> emails) throws Exception {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (String email : emails) {
            String uid = "uid-" + email;
            items.add(
                    CustomerImportScenarios.item(
                            email,
                            CustomerImportScenarios.legacy(
                                    "hybris-sha512-uid-salt",
                                    CustomerImportScenarios.sha(
                                            "SHA-512",
                                            CustomerImportScenarios.DEFAULT_PEPPER,
                                            OLD_PASSWORD,
                                            uid),
                                    uid)));
        }
        HttpResult r =
                server.send(
                        "POST",
                        storefront.url(tenant, "/customer/" + tenant + "/customers/import"),
                        "application/json",
                        Server.toJson(items),
                        "Authorization",
                        "Bearer " + server.serviceToken(tenant, "importer"));
        assertEquals(207, r.status(), r::toString);
        for (JsonNode entry : r.json()) {
            assertEquals(201, entry.get("code").asInt(), r::toString);
        }
    }

    static JsonNode runJob(String today) {
        return runJob(TENANT, today);
    }

    static JsonNode runJob(String tenant, String today) {
        HttpResult r =
                server.admin(
                        "POST",
                        "/" + tenant + "/emporix/password-migration/run?today=" + today,
                        null);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    static HttpResult login(String email, String password) {
        return storefront.login(
                TENANT, storefront.anonymous(TENANT).get("access_token").asText(), email, password);
    }

    static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void remindsOnTheReminderDayThenRemovesTheLegacyHashesAndSendsResetMailsOnTheEndDay()
            throws Exception {
        String reminderDay = CustomerImportScenarios.day(5);
        String endDay = CustomerImportScenarios.day(10);
        HttpResult window =
                retention(
                        "POST",
                        Map.of("retentionEndDate", endDay, "emailReminderDate", reminderDay));
        assertEquals(200, window.status(), window::toString);
        String early = email("early");
        String late = email("late");
        String never = email("never");
        importLegacy(TENANT, List.of(early, late, never));
        assertEquals(
                200,
                login(early, OLD_PASSWORD).status(),
                "an imported customer logs in with the old password");

        JsonNode before = runJob(CustomerImportScenarios.day(4));
        assertEquals(0, before.get("reminded").asInt(), before::toString);

        JsonNode reminder = runJob(reminderDay);
        assertEquals(
                2, reminder.get("reminded").asInt(), "the two still on a legacy hash: " + reminder);
        for (String address : List.of(late, never)) {
            Mailbox.Mail mail = Mailbox.await(address, 1, 15);
            assertTrue(mail.subject().startsWith("Melden Sie sich"), mail::subject);
            assertTrue(mail.text().contains(endDay), mail::text);
            assertFalse(
                    mail.text().contains(OLD_PASSWORD) || mail.html().contains("uid-"),
                    "no password, hash or uid in a mail");
        }
        assertTrue(Mailbox.to(early).isEmpty(), "whoever logged in already gets no reminder");
        assertEquals(
                0,
                runJob(CustomerImportScenarios.day(6)).get("reminded").asInt(),
                "one reminder, not one a day");

        // Before the end day the old password still works (and is re-hashed).
        assertEquals(200, login(late, OLD_PASSWORD).status());

        JsonNode end = runJob(endDay);
        assertEquals(1, end.get("removed").asInt(), end::toString);
        String neverId = server.userId(TENANT, never);
        JsonNode credentials =
                server.adminJson("/" + TENANT + "/users/" + neverId + "/credentials");
        assertFalse(
                credentials.toString().contains("hybris"),
                "the legacy hash is gone: " + credentials);
        assertFalse(
                server.events(TENANT, "REMOVE_CREDENTIAL", neverId).isEmpty(),
                "a REMOVE_CREDENTIAL event says so");
        HttpResult refused = login(never, OLD_PASSWORD);
        assertEquals(401, refused.status(), refused::toString);

        Mailbox.Mail reset = Mailbox.await(never, 2, 15);
        assertTrue(reset.subject().startsWith("Legen Sie ein neues Passwort"), reset::subject);
        assertTrue(
                reset.link().startsWith("https://shop.example/account/reset-password"),
                reset::link);
        HttpResult update =
                server.post(
                        storefront.url(TENANT, "/customer/" + TENANT + "/password/reset/update"),
                        "application/json",
                        Server.toJson(
                                Map.of("token", reset.token(), "password", "brand-new-pass-1")),
                        "Authorization",
                        "Bearer " + storefront.anonymous(TENANT).get("access_token").asText());
        assertEquals(204, update.status(), update::toString);
        assertEquals(
                200, login(never, "brand-new-pass-1").status(), "the reset link of the mail works");
        assertTrue(
                Mailbox.to(late).size() == 1 && Mailbox.to(early).isEmpty(),
                "no reset mail to those who moved on");

        assertEquals(
                0,
                runJob(CustomerImportScenarios.day(11)).get("removed").asInt(),
                "the removal happens once");
        HttpResult deleted = retention("DELETE", null);
        assertEquals(
                204, deleted.status(), "no legacy hash is left, so the window can go: " + deleted);
    }

    @Test
    void aMailServerThatIsDownDelaysTheRemindersAndLosesNone() throws Exception {
        String tenant = "pwjobsmtp";
        Map<String, String> down = new java.util.LinkedHashMap<>(Mailbox.smtpSettings());
        try (java.net.ServerSocket closed =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down.put("port", Integer.toString(closed.getLocalPort()));
        }
        server.ensureRealm(
                tenant,
                true,
                Map.of("smtpServer", down, "eventsEnabled", true),
                Map.of("emporix.storefrontUrl", "https://shop.example"));
        server.createServiceClient(tenant, "importer", "customer.import_manage");
        String reminderDay = CustomerImportScenarios.day(2);
        assertEquals(
                200,
                retention(
                                tenant,
                                "POST",
                                Map.of(
                                        "retentionEndDate",
                                        CustomerImportScenarios.day(4),
                                        "emailReminderDate",
                                        reminderDay))
                        .status());
        String customer = email("waiting");
        importLegacy(tenant, List.of(customer));

        assertEquals(
                0,
                runJob(tenant, reminderDay).get("reminded").asInt(),
                "no mail server: nothing sent");
        HttpResult fixed =
                server.admin("PUT", "/" + tenant, Map.of("smtpServer", Mailbox.smtpSettings()));
        assertEquals(204, fixed.status(), fixed::toString);
        assertEquals(
                1,
                runJob(tenant, CustomerImportScenarios.day(3)).get("reminded").asInt(),
                "the next run sends what is owed");
        Mailbox.Mail mail = Mailbox.await(customer, 1, 15);
        assertTrue(mail.subject().startsWith("Sign in to"), mail::subject);
        assertEquals(
                0,
                runJob(tenant, CustomerImportScenarios.day(3)).get("reminded").asInt(),
                "and only once");
    }

    @Test
    void theJobsDayMustBeADate() {
        HttpResult r =
                server.admin(
                        "POST",
                        "/" + TENANT + "/emporix/password-migration/run?today=tomorrow",
                        null);
        assertEquals(400, r.status(), r::toString);
    }
}
