package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** One-time codes and the customer's sessions, on the root mount. */
class OtpAndSessionsRootMountIT extends OtpAndSessionsScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
