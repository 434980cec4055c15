package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Customer self-service, on the root mount. */
class SelfServiceRootMountIT extends SelfServiceScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
