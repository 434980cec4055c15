package dev.kcemporix.auth.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every line of the Java sources within the formatter's 100 columns (spotless formats, this holds
 * what the formatter cannot break: text blocks, long literals, comments).
 */
class SourceLinesTest {

    static final int COLUMNS = 100;

    @Test
    void noLineIsLongerThanTheFormattersLimit() throws IOException {
        List<String> long_ = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).codePointCount(0, lines.get(i).length()) > COLUMNS) {
                            long_.add(file + ":" + (i + 1));
                        }
                    }
                }
            }
        }
        assertTrue(long_.isEmpty(), "lines over " + COLUMNS + " columns: " + long_);
    }
}
