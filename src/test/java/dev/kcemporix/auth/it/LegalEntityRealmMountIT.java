package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Legal entities on the realm mount. */
class LegalEntityRealmMountIT extends LegalEntityScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
