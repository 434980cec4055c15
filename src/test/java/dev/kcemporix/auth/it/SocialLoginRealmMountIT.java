package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

class SocialLoginRealmMountIT extends SocialLoginScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
