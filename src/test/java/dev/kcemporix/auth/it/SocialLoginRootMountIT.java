package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.ExternalProvider;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Social login and token exchange at the root; plus the health report's provider findings, which no
 * mount serves.
 */
class SocialLoginRootMountIT extends SocialLoginScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    @Test
    void theHealthReportNamesProvidersThatCannotWork() {
        JsonNode clean = server.adminJson("/" + tenant() + "/emporix/health").get("findings");
        assertFalse(clean.toString().contains("exchange-"), clean::toString);

        ExternalProvider broken =
                provider.anotherTenant(
                        Map.of("emporix.exchange.defaultConfig", "gone"), Map.of("issuer", ""));
        try {
            String findings =
                    server.adminJson("/" + broken.tenant() + "/emporix/health")
                            .get("findings")
                            .toString();
            assertTrue(findings.contains("exchange-default-missing"), findings);
            assertTrue(
                    findings.contains("exchange-unverifiable:" + ExternalProvider.ALIAS), findings);

            JsonNode idp =
                    server.adminJson(
                            "/"
                                    + broken.tenant()
                                    + "/identity-provider/instances/"
                                    + ExternalProvider.ALIAS);
            Map<String, Object> disabled = Server.fromJson(idp);
            disabled.put("enabled", false);
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/"
                                            + broken.tenant()
                                            + "/identity-provider/instances/"
                                            + ExternalProvider.ALIAS,
                                    disabled)
                            .status());
            Map<String, Object> realm = Server.fromJson(server.adminJson("/" + broken.tenant()));
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) realm.get("attributes");
            attributes.put("emporix.exchange.defaultConfig", ExternalProvider.ALIAS);
            assertEquals(204, server.admin("PUT", "/" + broken.tenant(), realm).status());
            findings =
                    server.adminJson("/" + broken.tenant() + "/emporix/health")
                            .get("findings")
                            .toString();
            assertTrue(findings.contains("exchange-default-disabled"), findings);
        } finally {
            broken.close();
        }
    }
}
