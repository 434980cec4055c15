package dev.kcemporix.auth.it.support;

/**
 * A running Keycloak with the extension jar and the demo realm, as the integration tests see it.
 */
public interface KeycloakUnderTest extends AutoCloseable {

    /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    String adminUsername();

    String adminPassword();

    /**
     * Stops and starts the same server on the same data and ports, as an operator's restart does.
     */
    void restart();

    /**
     * The server's process id, for JDK tools (heap figures); -1 where there is no local process.
     */
    long pid();

    /**
     * Everything the server has logged so far (tests that check what never reaches a log read it).
     */
    String log();

    @Override
    void close();
}
