package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;

import dev.kcemporix.auth.it.support.MountUnderTest;
import org.junit.jupiter.api.Test;

/** The service token at {@code /oauth/token}. */
class ServiceTokenRootMountIT extends ServiceTokenScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }

    @Test
    void withoutAnyTenantTheClientIdNamesIt() {
        assertServiceToken(form(credentials("tenant", null)));
    }

    @Test
    void withoutAnyTenantAnUnknownClientIsUnauthorized() {
        assertStandardError(
                401, form(credentials("tenant", null, "client_id", "no-such-client-anywhere")));
    }
}
