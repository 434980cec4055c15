package dev.kcemporix.auth.sessions;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.Impersonation;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

/**
 * A customer's own Keycloak sessions, "where am I logged in" (docs/endpoints.md, *One-time codes
 * and the customer's sessions*): the same sessions the admin sees under the user and the account
 * console lists, offline ones included (marked {@code offline}: an offline refresh token keeps
 * working until its session ends), ended through Keycloak's logout (back-channel logout to clients,
 * a {@code LOGOUT} event) or, for an offline session, Keycloak's revocation of it. A session that
 * is not the customer's is not there: 404, as for one that does not exist.
 */
final class CustomerSessions {

    private final KeycloakSession session;
    private final RealmModel realm;

    CustomerSessions(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    List<CustomerSession> list(UserModel user, UserSessionModel current) {
        return Stream.concat(
                        session.sessions().getUserSessionsStream(realm, user),
                        session.sessions().getOfflineUserSessionsStream(realm, user))
                .map(
                        s -> {
                            long expires =
                                    SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(
                                            s.isOffline(),
                                            s.isRememberMe(),
                                            s.getStarted() * 1000L,
                                            realm);
                            Impersonation assisted = Impersonation.of(s);
                            if (assisted != null
                                    && assisted.until() > 0
                                    && (expires <= 0 || assisted.until() * 1000L < expires)) {
                                expires = assisted.until() * 1000L;
                            }
                            String client =
                                    s.getAuthenticatedClientSessions().values().stream()
                                            .map(AuthenticatedClientSessionModel::getClient)
                                            .map(ClientModel::getClientId)
                                            .findFirst()
                                            .orElse(null);
                            return new CustomerSession(
                                    s.getId(),
                                    s.getId().equals(current.getId()),
                                    Instant.ofEpochSecond(s.getStarted()).toString(),
                                    Instant.ofEpochSecond(s.getLastSessionRefresh()).toString(),
                                    expires > 0 ? Instant.ofEpochMilli(expires).toString() : null,
                                    s.getIpAddress(),
                                    client,
                                    s.isOffline() ? Boolean.TRUE : null,
                                    assisted == null ? null : assisted.actorId());
                        })
                .toList();
    }

    /** Ends session {@code id} of {@code user}; another customer's session, or none, is a 404. */
    void end(UserModel user, ClientModel client, String id) {
        UserSessionModel target = session.sessions().getUserSession(realm, id);
        if (target == null) {
            target = session.sessions().getOfflineUserSession(realm, id);
        }
        if (target == null || !target.getUser().getId().equals(user.getId())) {
            event().client(client)
                    .user(user)
                    .detail(Details.REASON, "not a session of the customer")
                    .error(Errors.USER_SESSION_NOT_FOUND);
            throw EmporixException.notFound("No such session");
        }
        logout(user, client, target);
    }

    /** Ends every session of {@code user} but {@code current}, offline ones included. */
    void endOthers(UserModel user, ClientModel client, UserSessionModel current) {
        List<UserSessionModel> others =
                Stream.concat(
                                session.sessions().getUserSessionsStream(realm, user),
                                session.sessions().getOfflineUserSessionsStream(realm, user))
                        .filter(s -> !s.getId().equals(current.getId()))
                        .toList();
        for (UserSessionModel other : others) {
            logout(user, client, other);
        }
    }

    private void logout(UserModel user, ClientModel client, UserSessionModel target) {
        if (target.isOffline()) {
            new UserSessionManager(session).revokeOfflineUserSession(target);
        } else {
            AuthenticationManager.backchannelLogout(
                    session,
                    realm,
                    target,
                    session.getContext().getUri(),
                    session.getContext().getConnection(),
                    session.getContext().getRequestHeaders(),
                    true);
        }
        event().client(client).user(user).session(target).success();
    }

    private EventBuilder event() {
        return Events.of(session, realm, EventType.LOGOUT);
    }
}
