package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

class CustomerImportRootMountIT extends CustomerImportScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
