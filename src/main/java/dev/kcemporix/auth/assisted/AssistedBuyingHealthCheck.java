package dev.kcemporix.auth.assisted;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Assisted buying, where a tenant has switched it on: said so (staff can open customers' sessions),
 * and what it needs: a storefront client for it, the actor mapper on that client, the staff scope.
 */
public final class AssistedBuyingHealthCheck implements TenantHealthCheck {

    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        if (!TenantSetting.ASSISTED_BUYING.flag(realm)) {
            return List.of();
        }
        List<HealthFinding> findings = new ArrayList<>();
        findings.add(
                new HealthFinding(
                        "assisted-buying-on",
                        "Assisted buying is on: staff whose token carries "
                                + AssistedBuyingResource.MANAGE
                                + " open customers' sessions (each one an IMPERSONATE event)",
                        "Realm settings → Emporix → Assisted buying, to switch it off"));
        ClientModel client = AssistedBuying.storefrontClient(realm);
        if (client == null) {
            findings.add(
                    new HealthFinding(
                            "assisted-buying-client-missing",
                            "Assisted buying names no storefront client of the tenant: it answers"
                                    + " 503",
                            "Realm settings → Emporix → Assisted buying: storefront client"));
        } else if (!carriesActorMapper(client)) {
            findings.add(
                    new HealthFinding(
                            "assisted-buying-mapper-missing:" + client.getClientId(),
                            "Storefront client "
                                    + client.getClientId()
                                    + " lacks the default client scope "
                                    + ActorMapper.SCOPE
                                    + " with its actor mapper: assisted buying answers 503",
                            "Emporix tab → Repair, then Clients → "
                                    + client.getClientId()
                                    + " → Client scopes → Add client scope → "
                                    + ActorMapper.SCOPE
                                    + " (Default)"));
        }
        if (realm.getClientScopesStream()
                .noneMatch(s -> AssistedBuyingResource.MANAGE.equals(s.getName()))) {
            findings.add(
                    new HealthFinding(
                            "assisted-buying-scope-missing",
                            "The client scope "
                                    + AssistedBuyingResource.MANAGE
                                    + " is missing: no staff token can carry it",
                            "Emporix tab → Repair"));
        }
        return findings;
    }

    /** Whether the client's default scopes carry the actor mapper. */
    static boolean carriesActorMapper(ClientModel client) {
        ClientScopeModel scope = client.getClientScopes(true).get(ActorMapper.SCOPE);
        return scope != null
                && scope.getProtocolMappersStream()
                        .anyMatch(m -> ActorMapper.PROVIDER_ID.equals(m.getProtocolMapper()));
    }
}
