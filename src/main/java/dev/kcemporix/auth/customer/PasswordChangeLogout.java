package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.keycloak.AdminCredentialChanges;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A customer whose password changed loses every other session: whoever had the old password must
 * not stay logged in, at our endpoints or at Keycloak's own (refresh, introspection, userinfo,
 * account). Keycloak keeps sessions alive after an admin's password reset, so this listens for the
 * changes themselves: an admin's reset ({@code users/{id}/reset-password}) or removal of a
 * credential, and the user events of a password update or reset (the customer's own change at our
 * endpoints, the account console, a required action, the forgot-password flow). The session the
 * customer changed it in, if any, stays; offline sessions end with the others.
 *
 * <p>A global listener: it needs no entry in the realm's event listeners, and acts for tenants
 * only.
 */
final class PasswordChangeLogout implements EventListenerProvider {

    private static final List<EventType> USER_CHANGES =
            List.of(
                    EventType.UPDATE_PASSWORD,
                    EventType.RESET_PASSWORD,
                    EventType.UPDATE_CREDENTIAL);

    private final KeycloakSession session;

    PasswordChangeLogout(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        boolean otherCredential =
                event.getType() == EventType.UPDATE_CREDENTIAL
                        && event.getDetails() != null
                        && !PasswordCredentialModel.TYPE.equals(
                                event.getDetails().get(Details.CREDENTIAL_TYPE));
        if (event.getError() == null
                && USER_CHANGES.contains(event.getType())
                && event.getUserId() != null
                && !otherCredential) {
            endSessions(event.getRealmId(), event.getUserId(), event.getSessionId());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        AdminCredentialChanges change = AdminCredentialChanges.of(event);
        if (change != null) {
            endSessions(event.getRealmId(), change.userId(), null);
        }
    }

    private void endSessions(String realmId, String userId, String keptSessionId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !TenantRealms.isEnabled(realm)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        // Offline sessions too, as Keycloak's own "sign out other devices" ends them: an offline
        // token kept by whoever
        // knew the old password would otherwise keep refreshing at Keycloak's token endpoint.
        List<UserSessionModel> others =
                Stream.concat(
                                session.sessions().getUserSessionsStream(realm, user),
                                session.sessions().getOfflineUserSessionsStream(realm, user))
                        .filter(s -> !s.getId().equals(keptSessionId))
                        .toList();
        for (UserSessionModel other : others) {
            AuthenticationManager.backchannelLogout(
                    session,
                    realm,
                    other,
                    session.getContext().getUri(),
                    session.getContext().getConnection(),
                    session.getContext().getRequestHeaders(),
                    true);
        }
    }

    @Override
    public void close() {}
}
