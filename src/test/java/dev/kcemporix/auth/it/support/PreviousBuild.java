package dev.kcemporix.auth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The jar of the build the next release must roll from, built from the project's own history: the
 * commit {@code release/previous-build} names, taken out with {@code git archive} and packaged with
 * the same Maven (tests skipped). Built once per checkout and commit, under {@code
 * target/previous-build/}.
 */
public final class PreviousBuild {

    private PreviousBuild() {}

    /** The previous build's commit, as {@code release/previous-build} names it. */
    public static String commit() {
        Path marker = root().resolve("release/previous-build");
        try (Stream<String> lines = Files.lines(marker, StandardCharsets.UTF_8)) {
            return lines.map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(marker + " names no commit"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The previous build's jar, built now unless an earlier run of this checkout built it; null
     * when this checkout has no git history holding the commit (a shallow clone: {@code .ci/run}
     * deepens it; a source archive).
     */
    public static synchronized Path jar() {
        String commit = commit();
        Path dir = Path.of(Processes.required("previous.build.dir")).resolve(commit);
        Path built = built(dir);
        if (built != null) {
            return built;
        }
        try {
            Path log = dir.resolveSibling(commit + ".log");
            Files.createDirectories(dir.getParent());
            if (!inHistory(commit, log)) {
                return null;
            }
            Processes.deleteTree(dir);
            Files.createDirectories(dir);
            run(
                    root(),
                    log,
                    "sh",
                    "-c",
                    "git archive --format=tar " + commit + " | tar -x -C '" + dir + "'");
            String mvn = Path.of(Processes.required("maven.home"), "bin", "mvn").toString();
            List<String> pack =
                    List.of(
                            mvn,
                            "-B",
                            "-q",
                            "package",
                            "-DskipTests",
                            "-Dspotless.check.skip=true");
            List<String> offline = new ArrayList<>(pack);
            offline.add(1, "-o");
            // Offline first: this build has resolved everything the previous one needs unless
            // its pom differs.
            if (!runs(dir, log, offline)) {
                run(dir, log, pack.toArray(String[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        built = built(dir);
        if (built == null) {
            throw new IllegalStateException("the previous build left no jar in " + dir);
        }
        return built;
    }

    /** Whether this checkout's git history holds {@code commit} (false without git at all). */
    private static boolean inHistory(String commit, Path log) {
        try {
            return runs(root(), log, List.of("git", "cat-file", "-e", commit + "^{commit}"));
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static Path built(Path dir) {
        Path target = dir.resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(
                            f -> {
                                String name = f.getFileName().toString();
                                return name.startsWith("keycloak-emporix-auth-")
                                        && name.endsWith(".jar");
                            })
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path dir, Path log, String... command) {
        if (!runs(dir, log, List.of(command))) {
            throw new IllegalStateException(
                    "the previous build failed: " + String.join(" ", command) + "; see " + log);
        }
    }

    private static boolean runs(Path dir, Path log, List<String> command) {
        try {
            Process p =
                    new ProcessBuilder(command)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path root() {
        return Path.of(Processes.required("project.root"));
    }
}
