package dev.kcemporix.auth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two Keycloak nodes in production mode on a real PostgreSQL, clustered the way Keycloak 26 does it
 * by default (Infinispan, nodes finding each other through the database: jdbc-ping), on free
 * loopback ports: the distribution of the build with the freshly built jar, {@code kc.sh build
 * --db=postgres} once, then {@code kc.sh start --optimized} per node. Both nodes have the first
 * node's URL as hostname, as nodes behind one load balancer do: every token names one issuer. Logs
 * under {@code target/cluster/}. Stopped at the end (also by a shutdown hook).
 */
public final class KeycloakCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;
    private final LocalPostgres postgres;
    private final List<Node> nodes = new ArrayList<>();

    private KeycloakCluster(Path dir, LocalPostgres postgres) {
        this.dir = dir;
        this.postgres = postgres;
    }

    /** Both nodes with this build's jar. */
    public static KeycloakCluster start() {
        Path jar = Path.of(Processes.required("extension.jar"));
        return start(jar, jar);
    }

    /**
     * Node A with the previous build's jar ({@link PreviousBuild}), node B with this build's: a
     * cluster in the middle of a roll.
     */
    public static KeycloakCluster rolling() {
        Path previous = PreviousBuild.jar();
        Path current = Path.of(Processes.required("extension.jar"));
        if (previous == null) {
            System.out.printf(
                    "WARNING: the history of this checkout lacks %s (release/previous-build): both"
                            + " nodes run this build, no mixed versions tested%n",
                    PreviousBuild.commit());
            return start(current, current);
        }
        System.out.printf(
                "Cluster mid-roll: node A runs the jar of %s, node B this build%n",
                PreviousBuild.commit());
        return start(previous, current);
    }

    /**
     * Node A with {@code jarOfA}, node B with {@code jarOfB}: a cluster in the middle of rolling
     * one build of the jar to another.
     */
    public static KeycloakCluster start(Path jarOfA, Path jarOfB) {
        try {
            Path dist = Path.of(Processes.required("keycloak.home"));
            Path dir = Path.of(Processes.required("it.log.dir")).getParent().resolve("cluster");
            Processes.deleteTree(dir.resolve("node-a"));
            Processes.deleteTree(dir.resolve("node-b"));
            Files.createDirectories(dir);
            LocalPostgres postgres = LocalPostgres.start(dir, Processes.freePort(15000, 16000));
            KeycloakCluster cluster = new KeycloakCluster(dir, postgres);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-cluster"));

            Path a = dir.resolve("node-a");
            copyTree(dist, a, p -> !p.toString().contains("/data/"));
            DistributionKeycloak.installProvider(a, jarOfA);
            Files.createDirectories(a.resolve("data/import"));
            try (Stream<Path> realms =
                    Files.list(Path.of(Processes.required("realm.export.dir")))) {
                for (Path f : realms.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.copy(
                            f,
                            a.resolve("data/import").resolve(f.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path b = dir.resolve("node-b");
            if (jarOfA.equals(jarOfB)) {
                built(build(a, dir.resolve("build.log")), dir.resolve("build.log"));
                copyTree(a, b, p -> !p.toString().contains("/data/import"));
            } else {
                copyTree(dist, b, p -> !p.toString().contains("/data/"));
                DistributionKeycloak.installProvider(b, jarOfB);
                // Two builds at once: each waits on its disk as much as on a core.
                Process buildingB = build(b, dir.resolve("build-b.log"));
                built(build(a, dir.resolve("build.log")), dir.resolve("build.log"));
                built(buildingB, dir.resolve("build-b.log"));
            }

            int portA = Processes.freePort(18100, 18900);
            cluster.nodes.add(
                    new Node(
                            "node-a",
                            a,
                            portA,
                            portA,
                            Processes.freePort(19000, 19900),
                            Processes.freePort(7800, 8999),
                            postgres,
                            dir,
                            true));
            int portB = Processes.freePort(18100, 18900);
            cluster.nodes.add(
                    new Node(
                            "node-b",
                            b,
                            portB,
                            portA,
                            Processes.freePort(19000, 19900),
                            Processes.freePort(7800, 8999),
                            postgres,
                            dir,
                            false));
            // The second node starts once the first has created the schema and formed its cluster
            // view (two first starts at once race on Liquibase's changelog table): it then starts
            // while the first imports the realms, under Keycloak's database lock.
            cluster.nodes.get(0).begin();
            cluster.nodes.get(0).awaitInLog("ISPN000094");
            cluster.nodes.get(1).begin();
            cluster.nodes.forEach(Node::awaitReady);
            cluster.awaitMembers(2);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Node {@code i} (0 or 1) as the tests speak to it. */
    public Server node(int i) {
        return new Server(nodes.get(i));
    }

    private static Process build(Path home, Path log) throws IOException {
        return new ProcessBuilder(
                        home.resolve("bin/kc.sh").toString(),
                        "build",
                        "--db=postgres",
                        "--features=declarative-ui",
                        "--health-enabled=true")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits for a {@code kc.sh build}; fails when it did. */
    private static void built(Process build, Path log) throws InterruptedException {
        if (build.waitFor() != 0) {
            throw new IllegalStateException("kc.sh build failed; see " + log);
        }
    }

    /** Where node {@code i}'s Keycloak is installed. */
    public Path home(int i) {
        return nodes.get(i).home;
    }

    /** What a {@code kc.sh} command printed, and its exit code. */
    public record Command(int exitCode, String output) {}

    /**
     * Runs {@code kc.sh args} in node {@code i}'s installation with the node's database settings,
     * as an operator would beside the running node (an {@code update-compatibility} command).
     */
    public Command kc(int i, String... args) {
        Node node = nodes.get(i);
        List<String> command = new ArrayList<>();
        command.add(node.home.resolve("bin/kc.sh").toString());
        command.addAll(List.of(args));
        // The node's own build, never a new one: without this, kc.sh rebuilds the installation
        // under the running node with none of its build options (seen).
        command.add("--optimized");
        command.addAll(node.databaseOptions());
        try {
            Path output = Files.createTempFile(dir, "kc-", ".log");
            Process p =
                    new ProcessBuilder(command)
                            .directory(node.home.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            if (!p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("kc.sh " + String.join(" ", args) + " hangs");
            }
            return new Command(p.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills node {@code i} as a crash would: SIGKILL, no shutdown. */
    public void kill(int i) {
        nodes.get(i).kill();
    }

    /**
     * Starts node {@code i} again on the same ports and database, and waits until the cluster has
     * both nodes.
     */
    public void restart(int i) {
        nodes.get(i).launch();
        awaitMembers(2);
    }

    /**
     * The next step of a roll: starts the stopped node {@code i} again, on the same ports and
     * database, from a copy of node {@code from}'s installation (its build of the jar, augmented
     * already), as an operator brings a node back on the new image; waits until the cluster has
     * both nodes. {@link #home} keeps naming the installation the node started from.
     */
    public void restartOnTheBuildOf(int i, int from) {
        Node node = nodes.get(i);
        Path rolled = dir.resolve(node.name + "-rolled");
        try {
            Processes.deleteTree(rolled);
            copyTree(nodes.get(from).home, rolled, p -> !p.toString().contains("/data/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        node.runningFrom = rolled;
        node.launch();
        // Its answers are checked against the document the new build serves.
        ApiContract.forget(node.baseUrl());
        awaitMembers(2);
    }

    /** Waits until the nodes' logs report a cluster view of {@code members} nodes. */
    void awaitMembers(int members) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = nodes.stream().allMatch(n -> n.lastViewSize() == members);
            if (all) {
                return;
            }
            Processes.sleep(500);
        }
        throw new IllegalStateException(
                "The nodes did not form a cluster of " + members + "; logs in " + dir);
    }

    @Override
    public synchronized void close() {
        nodes.forEach(Node::close);
        postgres.close();
    }

    /** One node: a process of {@code kc.sh start --optimized}. */
    static final class Node implements KeycloakUnderTest {
        /**
         * "ISPN000094: Received new cluster view for channel ISPN: [node|3] (2) [node, other]": the
         * count in parentheses.
         */
        private static final Pattern VIEW = Pattern.compile("ISPN000094: .*?\\] \\((\\d+)\\)");

        private final String name;
        private final Path home;

        /** Where the process starts from: {@link #home}, or another build's copy after a roll. */
        private Path runningFrom;

        private final int port;
        private final int hostnamePort;
        private final int managementPort;
        private final int clusterPort;
        private final LocalPostgres postgres;
        private final Path log;
        private boolean importRealms;
        private Process process;
        private long logOffset;

        Node(
                String name,
                Path home,
                int port,
                int hostnamePort,
                int managementPort,
                int clusterPort,
                LocalPostgres postgres,
                Path dir,
                boolean importRealms) {
            this.name = name;
            this.home = home;
            this.runningFrom = home;
            this.port = port;
            this.hostnamePort = hostnamePort;
            this.managementPort = managementPort;
            this.clusterPort = clusterPort;
            this.postgres = postgres;
            this.log = dir.resolve(name + ".log");
            this.importRealms = importRealms;
        }

        void launch() {
            begin();
            awaitReady();
        }

        /** Starts the node's process; {@link #awaitReady} waits for it. */
        void begin() {
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    runningFrom.resolve("bin/kc.sh").toString(),
                                    "start",
                                    "--optimized",
                                    "--hostname=http://127.0.0.1:" + hostnamePort,
                                    "--http-enabled=true",
                                    "--http-host=127.0.0.1",
                                    "--http-port=" + port,
                                    "--http-management-port=" + managementPort,
                                    "--cache-embedded-network-bind-address=127.0.0.1",
                                    "--cache-embedded-network-bind-port=" + clusterPort));
            command.addAll(databaseOptions());
            command.addAll(Processes.TEST_SERVER_OPTIONS);
            if (importRealms) {
                command.add("--import-realm");
                importRealms = false;
            }
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(runningFrom.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUsername());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword());
            try {
                logOffset = Files.exists(log) ? Files.size(log) : 0;
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until this start of the node has logged {@code marker}. */
        void awaitInLog(String marker) {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    byte[] all = Files.readAllBytes(log);
                    String since =
                            new String(
                                    all,
                                    (int) Math.min(logOffset, all.length),
                                    all.length - (int) Math.min(logOffset, all.length),
                                    java.nio.charset.StandardCharsets.UTF_8);
                    if (since.contains(marker)) {
                        return;
                    }
                    Thread.sleep(200);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            // A node that died or hangs: its readiness wait says so with its log.
            awaitReady();
        }

        List<String> databaseOptions() {
            return List.of(
                    "--db-url=" + postgres.jdbcUrl(),
                    "--db-username=" + LocalPostgres.USER,
                    "--db-password=keycloak");
        }

        void awaitReady() {
            Processes.awaitKeycloak(name, baseUrl(), process, log, START_TIMEOUT);
        }

        /**
         * The size of the last cluster view this node's log reports (Infinispan's ISPN000094), 0
         * when none.
         */
        int lastViewSize() {
            try {
                List<String> lines = Files.readAllLines(log);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    Matcher view = VIEW.matcher(lines.get(i));
                    if (view.find()) {
                        return Integer.parseInt(view.group(1));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }

        void kill() {
            ProcessHandle java = Processes.serverOf(process);
            java.destroyForcibly();
            process.destroyForcibly();
            java.onExit().join();
        }

        @Override
        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public String adminUsername() {
            return "admin";
        }

        @Override
        public String adminPassword() {
            return "admin";
        }

        @Override
        public void restart() {
            close();
            launch();
        }

        @Override
        public long pid() {
            return Processes.serverOf(process).pid();
        }

        @Override
        public String log() {
            try {
                return Files.readString(log);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void close() {
            Processes.stopTree(process);
        }
    }

    private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> include)
            throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (!include.test(p)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(
                            p,
                            target,
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
