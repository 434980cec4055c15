package dev.kcemporix.auth.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.compatibility.CompatibilityResult;

/**
 * The build check of what the jar keeps in Keycloak's single-use store: written only through the
 * catalogue ({@link StoreEntry}, {@link SingleUseStore}), never with {@code replace}, each key
 * namespaced by its entry and, but for the declared deployment-wide entry, by the tenant.
 */
class StoreCatalogueTest {

    static final Path MAIN = Path.of("src/main/java");
    static final Path STORE = MAIN.resolve("dev/kcemporix/auth/keycloak/SingleUseStore.java");
    static final Pattern STORE_ACCESS =
            Pattern.compile(
                    "singleUseObjects\\s*\\(|::\\s*singleUseObjects|SingleUseObjectProvider"
                            + "|\"actionTokens\"|InfinispanConnectionProvider");

    @Test
    void noSourceButTheCatalogueTouchesTheStore() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = withoutComments(Files.readString(file, StandardCharsets.UTF_8));
                if (!file.equals(STORE) && STORE_ACCESS.matcher(code).find()) {
                    outside.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), outside, "the single-use store used outside SingleUseStore");
    }

    @Test
    void theStoreIsNeverAskedToReplace() throws IOException {
        String code = withoutComments(Files.readString(STORE, StandardCharsets.UTF_8));
        assertFalse(
                Pattern.compile("\\.replace\\s*\\(").matcher(code).find(),
                "SingleUseObjectProvider.replace keeps no lifespan: its entry would stay for good");
    }

    @Test
    void entriesNeverShareAKey() {
        for (StoreEntry a : StoreEntry.values()) {
            assertTrue(a.prefix().startsWith("emporix.") && a.prefix().endsWith("."), a::name);
            for (StoreEntry b : StoreEntry.values()) {
                if (a != b) {
                    assertFalse(b.prefix().startsWith(a.prefix()), a + " is a prefix of " + b);
                }
            }
        }
    }

    @Test
    void aTenantsKeyCarriesItsRealmAndOnlyTheDeclaredEntryIsDeploymentWide() {
        for (StoreEntry entry : StoreEntry.values()) {
            if (entry.scope() == StoreEntry.Scope.TENANT) {
                assertEquals(
                        entry.prefix() + "realm-1/a.2",
                        entry.key("realm-1", "a", 2).toString(),
                        entry::name);
                // Realm ids hold no slash: the realm of a key is never a part of another's.
                assertNotEquals(
                        entry.key("shop", "eu.1000").toString(),
                        entry.key("shop.eu", "1000").toString());
                assertThrows(IllegalArgumentException.class, () -> entry.key("a/b", "c"));
                assertThrows(IllegalStateException.class, () -> entry.deploymentKey("a"));
            } else {
                assertThrows(IllegalStateException.class, () -> entry.key("realm-1", "a"));
            }
        }
        assertEquals(
                List.of(StoreEntry.CLIENT_TENANT),
                Stream.of(StoreEntry.values())
                        .filter(e -> e.scope() == StoreEntry.Scope.DEPLOYMENT)
                        .toList());
        assertThrows(NullPointerException.class, () -> StoreEntry.OTP_OFFER.key((String) null));
    }

    /** The page's table is the catalogue's, row for row: {@link #row}. */
    @Test
    void theProductionPageListsEveryEntryAsTheCatalogueDeclaresIt() throws IOException {
        String page = Files.readString(Path.of("docs/production.md"), StandardCharsets.UTF_8);
        List<String> missing =
                Stream.of(StoreEntry.values()).map(StoreCatalogueTest::row).toList().stream()
                        .filter(row -> !page.contains(row))
                        .toList();
        assertEquals(List.of(), missing, "rows docs/production.md lacks or states otherwise");
    }

    static String row(StoreEntry entry) {
        String key =
                entry.scope() == StoreEntry.Scope.TENANT
                        ? entry.prefix() + "{realmId}/" + entry.keyFormat()
                        : entry.prefix() + entry.keyFormat();
        return String.join(
                " | ",
                "| `" + key + "`",
                entry.valueFormat(),
                entry.lifespan(),
                entry.owner(),
                entry.format() + " |");
    }

    @Test
    void keycloaksRollingUpdateCheckRollsOnlyWhereEveryRunningFormatIsRead() {
        StoreFormatsCompatibility check = new StoreFormatsCompatibility();
        Map<String, String> running = new java.util.HashMap<>(check.metadata());
        assertEquals(ROLLING, check.isCompatible(running).exitCode());

        running.remove(StoreEntry.OTP_OFFER.name());
        assertEquals(ROLLING, check.isCompatible(running).exitCode(), "an entry new in this build");

        running.put(StoreEntry.USED_LINK.name(), "0");
        CompatibilityResult older = check.isCompatible(running);
        assertEquals(RECREATE, older.exitCode());
        assertEquals(
                Optional.of(Set.of(StoreEntry.USED_LINK.name())),
                older.incompatibleAttributes().map(Set::copyOf));

        running.put(StoreEntry.USED_LINK.name(), "1");
        running.put("A_DROPPED_ENTRY", "1");
        assertEquals(RECREATE, check.isCompatible(running).exitCode(), "an entry this build lost");
    }

    static final int ROLLING = CompatibilityResult.ExitCode.ROLLING.value();
    static final int RECREATE = CompatibilityResult.ExitCode.RECREATE.value();

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
