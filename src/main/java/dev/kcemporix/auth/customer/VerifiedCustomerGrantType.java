package dev.kcemporix.auth.customer;

import java.util.Set;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.keycloak.authentication.AuthenticationProcessor;

import dev.kcemporix.auth.http.TenantRealms;

/**
 * Logs in a customer our endpoint has already verified otherwise than with a password grant: by
 * the one-time token of the opt-in e-mail, or by a temporary password an employee set (whose
 * required "update password" action Keycloak's password grant refuses, and which the contract
 * answers with tokens and {@code initialPassword: true}). It runs through Keycloak's token endpoint
 * like every grant, and ends the way Keycloak's password grant ends: an authentication session
 * attached as a user session by Keycloak's own {@link AuthenticationProcessor#attachSession}, tokens
 * from Keycloak's token manager, a {@code LOGIN} event.
 *
 * <p>Only our endpoints use it: they hand the grant the verified user as an attribute of the
 * Keycloak session. Posted to Keycloak's own token endpoint it answers like an unknown grant type.
 */
public final class VerifiedCustomerGrantType extends OAuth2GrantTypeBase {

    public static final String GRANT_TYPE = "urn:kcemporix:params:oauth:grant-type:verified-customer";
    /** Session attribute: the {@link UserModel} our endpoint verified. */
    static final String VERIFIED_USER = VerifiedCustomerGrantType.class.getName() + ".user";
    /** Session attribute: how it was verified, for the event. */
    static final String VERIFIED_BY = VerifiedCustomerGrantType.class.getName() + ".by";

    @Override
    public EventType getEventType() {
        return EventType.LOGIN;
    }

    // No @Override: Keycloak 26.7 declares this, 26.5 does not (this jar runs on both).
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }

    @Override
    public Response process(Context context) {
        setContext(context);
        Object verified = session.getAttribute(VERIFIED_USER);
        if (!(verified instanceof UserModel user) || !TenantRealms.isEnabled(realm)) {
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNSUPPORTED_GRANT_TYPE, "Unsupported grant_type",
                    Response.Status.BAD_REQUEST);
        }
        if (!client.isDirectAccessGrantsEnabled()) {
            // As Keycloak's password grant: a client that may not log customers in with a password may not this way either.
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNAUTHORIZED_CLIENT, "Client not allowed for direct access grants",
                    Response.Status.BAD_REQUEST);
        }
        event.detail(Details.AUTH_METHOD, String.valueOf(session.getAttribute(VERIFIED_BY)));
        String scope = getRequestedScopes();
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(user);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setAction(AuthenticatedClientSessionModel.Action.AUTHENTICATE.name());
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = AuthenticationProcessor.attachSession(authSession, null, session, realm, clientConnection, event);
        return createTokenResponse(user, clientSessionCtx.getClientSession().getUserSession(), clientSessionCtx, scope, false, null);
    }

    @Override
    public void close() {
    }
}
