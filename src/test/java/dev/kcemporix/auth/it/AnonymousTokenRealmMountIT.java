package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Anonymous tokens at {@code /realms/{tenant}/emporix/customerlogin/...}. */
class AnonymousTokenRealmMountIT extends AnonymousTokenScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }

    @org.junit.jupiter.api.Test
    void aTenantOtherThanThePathRealmIsNotFound() {
        dev.kcemporix.auth.it.support.Storefront.assertStandardError(
                404,
                server.get(
                        url(
                                "demo",
                                "/customerlogin/auth/anonymous/login?tenant="
                                        + dev.kcemporix.auth.it.support.Demo.OTHER_TENANT
                                        + "&client_id=storefront")));
    }
}
