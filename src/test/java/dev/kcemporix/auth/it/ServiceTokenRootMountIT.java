package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** The service token at {@code /oauth/token}. */
class ServiceTokenRootMountIT extends ServiceTokenScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    @Test
    void withoutAnyTenantItIsABadRequestThatSaysSo() {
        var r = form(credentials("tenant", null));
        assertStandardError(400, r);
        assertTrue(r.json().get("message").asText().contains("tenant"), r::toString);
    }
}
