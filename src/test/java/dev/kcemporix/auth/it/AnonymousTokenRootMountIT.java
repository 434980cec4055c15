package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Anonymous tokens at {@code /customerlogin/...}. */
class AnonymousTokenRootMountIT extends AnonymousTokenScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
