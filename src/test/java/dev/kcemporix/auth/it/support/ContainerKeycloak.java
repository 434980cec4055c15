package dev.kcemporix.auth.it.support;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.utility.MountableFile;

/**
 * The same server in Keycloak's container image, for machines with a Docker engine ({@code
 * -Dit.keycloak=container}).
 */
final class ContainerKeycloak implements KeycloakUnderTest {

    private final KeycloakContainer container;

    private ContainerKeycloak(KeycloakContainer container) {
        this.container = container;
    }

    static ContainerKeycloak start() {
        String version = System.getProperty("keycloak.version");
        KeycloakContainer container =
                new KeycloakContainer("quay.io/keycloak/keycloak:" + version)
                        .withProviderLibsFrom(
                                List.of(new File(System.getProperty("extension.jar"))))
                        .withCustomCommand(
                                "--import-realm "
                                        + String.join(" ", Processes.TEST_SERVER_OPTIONS));
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("realm.export.dir")))) {
            files.filter(p -> p.toString().endsWith(".json"))
                    .forEach(
                            p ->
                                    container.withCopyFileToContainer(
                                            MountableFile.forHostPath(p),
                                            "/opt/keycloak/data/import/" + p.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        container.start();
        return new ContainerKeycloak(container);
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String adminUsername() {
        return container.getAdminUsername();
    }

    @Override
    public String adminPassword() {
        return container.getAdminPassword();
    }

    @Override
    public void restart() {
        throw new UnsupportedOperationException(
                "A restarted container starts with an empty database");
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public String log() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }
}
