package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Customer scopes are the storefront client's client scopes, changed through the admin API without
 * a restart.
 */
@ExtendWith(KeycloakExtension.class)
class ClientScopesIT {

    static final String SHOP = "scopeshop";
    static Server server;

    @BeforeAll
    static void realm(Server running) {
        server = running;
        server.ensureRealm(SHOP, true);
    }

    @Test
    void addingAndRemovingAClientScopeChangesTheNextToken() {
        Storefront storefront = new Storefront(server, MountUnderTest.ROOT);
        String email = "scopes-" + System.nanoTime() + "@example.com";
        server.createCustomer(SHOP, email, "secret-pass-1");
        JsonNode login = storefront.customer(SHOP, email, "secret-pass-1");
        assertEquals("tenant=" + SHOP, scope(storefront, login.get("access_token").asText()));

        HttpResult created =
                server.admin(
                        "POST",
                        "/" + SHOP + "/client-scopes",
                        Map.of(
                                "name",
                                "coupon.coupon_redeem",
                                "protocol",
                                "openid-connect",
                                "attributes",
                                Map.of("include.in.token.scope", "true")));
        assertEquals(201, created.status(), created::toString);
        String scopeId =
                created.header("Location")
                        .substring(created.header("Location").lastIndexOf('/') + 1);
        String clientId =
                server.adminJson("/" + SHOP + "/clients?clientId=storefront")
                        .get(0)
                        .get("id")
                        .asText();
        String assignment =
                "/" + SHOP + "/clients/" + clientId + "/default-client-scopes/" + scopeId;
        assertEquals(204, server.admin("PUT", assignment, null).status());

        HttpResult added = storefront.refresh(SHOP, login.get("refresh_token").asText());
        assertEquals(200, added.status(), added::toString);
        assertEquals(
                "coupon.coupon_redeem tenant=" + SHOP,
                scope(storefront, added.json().get("access_token").asText()));

        assertEquals(204, server.admin("DELETE", assignment, null).status());
        HttpResult removed = storefront.refresh(SHOP, added.json().get("refresh_token").asText());
        assertEquals(200, removed.status(), removed::toString);
        String after = scope(storefront, removed.json().get("access_token").asText());
        assertFalse(List.of(after.split(" ")).contains("coupon.coupon_redeem"), after);
        assertTrue(after.endsWith("tenant=" + SHOP), after);
    }

    private static String scope(Storefront storefront, String accessToken) {
        HttpResult r = storefront.validate(SHOP, accessToken);
        assertEquals(200, r.status(), r::toString);
        return r.json().get("scope").asText();
    }
}
