package dev.kcemporix.auth.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Keycloak for the whole test run (the first IT to need it starts it) and stops it when
 * the run ends, failed or not; a JVM shutdown hook covers Ctrl-C. Tests receive a {@link Server}.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return server(extension);
    }

    static Server server(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("server", key -> new Running(start()), Running.class).server;
    }

    private static KeycloakUnderTest start() {
        return "container".equals(System.getProperty("it.keycloak")) ? ContainerKeycloak.start() : DistributionKeycloak.start();
    }

    /** Closed by JUnit when the root context closes, i.e. at the end of the run. */
    private record Running(Server server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        Running(KeycloakUnderTest keycloak) {
            this(new Server(keycloak));
        }

        @Override
        public void close() {
            server.keycloak().close();
        }
    }
}
