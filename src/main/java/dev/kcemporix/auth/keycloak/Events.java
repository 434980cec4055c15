package dev.kcemporix.auth.keycloak;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Keycloak events of a tenant, built as Keycloak's own endpoints build theirs (the request's client
 * connection, the realm's event store and listeners): the one way every service of this extension
 * records what it did or refused.
 */
public final class Events {

    private Events() {}

    /** An event of {@code type} of {@code realm}, for the request {@code session} serves. */
    public static EventBuilder of(KeycloakSession session, RealmModel realm, EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type);
    }
}
