package dev.kcemporix.auth.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Keycloak for the whole test run (the first test to need it starts it) and stops it
 * when the test JVM exits, failed or not (a shutdown hook, which also covers Ctrl-C). JUnit Jupiter
 * tests receive the {@link Server} as a parameter; jqwik properties, which run in another engine of
 * the same JVM, get the same one from {@link #shared()}.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

    private static Server shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return shared();
    }

    /** The Keycloak of this test run, started on first use. */
    public static synchronized Server shared() {
        if (shared == null) {
            KeycloakUnderTest keycloak =
                    "container".equals(System.getProperty("it.keycloak"))
                            ? ContainerKeycloak.start()
                            : DistributionKeycloak.start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(keycloak::close, "stop-keycloak-under-test"));
            shared = new Server(keycloak);
        }
        return shared;
    }
}
