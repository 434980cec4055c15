package dev.kcemporix.auth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kcemporix.auth.tenant.TenantHealthCheck;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The health report runs every feature's check: a check nobody lists would never run. */
class TenantHealthChecksTest {

    @Test
    void everyHealthCheckInTheJarIsListedAndLoads() throws Exception {
        Set<String> listed =
                ServiceLoader.load(TenantHealthCheck.class).stream()
                        .map(provider -> provider.type().getName())
                        .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(implementations(), listed);
    }

    /** The concrete {@link TenantHealthCheck}s among the compiled classes. */
    private static Set<String> implementations() throws IOException, URISyntaxException {
        Path classes =
                Path.of(
                        TenantHealthCheck.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file)
                                .toString()
                                .replace(file.getFileSystem().getSeparator(), ".")
                                .replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, TenantHealthCheck.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (TenantHealthCheck.class.isAssignableFrom(type)
                        && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers())) {
                    found.add(name);
                }
            }
        }
        return found;
    }
}
