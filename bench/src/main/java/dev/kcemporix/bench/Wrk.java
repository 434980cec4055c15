package dev.kcemporix.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One wrk run: a pool of prepared requests, sent round-robin by each wrk thread from its own part
 * of the pool (so two connections never send one customer's login at once), for a duration.
 */
final class Wrk {

    /** One prepared request. */
    record Request(String method, String path, Map<String, String> headers, String body) {
    }

    /** What one run measured; latencies in milliseconds. */
    record Result(long requests, double seconds, double p50, double p95, double p99, long non2xx, long socketErrors) {
        double rps() {
            return requests / seconds;
        }
    }

    /** Each run starts further into its pool, so it never reuses the customers whose logins the last run left in flight. */
    private static int runs;

    private Wrk() {
    }

    static Result run(String baseUrl, List<Request> pool, int connections, int seconds, Path workDir)
            throws IOException, InterruptedException {
        int threads = Math.min(connections, 2);
        Path script = workDir.resolve("pool-" + System.nanoTime() + ".lua");
        Files.writeString(script, lua(pool, threads, 37 * runs++), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "30s", "-s", script.toString(), baseUrl));
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Files.deleteIfExists(script);
        for (String line : out.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.trim().split(" ");
                return new Result(Long.parseLong(f[1]), Long.parseLong(f[2]) / 1e6, Long.parseLong(f[3]) / 1e3,
                        Long.parseLong(f[4]) / 1e3, Long.parseLong(f[5]) / 1e3, Long.parseLong(f[6]), Long.parseLong(f[7]));
            }
        }
        throw new IllegalStateException("wrk printed no result:\n" + out);
    }

    private static String lua(List<Request> pool, int threads, int offset) {
        // Requests are formatted in init(), once wrk has set the Host header for the thread.
        StringBuilder s = new StringBuilder("local reqs = {}\nlocal function build()\n");
        for (Request r : pool) {
            s.append("reqs[#reqs + 1] = wrk.format(").append(str(r.method())).append(", ").append(str(r.path())).append(", {");
            r.headers().forEach((k, v) -> s.append('[').append(str(k)).append("] = ").append(str(v)).append(", "));
            s.append("}, ").append(r.body() == null ? "nil" : str(r.body())).append(")\n");
        }
        s.append("end\n");
        s.append("local threads = {}\n")
                .append("function setup(thread) thread:set('id', #threads) table.insert(threads, thread) end\n")
                .append("local first, last, next\n")
                .append("function init(args)\n")
                .append("  build()\n")
                // A pool smaller than the threads (one request for everyone): every thread sends the whole pool.
                .append("  local share = math.floor(#reqs / ").append(threads).append(")\n")
                .append("  if share < 1 then first = 1; last = #reqs; share = #reqs else first = id * share + 1; last = first + share - 1 end\n")
                .append("  next = first + (").append(offset).append(" % share)\n")
                .append("end\n")
                .append("function request()\n")
                .append("  if next > last then next = first end\n")
                .append("  local r = reqs[next]; next = next + 1; return r\n")
                .append("end\n")
                .append("function done(summary, latency, requests)\n")
                .append("  local e = summary.errors\n")
                .append("  io.write(string.format('RESULT %d %d %d %d %d %d %d\\n', summary.requests, summary.duration,"
                        + " latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,"
                        + " e.connect + e.read + e.write + e.timeout))\n")
                .append("end\n");
        return s.toString();
    }

    private static String str(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
