package dev.kcemporix.auth.migration;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** What moved-in passwords need from a tenant: a SAP Commerce pepper the vault can resolve. */
public final class ImportHealthCheck implements TenantHealthCheck {

    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        if (!TenantSetting.HYBRIS_PEPPER.unresolvedVaultReference(session, realm)) {
            return List.of();
        }
        return List.of(
                new HealthFinding(
                        "pepper-not-in-vault",
                        "The SAP Commerce pepper names a vault entry Keycloak's vault does not"
                                + " have: imported SAP Commerce passwords are refused",
                        "Add the entry to the vault, or set the pepper itself in the Emporix"
                                + " tab → SAP Commerce pepper"));
    }
}
