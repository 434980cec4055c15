package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What is missing or contradictory in a tenant's setup, each with its fix: shown in the Emporix tab
 * and the admin resource, and logged once at start-up. Reads only. The checks are the features' own
 * ({@link TenantHealthCheck}); this report only knows whether the realm is a tenant at all.
 */
public final class TenantHealth {

    private final KeycloakSession session;
    private final RealmModel realm;

    public TenantHealth(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public List<HealthFinding> findings() {
        // Keycloak's user profile and organizations read the realm from the session.
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            return check();
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private List<HealthFinding> check() {
        if (!TenantRealms.isEnabled(realm)) {
            return List.of(
                    new HealthFinding(
                            "not-a-tenant",
                            "The extension is off for this realm: every Emporix endpoint answers"
                                    + " 404",
                            "Switch it on in Realm settings → Emporix (or set the realm attribute"
                                    + " emporix.enabled to true)"));
        }
        List<HealthFinding> findings = new ArrayList<>();
        for (TenantHealthCheck check :
                ServiceLoader.load(
                        TenantHealthCheck.class, TenantHealthCheck.class.getClassLoader())) {
            findings.addAll(check.check(session, realm));
        }
        return findings;
    }
}
