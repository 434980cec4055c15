package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Customer tokens at {@code /customer/{tenant}/...}. */
class CustomerTokenRootMountIT extends CustomerTokenScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
