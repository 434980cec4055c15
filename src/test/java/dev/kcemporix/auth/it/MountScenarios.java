package dev.kcemporix.auth.it;

import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenarios written once, run on a mount a subclass names: on both where they are about mounts (the
 * tenant in the path, CORS, the tenant of {@code /oauth/token}), else on one; {@link MountParityIT}
 * sends every call of the API document to both and compares the answers.
 */
@ExtendWith(KeycloakExtension.class)
abstract class MountScenarios {

    static Server server;
    Storefront storefront;

    abstract MountUnderTest mount();

    @BeforeAll
    static void server(Server running) {
        server = running;
    }

    @BeforeEach
    void storefront() {
        storefront = new Storefront(server, mount());
    }
}
