package dev.kcemporix.auth.migration;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Schedules the {@link RetentionJob} when the server starts, the way Keycloak schedules its own
 * cluster-wide jobs: Keycloak's timer on every node, {@link ClusterAwareScheduledTaskRunner} so
 * that one node of the cluster runs it per interval. Registered as a global event listener only to
 * have a start-up hook; it listens to nothing. Interval: {@code
 * --spi-events-listener--emporix-password-migration--interval-minutes} (default 60): the job acts
 * on days, an hour's delay on a reminder day is fine.
 */
public final class RetentionJobFactory implements EventListenerProviderFactory {

    public static final String ID = "emporix-password-migration";
    private static final EventListenerProvider NOTHING =
            new EventListenerProvider() {
                @Override
                public void onEvent(Event event) {}

                @Override
                public void onEvent(AdminEvent event, boolean includeRepresentation) {}

                @Override
                public void close() {}
            };
    private long intervalMillis = 60 * 60_000L;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return NOTHING;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        intervalMillis = Math.max(1, config.getInt("intervalMinutes", 60)) * 60_000L;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class)
                    .schedule(
                            new ClusterAwareScheduledTaskRunner(
                                    factory, new RetentionJob(), intervalMillis),
                            intervalMillis,
                            ID);
        }
    }

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }
}
