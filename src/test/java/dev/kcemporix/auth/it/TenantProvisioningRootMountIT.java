package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** A tenant in one switch, then used on the root mount. */
class TenantProvisioningRootMountIT extends TenantProvisioningScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
