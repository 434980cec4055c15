package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.MountUnderTest;

/** Keycloak's guarantees on our endpoints, and ours at Keycloak's, on the root mount. */
class KeycloakGuaranteesRootMountIT extends KeycloakGuaranteesScenarios {
    @Override
    MountUnderTest mount() {
        return MountUnderTest.ROOT;
    }
}
