package dev.kcemporix.auth.customer;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import dev.kcemporix.auth.grant.RepeatedPasswordFailures;
import dev.kcemporix.auth.http.TenantRealms;

/**
 * What follows when a customer's credentials change, wherever they changed: at our endpoints, in
 * the account console, a required action, the forgot-password flow, or the admin console.
 *
 * <ul>
 * <li>A password set or reset ends every other session: whoever had the old password must not stay
 * logged in, at our endpoints or at Keycloak's own (refresh, introspection, userinfo, account).
 * Keycloak keeps sessions alive after an admin's password reset, so this listens for the changes
 * themselves: an admin's reset ({@code users/{id}/reset-password}) or removal of a credential, and
 * the user events of a password update or reset. The session the customer changed it in, if any,
 * stays.</li>
 * <li>Those changes, a sign-up, and an admin's unlock of the account
 * ({@code attack-detection/brute-force/users/{id}}) also forget the passwords remembered as just
 * refused ({@link RepeatedPasswordFailures}): the password that failed a minute ago may be the
 * right one now, and must log in at once.</li>
 * </ul>
 *
 * <p>A global listener: it needs no entry in the realm's event listeners, and acts for tenants only.
 */
final class CredentialChanges implements EventListenerProvider {

    private static final Pattern ADMIN_PASSWORD_CHANGE = Pattern.compile("users/([^/]+)/(reset-password|credentials/[^/]+)");
    private static final Pattern ADMIN_UNLOCK = Pattern.compile("attack-detection/brute-force/users/([^/]+)");
    private static final List<EventType> PASSWORD_CHANGES = List.of(EventType.UPDATE_PASSWORD, EventType.RESET_PASSWORD, EventType.UPDATE_CREDENTIAL);

    private final KeycloakSession session;

    CredentialChanges(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getUserId() == null) {
            return;
        }
        if (PASSWORD_CHANGES.contains(event.getType())) {
            changed(event.getRealmId(), event.getUserId(), event.getSessionId(), true);
        } else if (event.getType() == EventType.REGISTER) {
            changed(event.getRealmId(), event.getUserId(), null, false);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        boolean change = (event.getOperationType() == OperationType.ACTION || event.getOperationType() == OperationType.DELETE)
                && event.getError() == null && event.getResourcePath() != null;
        if (!change) {
            return;
        }
        Matcher password = ADMIN_PASSWORD_CHANGE.matcher(event.getResourcePath());
        Matcher unlock = ADMIN_UNLOCK.matcher(event.getResourcePath());
        if (password.matches()) {
            changed(event.getRealmId(), password.group(1), null, true);
        } else if (unlock.matches() && event.getOperationType() == OperationType.DELETE) {
            changed(event.getRealmId(), unlock.group(1), null, false);
        }
    }

    private void changed(String realmId, String userId, String keptSessionId, boolean endOtherSessions) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !TenantRealms.isEnabled(realm)) {
            return;
        }
        RepeatedPasswordFailures.forget(session, realm, userId);
        UserModel user = endOtherSessions ? session.users().getUserById(realm, userId) : null;
        if (user == null) {
            return;
        }
        List<UserSessionModel> others = session.sessions().getUserSessionsStream(realm, user)
                .filter(s -> !s.getId().equals(keptSessionId))
                .toList();
        for (UserSessionModel other : others) {
            AuthenticationManager.backchannelLogout(session, realm, other, session.getContext().getUri(),
                    session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
        }
    }

    @Override
    public void close() {
    }
}
