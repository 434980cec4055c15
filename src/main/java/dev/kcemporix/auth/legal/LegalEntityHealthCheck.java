package dev.kcemporix.auth.legal;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * What legal entities need from a tenant: the client scope with the legal-entity mapper on every
 * storefront client, and Organizations on where the realm has any.
 */
public final class LegalEntityHealthCheck implements TenantHealthCheck {

    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        List<HealthFinding> findings = new ArrayList<>();
        ClientScopeModel scope =
                realm.getClientScopesStream()
                        .filter(s -> LegalEntityMapper.SCOPE.equals(s.getName()))
                        .findFirst()
                        .orElse(null);
        boolean mapper =
                scope != null
                        && scope.getProtocolMappersStream()
                                .anyMatch(
                                        m ->
                                                LegalEntityMapper.PROVIDER_ID.equals(
                                                        m.getProtocolMapper()));
        if (!mapper) {
            findings.add(
                    new HealthFinding(
                            "legal-entity-mapper-missing",
                            "The client scope "
                                    + LegalEntityMapper.SCOPE
                                    + " with its 'Emporix legal entity' mapper is missing:"
                                    + " choosing a legal entity at refresh fails",
                            "Emporix tab → Repair"));
        } else {
            TenantRealms.storefrontClients(realm)
                    .filter(c -> !c.getClientScopes(true).containsKey(LegalEntityMapper.SCOPE))
                    .forEach(
                            c ->
                                    findings.add(
                                            new HealthFinding(
                                                    "legal-entity-scope-missing:" + c.getClientId(),
                                                    "Storefront client "
                                                            + c.getClientId()
                                                            + " lacks the default client scope "
                                                            + LegalEntityMapper.SCOPE
                                                            + ": choosing a legal entity at refresh"
                                                            + " fails for it",
                                                    "Clients → "
                                                            + c.getClientId()
                                                            + " → Client scopes → Add client scope"
                                                            + " → "
                                                            + LegalEntityMapper.SCOPE
                                                            + " (Default)")));
        }
        if (!realm.isOrganizationsEnabled() && usesLegalEntities(session)) {
            findings.add(
                    new HealthFinding(
                            "organizations-off",
                            "Organizations are off while the realm has organizations: every"
                                    + " legal-entity refresh answers 403",
                            "Realm settings → General → Organizations on"));
        }
        return findings;
    }

    /** Whether the realm has organizations, read whatever the realm's switch says. */
    private static boolean usesLegalEntities(KeycloakSession session) {
        try {
            OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
            return organizations != null && organizations.count() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
