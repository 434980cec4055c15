package dev.kcemporix.auth.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;

/** Scenarios written once and run on each mount: a subclass per mount says which. */
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
