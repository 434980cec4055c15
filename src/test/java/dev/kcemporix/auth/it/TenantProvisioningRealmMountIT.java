package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** A tenant in one switch, then used on the realm mount. */
class TenantProvisioningRealmMountIT extends TenantProvisioningScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
