package dev.kcemporix.auth.mount;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcemporix.auth.error.EmporixException;

/**
 * Where a request came in: at the root ({@code /customer/...}) or under a realm
 * ({@code /realms/{realm}/emporix/customer/...}). The only thing the two mounts do differently
 * is how a tenant is resolved; everything after that is the same code.
 */
public final class Mount {

    private final KeycloakSession session;
    /** The realm named in the path of the realm mount; null at the root. */
    private final RealmModel pathRealm;

    private Mount(KeycloakSession session, RealmModel pathRealm) {
        this.session = session;
        this.pathRealm = pathRealm;
    }

    public static Mount root(KeycloakSession session) {
        return new Mount(session, null);
    }

    public static Mount realm(KeycloakSession session, RealmModel realm) {
        return new Mount(session, realm);
    }

    public KeycloakSession session() {
        return session;
    }

    /** The realm mount's realm, when the request came in there. */
    public RealmModel pathRealm() {
        return pathRealm;
    }

    /**
     * The enabled realm of {@code tenant}, made the realm of the Keycloak session; 404 in the
     * contract's shape for an unknown or disabled tenant, and on the realm mount for a tenant
     * that is not the realm of the path.
     */
    public RealmModel resolveTenant(String tenant) {
        RealmModel realm;
        if (pathRealm == null) {
            realm = TenantRealms.find(session, tenant);
        } else {
            String name = TenantRealms.normalize(tenant);
            realm = pathRealm.getName().equals(name) && TenantRealms.isEnabled(pathRealm) ? pathRealm : null;
        }
        if (realm == null) {
            throw EmporixException.notFound("Tenant not found");
        }
        session.getContext().setRealm(realm);
        return realm;
    }
}
