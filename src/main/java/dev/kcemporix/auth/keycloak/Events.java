package dev.kcemporix.auth.keycloak;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Keycloak events of a tenant, built as Keycloak's own endpoints build theirs (the request's client
 * connection, the realm's event store and listeners): the one way every service of this extension
 * records what it did or refused. An event of a session someone opened for its user ({@link
 * Impersonation}) names them, as Keycloak's {@code IMPERSONATE} event does: also the events
 * Keycloak's grants write through our endpoints, which get a builder of ours.
 */
public final class Events {

    /** The detail naming the staff member's user id (Keycloak's detail names their user name). */
    public static final String IMPERSONATOR_ID = "impersonator_id";

    private Events() {}

    /** An event of {@code type} of {@code realm}, for the request {@code session} serves. */
    public static EventBuilder of(KeycloakSession session, RealmModel realm, EventType type) {
        return builder(session, realm).event(type);
    }

    /** A builder for the events of the request {@code session} serves, in {@code realm}. */
    static EventBuilder builder(KeycloakSession session, RealmModel realm) {
        return new NamingActor(realm, session);
    }

    /**
     * Adds the actor of an impersonated session to every event of that session (Keycloak's grants
     * name the session by its id: a refresh, for one).
     */
    private static final class NamingActor extends EventBuilder {
        private final RealmModel realm;
        private final KeycloakSession session;

        NamingActor(RealmModel realm, KeycloakSession session) {
            super(realm, session, session.getContext().getConnection());
            this.realm = realm;
            this.session = session;
        }

        @Override
        public EventBuilder session(UserSessionModel userSession) {
            super.session(userSession);
            return naming(Impersonation.of(session, userSession));
        }

        @Override
        public EventBuilder session(String sessionId) {
            super.session(sessionId);
            // The session the grant is working on: in the node's cache by now.
            return sessionId == null
                    ? this
                    : naming(
                            Impersonation.of(
                                    session, session.sessions().getUserSession(realm, sessionId)));
        }

        private EventBuilder naming(Impersonation actor) {
            if (actor != null) {
                detail(IMPERSONATOR_ID, actor.actorId());
                detail(Details.IMPERSONATOR, actor.actorUsername());
            }
            return this;
        }
    }
}
