package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Demo.OTHER_TENANT;
import static dev.kcemporix.auth.it.support.Demo.TENANT;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;

/** What real clients send, at the root; plus the service token that names no tenant, which only the root serves. */
class ClientVariantsRootMountIT extends ClientVariantsScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    static void createServiceClient(String realm, String clientId) {
        HttpResult r = server.admin("POST", "/" + realm + "/clients", Map.of("clientId", clientId, "publicClient", false,
                "secret", "twin-secret-1", "serviceAccountsEnabled", true, "standardFlowEnabled", false));
        assertEquals(201, r.status(), r::toString);
    }

    static HttpResult serviceTokenWithoutTenant(String clientId) {
        return server.postForm(server.baseUrl() + "/oauth/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", "twin-secret-1"));
    }

    @Test
    void aServiceTokenWithoutTenantComesFromTheOneTenantHoldingTheClientId() {
        String clientId = "solo-" + UUID.randomUUID();
        createServiceClient(OTHER_TENANT, clientId);
        HttpResult r = serviceTokenWithoutTenant(clientId);
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().get("scope").asText().endsWith("tenant=" + OTHER_TENANT), r::toString);
    }

    @Test
    void aClientIdHeldByTwoTenantsNeedsATenant() {
        String clientId = "twin-" + UUID.randomUUID();
        createServiceClient(TENANT, clientId);
        createServiceClient(OTHER_TENANT, clientId);
        HttpResult ambiguous = serviceTokenWithoutTenant(clientId);
        assertStandardError(400, ambiguous);
        assertTrue(ambiguous.json().get("message").asText().contains("tenant"), ambiguous::toString);
        assertEquals("tenant", ambiguous.json().at("/details/0/field").asText());

        HttpResult named = server.postForm(server.baseUrl() + "/oauth/token?tenant=" + Server.enc(OTHER_TENANT),
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", "twin-secret-1"));
        assertEquals(200, named.status(), named::toString);
    }

    @Test
    void aClientIdHeldOnlyByARealmThatIsNoTenantIsUnknown() {
        server.ensureRealm(dev.kcemporix.auth.it.support.Demo.PLAIN_REALM, false);
        String clientId = "plain-" + UUID.randomUUID();
        createServiceClient(dev.kcemporix.auth.it.support.Demo.PLAIN_REALM, clientId);
        assertStandardError(401, serviceTokenWithoutTenant(clientId));
    }
}
