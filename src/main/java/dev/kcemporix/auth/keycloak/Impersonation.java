package dev.kcemporix.auth.keycloak;

import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * A user session someone else opened for its user: a staff member acting for a customer. Marked as
 * Keycloak's own impersonation marks one, with the user session notes of {@link
 * ImpersonationSessionNote} (the admin console and Keycloak's token introspection read them), plus
 * the moment it ends at the latest ({@value #UNTIL_NOTE}, ours; 0: no cap, as after an admin's
 * impersonation in the console). Notes live with the session, so every node sees them.
 *
 * @param actorId the staff member's user id
 * @param actorUsername their user name
 * @param actorClient the client id their token came from
 * @param until epoch seconds after which no token of the session is good; 0 for none
 */
public record Impersonation(String actorId, String actorUsername, String actorClient, long until) {

    /** The claim naming the actor in a token (RFC 8693, section 4.1): {@code {"sub": actorId}}. */
    public static final String CLAIM = "act";

    /** The user session note holding {@link #until}. */
    static final String UNTIL_NOTE = "emporix.impersonation.until";

    /** Set on the Keycloak session while our grant starts an impersonated session. */
    private static final String STARTING = Impersonation.class.getName() + ".starting";

    /** The impersonation {@code userSession} is, or the one being started in this request. */
    public static Impersonation of(KeycloakSession session, UserSessionModel userSession) {
        if (session.getAttribute(STARTING) instanceof Impersonation starting) {
            return starting;
        }
        return of(userSession);
    }

    /** The impersonation {@code userSession} is, or null. */
    public static Impersonation of(UserSessionModel userSession) {
        String actor =
                userSession == null
                        ? null
                        : userSession.getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString());
        if (actor == null) {
            return null;
        }
        long until;
        try {
            String note = userSession.getNote(UNTIL_NOTE);
            until = note == null ? 0 : Long.parseLong(note);
        } catch (NumberFormatException e) {
            // A note nobody but us writes; unreadable means over, never endless.
            until = 1;
        }
        return new Impersonation(
                actor,
                userSession.getNote(ImpersonationSessionNote.IMPERSONATOR_USERNAME.toString()),
                userSession.getNote(ImpersonationSessionNote.IMPERSONATOR_CLIENT.toString()),
                until);
    }

    /** Whether our grant is starting an impersonated session in this request. */
    static boolean isStarting(KeycloakSession session) {
        return session.getAttribute(STARTING) instanceof Impersonation;
    }

    /**
     * Runs {@code grant} as the start of this impersonation (its tokens already name the actor).
     */
    <T> T starting(KeycloakSession session, java.util.function.Supplier<T> grant) {
        session.setAttribute(STARTING, this);
        try {
            return grant.get();
        } finally {
            session.removeAttribute(STARTING);
        }
    }

    /** Marks {@code userSession} as this impersonation. */
    public void noteOn(UserSessionModel userSession) {
        userSession.setNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString(), actorId);
        userSession.setNote(
                ImpersonationSessionNote.IMPERSONATOR_USERNAME.toString(), actorUsername);
        userSession.setNote(ImpersonationSessionNote.IMPERSONATOR_CLIENT.toString(), actorClient);
        if (until > 0) {
            userSession.setNote(UNTIL_NOTE, Long.toString(until));
        }
    }

    /** Whether {@code token} names this impersonation's actor in {@value #CLAIM}. */
    public boolean isNamedIn(org.keycloak.representations.JsonWebToken token) {
        return token.getOtherClaims().get(CLAIM) instanceof java.util.Map<?, ?> act
                && actorId.equals(act.get("sub"));
    }

    /** Whether the cap has passed at {@code now} (epoch seconds). */
    public boolean isOver(long now) {
        return until > 0 && now >= until;
    }

    /**
     * Whether a capped session must end at {@code now}: past its cap, or its actor no longer an
     * enabled user of {@code realm} (staff who left take their open sessions with them).
     */
    public boolean isOver(KeycloakSession session, RealmModel realm, long now) {
        if (isOver(now)) {
            return true;
        }
        if (until == 0) {
            // Keycloak's own impersonation (the admin console): its rules, not ours.
            return false;
        }
        UserModel actor = session.users().getUserById(realm, actorId);
        return actor == null || !actor.isEnabled();
    }

    /** Seconds until the cap at {@code now}, or {@code otherwise} when the session has none. */
    public long secondsLeft(long now, long otherwise) {
        return until > 0 ? Math.min(otherwise, Math.max(0, until - now)) : otherwise;
    }
}
