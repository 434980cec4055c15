package dev.kcemporix.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time the server's processes have used so far (every thread, user and system), read from
 * Linux's {@code /proc/<pid>/stat}: a rate read beside it becomes a cost, CPU time per request,
 * which a machine shared with the load generator does not blur as it blurs throughput.
 */
final class ServerCpu {

    /** Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ) on every architecture. */
    static final double MS_PER_TICK = 10.0;

    private final List<Long> pids;

    ServerCpu(List<Long> pids) {
        this.pids = pids.stream().filter(pid -> pid > 0).toList();
    }

    boolean known() {
        return !pids.isEmpty();
    }

    /** Milliseconds of CPU the server's processes have used, or NaN without their pids. */
    double millis() {
        if (!known()) {
            return Double.NaN;
        }
        double total = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // Fields after the command name (which may hold spaces), from field 3, "state".
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return total;
    }
}
