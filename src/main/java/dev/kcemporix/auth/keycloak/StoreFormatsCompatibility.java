package dev.kcemporix.auth.keycloak;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.compatibility.CompatibilityMetadataProvider;
import org.keycloak.compatibility.CompatibilityResult;

/**
 * This jar's part in Keycloak's own rolling-update check ({@code kc.sh update-compatibility
 * metadata} and {@code check}): the format of each entry it keeps in the single-use store ({@link
 * StoreEntry}). Keycloak compares only its own version, features, cache and database options, so a
 * new build of this jar on the same Keycloak would always be said to roll; with this, it rolls only
 * when it writes every entry in the format the running build writes: each reads what the other
 * writes, and an entry taken with {@code putIfAbsent} stays one-of-a-kind across both. An entry the
 * new build no longer keeps is no roll either: the old nodes would go on relying on it.
 */
public final class StoreFormatsCompatibility implements CompatibilityMetadataProvider {

    public static final String ID = "emporix-auth-store-formats";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> formats = new LinkedHashMap<>();
        for (StoreEntry entry : StoreEntry.values()) {
            formats.put(entry.name(), Integer.toString(entry.format()));
        }
        return formats;
    }

    @Override
    public CompatibilityResult isCompatible(Map<String, String> running) {
        for (Map.Entry<String, String> written : running.entrySet()) {
            StoreEntry entry = entry(written.getKey());
            if (entry == null || !Integer.toString(entry.format()).equals(written.getValue())) {
                return CompatibilityResult.incompatibleAttribute(
                        ID,
                        written.getKey(),
                        written.getValue(),
                        entry == null ? null : Integer.toString(entry.format()));
            }
        }
        return CompatibilityResult.providerCompatible(ID);
    }

    private static StoreEntry entry(String name) {
        for (StoreEntry entry : StoreEntry.values()) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }
}
