package dev.kcemporix.auth.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain http reaches a source only on this machine: the URL's parsed host, never a text prefix. */
class LoopbackSourcesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "LOCALHOST",
                "127.0.0.1",
                "127.1.2.3",
                "[::1]",
                "[0:0:0:0:0:0:0:1]"
            })
    void thisMachine(String host) {
        assertTrue(LoginThroughMigrationFactory.isLoopback(host), host);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.attacker.example",
                "127.0.0.1.attacker.example",
                "localhost.attacker.example",
                "127.0.0.300",
                "128.0.0.1",
                "10.0.0.1",
                "[::2]",
                "[::ffff:8.8.8.8]",
                "attacker.example",
                ""
            })
    void anotherMachine(String host) {
        assertFalse(LoginThroughMigrationFactory.isLoopback(host), host);
    }
}
