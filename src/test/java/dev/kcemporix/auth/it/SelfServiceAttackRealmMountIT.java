package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** The self-service calls tried as an attacker would, on the realm mount. */
class SelfServiceAttackRealmMountIT extends SelfServiceAttackScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
