package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.tenant.ClientTenants;
import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantRealms;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Every way a realm becomes a tenant: realms created or imported with the switch on (Keycloak's
 * realm-created event, inside that transaction), realms switched on by an admin later ({@link
 * ProvisioningTriggers}, a global admin-event listener), and, once at start-up, every tenant (also
 * those switched on before this version), whose health findings are logged then.
 */
public class ProvisioningTriggersFactory implements EventListenerProviderFactory {

    public static final String ID = "emporix-provisioning";
    private static final Logger LOG = Logger.getLogger(ProvisioningTriggersFactory.class);
    private static final String STARTUP_TASK = "emporix-provisioning-at-startup";
    private static final int STARTUP_TASK_TIMEOUT_SECONDS = 300;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ProvisioningTriggers(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(
                event -> {
                    if (event instanceof RealmModel.RealmPostCreateEvent created) {
                        new TenantProvisioning(created.getKeycloakSession())
                                .provision(created.getCreatedRealm(), false);
                        ClientTenants.forgetClientsOf(
                                created.getKeycloakSession(), created.getCreatedRealm());
                        EmporixTab.syncForm(
                                created.getKeycloakSession(), created.getCreatedRealm());
                    } else if (event instanceof PostMigrationEvent) {
                        KeycloakModelUtils.runJobInTransaction(factory, this::atStartUp);
                    }
                });
    }

    /**
     * Provisions every tenant once, on one node at a time: nodes of a cluster that start together
     * would otherwise create the same client scope twice. The work commits before the cluster-wide
     * lock is let go, so a node that comes next finds it done. Every node logs the health findings.
     */
    private void atStartUp(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(
                        STARTUP_TASK,
                        STARTUP_TASK_TIMEOUT_SECONDS,
                        () -> {
                            KeycloakModelUtils.runJobInTransaction(
                                    factory,
                                    s ->
                                            s.realms()
                                                    .getRealmsStream()
                                                    .filter(TenantRealms::isEnabled)
                                                    .forEach(
                                                            realm -> {
                                                                new TenantProvisioning(s)
                                                                        .provision(realm, false);
                                                                EmporixTab.syncForm(s, realm);
                                                            }));
                            return null;
                        });
        session.realms()
                .getRealmsStream()
                .filter(TenantRealms::isEnabled)
                .forEach(
                        realm -> {
                            for (HealthFinding finding :
                                    new TenantHealth(session, realm).findings()) {
                                LOG.warnf(
                                        "Tenant %s: %s. Fix: %s",
                                        realm.getName(), finding.problem(), finding.fix());
                            }
                        });
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }
}
