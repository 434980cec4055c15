package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** The self-service calls tried as an attacker would, on the root mount. */
class SelfServiceAttackRootMountIT extends SelfServiceAttackScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
