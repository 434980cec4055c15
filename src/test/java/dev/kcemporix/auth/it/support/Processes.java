package dev.kcemporix.auth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the servers the tests start have in common: ports, start-up, shutdown, folders. */
final class Processes {

    private Processes() {}

    /**
     * Options every Keycloak the tests start runs with. Argon2, Keycloak's default password hash,
     * at its lowest cost (1 MiB, one pass): the tests are about which passwords and requests are
     * accepted and refused, not about what a guess costs, and hashing at production cost was about
     * a third of the server's CPU in a run of the suite. Algorithm and code paths stay the ones
     * production runs.
     */
    static final List<String> TEST_SERVER_OPTIONS =
            List.of(
                    "--spi-password-hashing--argon2--memory=1024",
                    "--spi-password-hashing--argon2--iterations=1");

    /**
     * Waits until {@code baseUrl}/realms/master answers 200; fails with the log's tail when the
     * process dies or time runs out.
     */
    static void awaitKeycloak(
            String name, String baseUrl, Process process, Path log, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe =
                HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failedStart(name + " exited with code " + process.exitValue(), log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            sleep(500);
        }
        throw failedStart(name + " did not answer within " + timeout, log);
    }

    private static IllegalStateException failedStart(String why, Path log) {
        String tail;
        try {
            List<String> lines = Files.readAllLines(log);
            tail =
                    String.join(
                            System.lineSeparator(),
                            lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            tail = "(log not readable: " + e + ")";
        }
        System.err.println("---- " + log + ", last lines ----");
        System.err.println(tail);
        return new IllegalStateException(why + "; log: " + log);
    }

    /**
     * Stops {@code process} and every process it started (kc.sh starts the JVM); safe to call
     * twice.
     */
    static void stopTree(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** The JVM that kc.sh execs, else the script's own process. */
    static ProcessHandle serverOf(Process process) {
        return process.descendants().reduce((first, last) -> last).orElse(process.toHandle());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A free loopback port in [from, to) (the cluster's ports stay low: JGroups adds 50000 to
     * them).
     */
    static int freePort(int from, int to) {
        int start = from + (int) (Math.random() * (to - from));
        for (int i = 0; i < to - from; i++) {
            int port = from + (start - from + i) % (to - from);
            try (ServerSocket socket =
                    new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken
            }
        }
        throw new IllegalStateException("No free port in " + from + "-" + to);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "System property " + property + " is not set: run the ITs through mvn verify");
        }
        return value;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
