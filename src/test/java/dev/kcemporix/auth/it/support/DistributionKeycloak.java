package dev.kcemporix.auth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Keycloak distribution from Maven Central (unpacked by the build under {@code target/}), with
 * the freshly built jar in {@code providers/} and {@code realm-export/} imported, started in dev
 * mode on free loopback ports. Its log goes to {@code target/it-keycloak/keycloak.log}.
 */
final class DistributionKeycloak implements KeycloakUnderTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin";

    private final ProcessBuilder builder;
    private final String baseUrl;
    private final Path log;
    private Process process;

    private DistributionKeycloak(ProcessBuilder builder, String baseUrl, Path log)
            throws IOException {
        this.builder = builder;
        this.baseUrl = baseUrl;
        this.log = log;
        this.process = builder.start();
    }

    static DistributionKeycloak start() {
        Path home = Path.of(Processes.required("keycloak.home"));
        Path jar = Path.of(Processes.required("extension.jar"));
        Path realms = Path.of(Processes.required("realm.export.dir"));
        Path logDir = Path.of(Processes.required("it.log.dir"));
        try {
            installProvider(home, jar);
            installRealms(home, realms);
            installCacheConfig(home);
            Files.createDirectories(logDir);
            Path log = logDir.resolve("keycloak.log");
            int port = Processes.freePort();
            int managementPort = Processes.freePort();
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    home.resolve("bin/kc.sh").toString(),
                                    "start-dev",
                                    // The Emporix tab of the admin console rides on Keycloak's
                                    // experimental UI tab SPI.
                                    "--features=declarative-ui",
                                    "--http-host=127.0.0.1",
                                    "--http-port=" + port,
                                    "--http-management-port=" + managementPort,
                                    "--import-realm",
                                    "--cache-config-file=" + TEST_CACHE_CONFIG));
            command.addAll(Processes.TEST_SERVER_OPTIONS);
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(home.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Files.deleteIfExists(log);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            // The password-migration job's day may be moved by its admin "run now" call
            // (PasswordMigrationJobIT).
            builder.environment().put("JAVA_OPTS_APPEND", "-Demporix.testing.jobClock=true");
            DistributionKeycloak keycloak =
                    new DistributionKeycloak(builder, "http://127.0.0.1:" + port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "stop-keycloak"));
            keycloak.awaitReady();
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public String adminUsername() {
        return ADMIN;
    }

    @Override
    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    @Override
    public synchronized void restart() {
        close();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    @Override
    public long pid() {
        return Processes.serverOf(process).pid();
    }

    @Override
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and every process it started; safe to call twice. */
    @Override
    public synchronized void close() {
        Processes.stopTree(process);
    }

    private void awaitReady() {
        try {
            Processes.awaitKeycloak("Keycloak", baseUrl, process, log, START_TIMEOUT);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    static void installProvider(Path home, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Extension jar not built: " + jar);
        }
        Path providers = Files.createDirectories(home.resolve("providers"));
        try (DirectoryStream<Path> old =
                Files.newDirectoryStream(providers, "keycloak-emporix-auth*.jar")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A fresh dev database every run, so the realm import always happens. */
    /** The test server's cache configuration, in the installation's {@code conf/}. */
    static final String TEST_CACHE_CONFIG = "emporix-test-cache.xml";

    /**
     * Infinispan's expiration reaper of the single-use store, every 2 s instead of its default
     * minute: entries the jar wrote with a lifespan leave memory seconds after it ends, so that
     * {@code RestartIT} sees them go without waiting for the next minute (measured on 26.7.3: gone
     * 8 s after a 5 s lifespan, against 46 s). An entry written without a lifespan stays all the
     * same, which is what that test is for. Everything else is Keycloak's default.
     */
    private static void installCacheConfig(Path home) throws IOException {
        Files.writeString(
                home.resolve("conf").resolve(TEST_CACHE_CONFIG),
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <infinispan xmlns="urn:infinispan:config:15.0">
                    <cache-container name="keycloak">
                        <local-cache name="actionTokens">
                            <expiration interval="2000"/>
                        </local-cache>
                    </cache-container>
                </infinispan>
                """);
    }

    private static void installRealms(Path home, Path realms) throws IOException {
        Processes.deleteTree(home.resolve("data/h2"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (Stream<Path> files = Files.list(realms)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(
                        f, imports.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
