package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Customer tokens at {@code /realms/{tenant}/emporix/customer/{tenant}/...}. */
class CustomerTokenRealmMountIT extends CustomerTokenScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
