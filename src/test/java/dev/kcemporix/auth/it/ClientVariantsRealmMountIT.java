package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** What real clients send, at {@code /realms/{tenant}/emporix/...}. */
class ClientVariantsRealmMountIT extends ClientVariantsScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
