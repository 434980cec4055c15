package dev.kcemporix.auth.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Keycloak for the whole test run (the first test to need it starts it) and stops it
 * when the test JVM exits, failed or not (a shutdown hook, which also covers Ctrl-C). JUnit Jupiter
 * tests receive the {@link Server} as a parameter; jqwik properties, which run in another engine of
 * the same JVM, get the same one from {@link #shared()}.
 *
 * <p>On Keycloak before 26.7, the realms a test class creates are deleted after it: there, an admin
 * call after a change resolves the master admin's roles realm by realm (about 55 ms per realm
 * measured on 26.5.6; 7 s for one call with 120 realms), and the suite makes some 60 realms. From
 * 26.7 on they stay: the call does not grow with them, and a deletion costs about 0.8 s.
 */
public final class KeycloakExtension
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace REALMS =
            ExtensionContext.Namespace.create(KeycloakExtension.class, "realms");

    private static Server shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        Server server = shared();
        if (isTopLevel(context) && !KeycloakVersion.atLeast(26, 7)) {
            context.getStore(REALMS).put(context.getRequiredTestClass(), realms(server));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!isTopLevel(context)) {
            return;
        }
        Object before = context.getStore(REALMS).get(context.getRequiredTestClass());
        if (!(before instanceof Set<?> existing)) {
            return;
        }
        Server server = shared();
        for (String realm : realms(server)) {
            if (!existing.contains(realm)) {
                server.admin("DELETE", "/" + realm, null);
            }
        }
    }

    /** Nested classes share their enclosing class's realms: only the outermost one cleans up. */
    private static boolean isTopLevel(ExtensionContext context) {
        return context.getRequiredTestClass().getEnclosingClass() == null;
    }

    private static Set<String> realms(Server server) {
        Set<String> names = new HashSet<>();
        for (JsonNode realm : server.adminJson("?briefRepresentation=true")) {
            names.add(realm.path("realm").asText());
        }
        return names;
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
