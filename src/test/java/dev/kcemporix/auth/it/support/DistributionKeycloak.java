package dev.kcemporix.auth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Keycloak distribution from Maven Central (unpacked by the build under {@code target/}),
 * with the freshly built jar in {@code providers/} and {@code realm-export/} imported, started in
 * dev mode on free loopback ports. Its log goes to {@code target/it-keycloak/keycloak.log}.
 */
final class DistributionKeycloak implements KeycloakUnderTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin";

    private final ProcessBuilder builder;
    private final String baseUrl;
    private final Path log;
    private Process process;

    private DistributionKeycloak(ProcessBuilder builder, String baseUrl, Path log) throws IOException {
        this.builder = builder;
        this.baseUrl = baseUrl;
        this.log = log;
        this.process = builder.start();
    }

    static DistributionKeycloak start() {
        Path home = Path.of(required("keycloak.home"));
        Path jar = Path.of(required("extension.jar"));
        Path realms = Path.of(required("realm.export.dir"));
        Path logDir = Path.of(required("it.log.dir"));
        try {
            installProvider(home, jar);
            installRealms(home, realms);
            Files.createDirectories(logDir);
            Path log = logDir.resolve("keycloak.log");
            int port = freePort();
            int managementPort = freePort();
            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port,
                    "--http-management-port=" + managementPort,
                    "--import-realm"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Files.deleteIfExists(log);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            DistributionKeycloak keycloak = new DistributionKeycloak(builder, "http://127.0.0.1:" + port, log);
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
        // kc.sh execs java, so the script's process is the server's JVM.
        return process.descendants().reduce((first, last) -> last).map(ProcessHandle::pid).orElse(process.pid());
    }

    /** Stops the server and every process it started; safe to call twice. */
    @Override
    public synchronized void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failedStart("Keycloak exited with code " + process.exitValue());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            sleep(500);
        }
        throw failedStart("Keycloak did not answer within " + START_TIMEOUT);
    }

    private IllegalStateException failedStart(String why) {
        close();
        String tail;
        try {
            List<String> lines = Files.readAllLines(log);
            tail = String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            tail = "(log not readable: " + e + ")";
        }
        System.err.println("---- Keycloak log (" + log + "), last lines ----");
        System.err.println(tail);
        return new IllegalStateException(why + "; log: " + log);
    }

    private static void installProvider(Path home, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Extension jar not built: " + jar);
        }
        Path providers = Files.createDirectories(home.resolve("providers"));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(providers, "keycloak-emporix-auth*.jar")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A fresh dev database every run, so the realm import always happens. */
    private static void installRealms(Path home, Path realms) throws IOException {
        deleteTree(home.resolve("data/h2"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (Stream<Path> files = Files.list(realms)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(f, imports.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the ITs through mvn verify");
        }
        return value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
