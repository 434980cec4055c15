package dev.kcemporix.auth.tenant;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A feature's checks of a tenant's setup: what the feature needs from the realm that is missing or
 * contradictory, each with its fix. A feature lists its check in {@code
 * META-INF/services/dev.kcemporix.auth.tenant.TenantHealthCheck}; the health report runs them all,
 * so it knows no feature and a new feature brings its checks along.
 */
public interface TenantHealthCheck {

    /**
     * The findings for {@code realm}, a tenant, which is also the session's context realm
     * (Keycloak's user profile and organizations read it from there). Reads only.
     */
    List<HealthFinding> check(KeycloakSession session, RealmModel realm);
}
