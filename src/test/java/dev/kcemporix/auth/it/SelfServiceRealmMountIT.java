package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Customer self-service, on the realm mount. */
class SelfServiceRealmMountIT extends SelfServiceScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
