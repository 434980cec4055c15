package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Keycloak's guarantees on our endpoints, and ours at Keycloak's, on the realm mount. */
class KeycloakGuaranteesRealmMountIT extends KeycloakGuaranteesScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.REALM;
    }
}
