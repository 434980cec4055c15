package dev.kcemporix.auth.mount;

import java.util.Locale;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Tenant to realm, in one place: a tenant is the lowercased name of a realm that has the
 * extension switched on with the realm attribute {@value #ENABLED_ATTRIBUTE} = {@code true}.
 * Every other realm, {@code master} included, is treated as if it did not exist.
 */
public final class TenantRealms {

    public static final String ENABLED_ATTRIBUTE = "emporix.enabled";

    /** Realm names are at most 255 characters in Keycloak's store; anything longer is not a tenant. */
    private static final int MAX_TENANT_LENGTH = 255;

    private TenantRealms() {
    }

    /** The enabled realm serving {@code tenant}, or null when there is none. */
    public static RealmModel find(KeycloakSession session, String tenant) {
        String name = normalize(tenant);
        if (name == null) {
            return null;
        }
        RealmModel realm = session.realms().getRealmByName(name);
        return realm != null && isEnabled(realm) ? realm : null;
    }

    /** The lowercase tenant name, or null when the value cannot name a tenant at all. */
    public static String normalize(String tenant) {
        if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
            return null;
        }
        return tenant.toLowerCase(Locale.ROOT);
    }

    public static boolean isEnabled(RealmModel realm) {
        return "true".equalsIgnoreCase(realm.getAttribute(ENABLED_ATTRIBUTE));
    }
}
