package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;
import org.junit.jupiter.api.Test;

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
