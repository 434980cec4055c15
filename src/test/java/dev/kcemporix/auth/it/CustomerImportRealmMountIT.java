package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

class CustomerImportRealmMountIT extends CustomerImportScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
