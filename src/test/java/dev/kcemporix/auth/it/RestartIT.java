package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens issued before a Keycloak restart keep working after it: nothing of ours lives only in
 * memory.
 */
@ExtendWith(KeycloakExtension.class)
@Tag("slow")
class RestartIT {

    @Test
    void anonymousAndCustomerTokensValidateAndRefreshAfterARestart(Server server) {
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        String email = "restart-" + UUID.randomUUID() + "@example.com";
        server.createCustomer("demo", email, "secret-pass-1");
        JsonNode anonymous = storefront.anonymous("demo");
        JsonNode customer =
                storefront
                        .login(
                                "demo",
                                storefront.anonymous("demo").get("access_token").asText(),
                                email,
                                "secret-pass-1")
                        .json();

        server.restart();

        HttpResult anonymousRefresh =
                storefront.anonymousRefresh(
                        "demo", "storefront", anonymous.get("refresh_token").asText());
        assertEquals(200, anonymousRefresh.status(), anonymousRefresh::toString);
        assertEquals(anonymous.get("sessionId"), anonymousRefresh.json().get("sessionId"));
        HttpResult login =
                storefront.login(
                        "demo", anonymous.get("access_token").asText(), email, "secret-pass-1");
        assertEquals(200, login.status(), login::toString);

        HttpResult validated = storefront.validate("demo", customer.get("access_token").asText());
        assertEquals(200, validated.status(), validated::toString);
        assertEquals(customer.get("session_id"), validated.json().get("sessionId"));
        HttpResult refreshed = storefront.refresh("demo", customer.get("refresh_token").asText());
        assertEquals(200, refreshed.status(), refreshed::toString);
        assertEquals(customer.get("session_id"), refreshed.json().get("session_id"));
    }
}
