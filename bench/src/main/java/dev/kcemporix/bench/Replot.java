package dev.kcemporix.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import dev.kcemporix.bench.Bench.Row;
import dev.kcemporix.bench.Wrk.Result;

/**
 * The plot of a report again, from the figures the report printed: a change of the plot, or of a
 * hand-written page's figures, needs no new run of the benchmark. The table gives requests/s in
 * whole numbers, so the ratios of the slowest pairs (a dozen logins a second) can differ from the
 * report's table of ratios by a few hundredths.
 * <p>Arguments: the Markdown report (its first table of all figures is read), the PNG to write.
 */
public final class Replot {

    private Replot() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Replot REPORT.md PLOT.png");
            System.exit(2);
        }
        List<Row> rows = rows(Files.readAllLines(Path.of(args[0])));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(args[0] + " has no table starting with " + Report.FIGURES_HEADER);
        }
        ImageIO.write(Report.plot(rows), "png", Path.of(args[1]).toFile());
        System.out.println(args[1] + ": " + rows.size() + " rows of " + args[0]);
    }

    /**
     * The rows of the first table of all figures, in their order (ours, then Keycloak's, per pair:
     * the order {@link Report#spreads} pairs them in). A page may carry a second such table (a
     * re-run of some pairs); its runs would count among the first's, so it is left out.
     */
    static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        int header = lines.indexOf(Report.FIGURES_HEADER);
        if (header < 0) {
            header = lines.indexOf(Report.FIGURES_HEADER_WITHOUT_CPU);
        }
        if (header < 0) {
            return rows;
        }
        // Past the header and the line of alignments, up to the first line that is not the table's.
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|");
            if (cells.length != 9 && cells.length != 10) {
                throw new IllegalArgumentException("not a row of all figures: " + line);
            }
            // The table kept the rate, not the count and the duration: a second's worth of requests gives the same rate.
            Result result = new Result(Math.round(number(cells[5])), 1, number(cells[6]), number(cells[7]), number(cells[8]), 0, 0);
            double cpu = cells.length == 10 && !cells[9].trim().equals("–") ? number(cells[9]) : Double.NaN;
            rows.add(new Row(cells[1].trim(), cells[2].trim(), cells[3].trim(), (int) number(cells[4]), (int) number(cells[0]), result, cpu));
        }
        return rows;
    }

    private static double number(String cell) {
        return Double.parseDouble(cell.trim());
    }
}
