package dev.kcemporix.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.kcemporix.bench.Bench.Row;

/** The benchmark's figures as Markdown (for docs/), an HTML report and a PNG plot. */
final class Report {

    /** Target ratio ours/Keycloak per pair, from the benchmark issue. */
    static final Map<String, Double> TARGETS = Map.of(
            "anonymous login", 1.5, "customer login", 0.95, "refresh", 0.95, "validate vs introspection", 1.0, "service token", 0.95,
            "logout", 0.95, "service token without tenant", 0.90);

    private Report() {
    }

    static void write(Path out, List<Row> rows, Map<String, Object> facts) throws IOException {
        String table = table(rows);
        String ratios = ratios(rows, facts);
        String machine = machine();
        Files.writeString(out.resolve("benchmarks.md"), markdown(table, ratios, machine, facts));
        Files.writeString(out.resolve("index.html"), html(table, ratios, machine, facts));
        ImageIO.write(plot(rows), "png", out.resolve("benchmarks.png").toFile());
        System.out.println(ratios);
    }

    static String table(List<Row> rows) {
        StringBuilder s = new StringBuilder("| run | pair | side | endpoint | concurrency | requests/s | p50 ms | p95 ms | p99 ms |\n"
                + "|---:|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %d | %.0f | %.1f | %.1f | %.1f |%n", r.run(), r.pair(), r.side(), r.endpoint(),
                    r.concurrency(), r.result().rps(), r.result().p50(), r.result().p95(), r.result().p99()));
        }
        return s.toString();
    }

    /** Ratios per pair and concurrency: the median of the runs, and their spread (lowest–highest). */
    static String ratios(List<Row> rows, Map<String, Object> facts) {
        Map<String, List<Double>> byPair = new LinkedHashMap<>();
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            Row ours = rows.get(i);
            Row theirs = rows.get(i + 1);
            byPair.computeIfAbsent(ours.pair() + "\u0000" + ours.concurrency(), k -> new ArrayList<>()).add(ours.result().rps() / theirs.result().rps());
        }
        StringBuilder s = new StringBuilder("| pair | concurrency | ours/Keycloak, median of runs | spread (lowest–highest) | runs | target | met |\n"
                + "|---|---:|---:|---|---:|---:|---|\n");
        byPair.forEach((key, ratios) -> {
            String pair = key.substring(0, key.indexOf('\u0000'));
            int concurrency = Integer.parseInt(key.substring(key.indexOf('\u0000') + 1));
            List<Double> sorted = ratios.stream().sorted().toList();
            double median = median(sorted);
            Double target = TARGETS.get(pair);
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f–%.2f | %d | %s | %s |%n", pair, concurrency, median, sorted.get(0),
                    sorted.get(sorted.size() - 1), sorted.size(), target == null ? "–" : String.format(Locale.ROOT, "≥ %.2f", target),
                    target == null ? "–" : median >= target ? "yes" : "**no**"));
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> signing = (Map<String, Object>) facts.get("signing");
        double perCore = ((Number) signing.get("rs256PerSecond")).doubleValue();
        Map<Integer, List<Double>> shares = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.pair().equals("anonymous login") && r.side().equals("ours")) {
                shares.computeIfAbsent(r.concurrency(), c -> new ArrayList<>()).add(r.result().rps() / perCore);
            }
        }
        shares.forEach((concurrency, runs) -> {
            List<Double> sorted = runs.stream().sorted().toList();
            double median = median(sorted);
            s.append(String.format(Locale.ROOT, "| anonymous login vs RS256 signatures of one core (%.0f/s) | %d | %.2f | %.2f–%.2f | %d | ≥ 0.50 | %s |%n",
                    perCore, concurrency, median, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size(), median >= 0.5 ? "yes" : "**no**"));
        });
        return s.toString();
    }

    /** The median of sorted values; of an even number, the mean of the middle two. */
    static double median(List<Double> sorted) {
        return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%d cores (%s), %d GiB RAM, %s %s, %s", Runtime.getRuntime().availableProcessors(), cpu,
                totalMemoryGiB(), System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name"));
    }

    private static long totalMemoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024 * 1024)).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    static String markdown(String table, String ratios, String machine, Map<String, Object> facts) {
        return "# Benchmark: our endpoints against Keycloak's own\n\n"
                + "Produced by `bench/run.sh` (see README); every figure below comes from one run against one server.\n\n"
                + "- Machine: " + machine + "; load generator (wrk) and Keycloak share it.\n"
                + (((Number) facts.getOrDefault("nodes", 1)).intValue() > 1
                        ? "- Keycloak 26.7.3, two nodes in production mode on PostgreSQL (`./run.sh --cluster`), the load split over both.\n"
                        : "- Keycloak 26.7.3 in dev mode (embedded H2), demo tenant, the extension from this repository.\n")
                + "- Each pair measured in " + Bench.RUNS + " runs; the ratio is the median of the runs, with the spread.\n"
                + "- Concurrency 1, 8 and 32 connections; each side warmed up, then measured in turn (ours, Keycloak's, Keycloak's, ours)"
                + " so that a steady drift hits both alike; latency percentiles are the mean of the two rounds.\n"
                + "- Logins use a pool of 256 customers, so no two logins of one account are in flight together.\n\n"
                + "![throughput, ours against Keycloak's own](benchmarks.png)\n\n"
                + "## Ratios\n\n" + ratios + "\n"
                + "## Anonymous tokens write nothing\n\n" + rows(facts) + "\n"
                + "## Signing rate of one core\n\n" + signing(facts) + "\n"
                + "## All figures\n\n" + table;
    }

    static String rows(Map<String, Object> facts) {
        Object rows = facts.get("rows");
        if (rows == null) {
            return "Not measured (the benchmark ran against a server it did not start).\n";
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) rows;
        return String.format(Locale.ROOT, "Rows in all %s tables of the database before %s anonymous logins: %s; after: %s; tables that changed: %s.%n",
                r.get("tables"), r.get("anonymousLogins"), r.get("rowsBefore"), r.get("rowsAfter"),
                ((Map<?, ?>) r.get("changedTables")).isEmpty() ? "none" : r.get("changedTables"));
    }

    static String signing(Map<String, Object> facts) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) facts.get("signing");
        return String.format(Locale.ROOT, "JMH, one thread, RS256 with a 2048-bit key (the realm's default): %.0f ± %.0f signatures/s.%n",
                ((Number) s.get("rs256PerSecond")).doubleValue(), ((Number) s.get("error")).doubleValue());
    }

    static String html(String table, String ratios, String machine, Map<String, Object> facts) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>keycloak-emporix-auth benchmark</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
                + "td{text-align:right}td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}</style></head><body>"
                + "<h1>Our endpoints against Keycloak's own</h1><p>" + machine + "</p><img src=\"benchmarks.png\" alt=\"plot\">"
                + "<h2>Ratios</h2>" + htmlTable(ratios) + "<h2>Anonymous tokens write nothing</h2><p>" + rows(facts) + "</p>"
                + "<h2>Signing rate of one core</h2><p>" + signing(facts) + "</p><h2>All figures</h2>" + htmlTable(table) + "</body></html>";
    }

    static String htmlTable(String markdown) {
        StringBuilder s = new StringBuilder("<table>");
        String[] lines = markdown.trim().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (i == 1) {
                continue;
            }
            String cell = i == 0 ? "th" : "td";
            s.append("<tr>");
            for (String c : lines[i].substring(1, lines[i].length() - 1).split("\\|")) {
                s.append('<').append(cell).append('>').append(c.trim().replace("**", "")).append("</").append(cell).append('>');
            }
            s.append("</tr>");
        }
        return s.append("</table>").toString();
    }

    /** Grouped bars: throughput of ours and Keycloak's per pair, one panel per concurrency level. */
    static BufferedImage plot(List<Row> rows) {
        // The first run's figures: every run measures the same pairs, the ratios above give all of them.
        Map<Integer, List<Row[]>> byLevel = new LinkedHashMap<>();
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            if (rows.get(i).run() == 1) {
                byLevel.computeIfAbsent(rows.get(i).concurrency(), k -> new ArrayList<>()).add(new Row[] {rows.get(i), rows.get(i + 1)});
            }
        }
        int panelWidth = 520;
        int height = 460;
        BufferedImage image = new BufferedImage(panelWidth * byLevel.size() + 40, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), height);
        Color ours = new Color(0x2a6fdb);
        Color theirs = new Color(0xb0b0b0);
        int x0 = 40;
        for (Map.Entry<Integer, List<Row[]>> level : byLevel.entrySet()) {
            List<Row[]> pairs = level.getValue();
            double max = pairs.stream().mapToDouble(p -> Math.max(p[0].result().rps(), p[1].result().rps())).max().orElse(1);
            int top = 50;
            int bottom = height - 150;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString("concurrency " + level.getKey() + " (requests/s, max " + Math.round(max) + ")", x0, 30);
            g.setStroke(new BasicStroke(1));
            g.drawLine(x0, bottom, x0 + panelWidth - 40, bottom);
            int slot = (panelWidth - 40) / pairs.size();
            for (int i = 0; i < pairs.size(); i++) {
                int x = x0 + i * slot + 6;
                int w = (slot - 12) / 2;
                for (int side = 0; side < 2; side++) {
                    double v = pairs.get(i)[side].result().rps();
                    int h = (int) Math.round((bottom - top) * v / max);
                    g.setColor(side == 0 ? ours : theirs);
                    g.fillRect(x + side * w, bottom - h, w - 2, h);
                }
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                Graphics2D label = (Graphics2D) g.create();
                label.translate(x + w, bottom + 8);
                label.rotate(Math.toRadians(60));
                label.drawString(pairs.get(i)[0].pair(), 0, 0);
                label.dispose();
            }
            x0 += panelWidth;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(ours);
        g.fillRect(40, height - 25, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString("keycloak-emporix-auth", 60, height - 13);
        g.setColor(theirs);
        g.fillRect(260, height - 25, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString("Keycloak's own endpoint", 280, height - 13);
        g.dispose();
        return image;
    }
}
