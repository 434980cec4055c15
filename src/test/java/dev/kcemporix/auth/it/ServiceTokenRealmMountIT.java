package dev.kcemporix.auth.it;

import org.junit.jupiter.api.Test;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** The service token at {@code /realms/{tenant}/emporix/oauth/token}. */
class ServiceTokenRealmMountIT extends ServiceTokenScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }

    @Test
    void theRealmOfThePathIsTheTenant() {
        assertServiceToken(form(credentials("tenant", null)));
    }
}
