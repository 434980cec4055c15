package dev.kcemporix.auth.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The walk-through {@code ./run.sh} prints is pasted into a shell: its indented lines, taken as one
 * block, must be a valid shell script (commands, and comments for anything else).
 */
class RunScriptTest {

    @Test
    void theWalkThroughPastesAsOneValidShellBlock() throws Exception {
        String script = Files.readString(Path.of("run.sh"));
        int start = script.indexOf("cat <<INFO\n");
        int end = script.indexOf("\nINFO\n", start);
        assertTrue(
                start >= 0 && end > start, "run.sh prints its walk-through from a here-document");
        // Printed as run.sh prints it: the here-document expanded by bash with the variables run.sh
        // sets.
        String printed =
                bash(
                        "base=http://localhost:8080 MAIL_PORT=8025 PG_PORT=5432 nodes=; cat"
                                + " <<INFO\n"
                                + script.substring(start + "cat <<INFO\n".length(), end)
                                + "\nINFO\n",
                        null);
        String walkThrough = printed.substring(printed.indexOf("Try it"));
        StringBuilder block = new StringBuilder();
        for (String line : walkThrough.split("\n")) {
            if (line.startsWith("  ")) {
                block.append(line).append('\n');
            }
        }
        assertTrue(
                block.toString().contains("curl"), "the walk-through has commands: " + walkThrough);
        bash("set -n; " + block, null);
    }

    /**
     * As root, the cluster's PostgreSQL files live outside the clone: in a directory whose name
     * nobody can predict, reused only while it is still the runner's own real directory. A link
     * planted where the last run's directory was is not followed.
     */
    @Test
    void theClustersDatabaseDirectoryIsNeverOneSomebodyElsePlanted() throws Exception {
        Path clone = Files.createTempDirectory("run-sh-test");
        Path planted = Files.createTempDirectory("somebody-elses");
        try {
            String function = "eval \"$(sed -n '/^pg_dir_of_root() {/,/^}/p' run.sh)\"; ";
            String first = bash(function + "pg_dir_of_root " + clone, null).trim();
            assertTrue(first.startsWith("/var/tmp/kcemporix-pg."), first);
            assertEquals(
                    first,
                    bash(function + "pg_dir_of_root " + clone, null).trim(),
                    "the next run finds its data again");
            Files.delete(Path.of(first));
            Files.createSymbolicLink(Path.of(first), planted);
            String after = bash(function + "pg_dir_of_root " + clone, null).trim();
            assertTrue(
                    !after.equals(first) && !Files.isSymbolicLink(Path.of(after)),
                    "a link in its place is not followed: " + after);
            Files.delete(Path.of(first));
            Files.delete(Path.of(after));
        } finally {
            Files.deleteIfExists(clone.resolve("pg-dir"));
            Files.deleteIfExists(clone);
            Files.deleteIfExists(planted);
        }
    }

    /** Runs {@code command} with bash; its output. Fails when bash does. */
    private static String bash(String command, String input)
            throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(List.of("bash", "-c", command))
                        .redirectErrorStream(true)
                        .start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "bash did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(
                0, process.exitValue(), () -> "bash refused it:\n" + output + "\n---\n" + command);
        return output;
    }
}
