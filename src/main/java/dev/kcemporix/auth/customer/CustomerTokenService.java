package dev.kcemporix.auth.customer;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.util.TokenUtil;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.error.EmporixException;
import dev.kcemporix.auth.grant.GrantOutcome;
import dev.kcemporix.auth.grant.KeycloakGrants;
import dev.kcemporix.auth.legal.LegalEntities;

/**
 * Customer tokens, done by Keycloak: login is Keycloak's {@code password} grant, refresh its
 * {@code refresh_token} grant, validation its bearer-token authenticator, logout its backchannel
 * logout. What is ours: the visitor's {@code sessionId} kept as a note of the Keycloak user
 * session (persisted with it, so it survives restarts and is seen by every node), the
 * {@code saas_token}, and the contract's shapes.
 */
public final class CustomerTokenService {

    /** User session note holding the storefront session id the customer logged in with. */
    public static final String SESSION_ID_NOTE = "emporix.sessionId";

    /**
     * User session note holding the legal entity the customer acts for; a "User Session Note"
     * protocol mapper on the storefront client copies it into the access token claim
     * {@value #LEGAL_ENTITY_CLAIM}.
     */
    public static final String LEGAL_ENTITY_NOTE = "emporix.legalEntityId";

    /** Access token claim naming the chosen legal entity. */
    public static final String LEGAL_ENTITY_CLAIM = "legalEntityId";

    private static final Logger LOG = Logger.getLogger(CustomerTokenService.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerTokenService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public Map<String, Object> login(AnonymousAccessToken anonymous, ClientModel client, LoginRequest request) {
        GrantOutcome outcome = new KeycloakGrants(session, realm).run(OAuth2Constants.PASSWORD, Map.of(
                OAuth2Constants.CLIENT_ID, client.getClientId(),
                OAuth2Constants.USERNAME, request.email(),
                OAuth2Constants.PASSWORD, request.password()));
        if (!outcome.succeeded()) {
            throw loginFailure(outcome);
        }
        AccessTokenResponse tokens = outcome.tokens();
        UserSessionModel userSession = userSession(tokens);
        userSession.setNote(SESSION_ID_NOTE, anonymous.getSessionId());
        String saasToken = saasToken(userSession.getUser(), client, unverified(tokens.getToken(), AccessToken.class).getExp(), null);
        return CustomerTokens.login(tokens, saasToken, anonymous.getSessionId());
    }

    /**
     * Renews the customer's tokens; with {@code legalEntityId} the new access token carries that
     * legal entity (after a membership check), without it the new token is unscoped.
     */
    public Map<String, Object> refresh(ClientModel client, String refreshToken, String legalEntityId) {
        UserSessionModel userSession = sessionOf(refreshToken);
        if (userSession != null && startedBeforePasswordChange(userSession)) {
            event(EventType.REFRESH_TOKEN).client(client).user(userSession.getUser()).session(userSession)
                    .detail(Details.REASON, "Password changed after the session started").error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        if (legalEntityId != null) {
            if (userSession == null) {
                throw EmporixException.invalidToken();
            }
            new LegalEntities(session).requireMembership(userSession.getUser(), legalEntityId);
        }
        // The chosen entity (or none) must be on the session before Keycloak builds the new token.
        String previous = userSession == null ? null : userSession.getNote(LEGAL_ENTITY_NOTE);
        boolean changed = userSession != null && !Objects.equals(previous, legalEntityId);
        if (changed) {
            setLegalEntityNote(userSession, legalEntityId);
        }
        GrantOutcome outcome = new KeycloakGrants(session, realm).run(OAuth2Constants.REFRESH_TOKEN, Map.of(
                OAuth2Constants.CLIENT_ID, client.getClientId(),
                OAuth2Constants.REFRESH_TOKEN, refreshToken));
        if (!outcome.succeeded()) {
            if (changed) {
                setLegalEntityNote(userSession, previous);
            }
            throw tokenFailure(outcome);
        }
        if (legalEntityId != null
                && !legalEntityId.equals(unverified(outcome.tokens().getToken(), AccessToken.class).getOtherClaims().get(LEGAL_ENTITY_CLAIM))) {
            session.getTransactionManager().setRollbackOnly();
            LOG.errorf("Client %s of realm %s has no mapper putting the user session note %s into the access token claim %s;"
                    + " add a 'User Session Note' mapper to the client (see README, legal entities)", client.getClientId(),
                    realm.getName(), LEGAL_ENTITY_NOTE, LEGAL_ENTITY_CLAIM);
            throw EmporixException.of(500, "internal_server_error", "Legal entities are not configured for this storefront client");
        }
        // The grant refreshed the session we already hold (a refresh token names its session); look it up only if we had none.
        UserSessionModel refreshed = userSession != null ? userSession : userSession(outcome.tokens());
        Map<String, Object> body = CustomerTokens.refresh(outcome.tokens(), sessionId(refreshed));
        if (legalEntityId != null) {
            // Downstream services learn the entity from the saas token, so it comes along when one is chosen.
            String saasToken = saasToken(refreshed.getUser(), client, unverified(outcome.tokens().getToken(), AccessToken.class).getExp(), legalEntityId);
            CustomerTokens.addSaasToken(body, saasToken);
        }
        return body;
    }

    /**
     * The live user session of a genuine, unexpired refresh token of this realm, or null; the
     * grant itself does every other check.
     */
    private UserSessionModel sessionOf(String refreshToken) {
        RefreshToken token = session.tokens().decode(refreshToken, RefreshToken.class);
        if (token == null || token.isExpired() || token.getSubject() == null || token.getSessionId() == null) {
            return null;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        return userSession != null && token.getSubject().equals(userSession.getUser().getId()) ? userSession : null;
    }

    /** Sets the legal-entity note to {@code value}, or removes it for null. */
    private static void setLegalEntityNote(UserSessionModel userSession, String value) {
        if (value == null) {
            userSession.removeNote(LEGAL_ENTITY_NOTE);
        } else {
            userSession.setNote(LEGAL_ENTITY_NOTE, value);
        }
    }

    /**
     * The customer behind a bearer token, checked by Keycloak's bearer-token authenticator
     * (signature, issuer, expiry, revocation, live session, enabled user); service-account tokens
     * are not customer tokens.
     */
    public AuthResult authenticate(String tokenString) {
        if (tokenString == null || tokenString.isBlank()) {
            throw EmporixException.invalidToken();
        }
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(tokenString).authenticate();
        if (auth == null) {
            throw isExpiredAccessToken(tokenString) ? EmporixException.expiredToken() : EmporixException.invalidToken();
        }
        if (auth.user().getServiceAccountClientLink() != null || startedBeforePasswordChange(auth.session())) {
            throw EmporixException.invalidToken();
        }
        return auth;
    }

    public Map<String, Object> validate(String tokenString) {
        EventBuilder event = event(EventType.INTROSPECT_TOKEN);
        ClientModel named = clientOfAccessToken(tokenString);
        if (named != null) {
            event.client(named);
        }
        AuthResult auth;
        try {
            auth = authenticate(tokenString);
        } catch (EmporixException e) {
            event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_TOKEN);
            throw e;
        }
        event.client(auth.client()).user(auth.user()).session(auth.session()).success();
        return ValidationResponse.of(auth.token(), auth.user(), sessionId(auth.session()), realm.getName(), Time.currentTime());
    }

    /** Ends the customer's Keycloak user session, as Keycloak's own logout endpoint does. */
    public void logout(AuthResult auth) {
        EventBuilder event = event(EventType.LOGOUT).client(auth.client());
        AuthenticationManager.backchannelLogout(session, realm, auth.session(), session.getContext().getUri(),
                session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
        event.user(auth.user()).session(auth.session()).success();
    }

    /** The storefront client a Keycloak refresh token names, without trusting anything else in it yet. */
    public ClientModel clientOfRefreshToken(String refreshToken) {
        RefreshToken token = unverifiedOrNull(refreshToken, RefreshToken.class);
        // Only Keycloak's refresh tokens go on to its refresh grant: it fails with a 500 on other realm-signed tokens.
        boolean refreshType = token != null
                && (TokenUtil.TOKEN_TYPE_REFRESH.equals(token.getType()) || TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType()));
        ClientModel client = !refreshType || token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        if (client == null) {
            event(EventType.REFRESH_TOKEN).detail(Details.REASON, "Not a refresh token of a client of this realm").error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        return client;
    }

    /** The storefront client an access token names, when it names one of this realm; not a verification. */
    public ClientModel clientOfAccessToken(String accessToken) {
        JsonWebToken token = unverifiedOrNull(accessToken, JsonWebToken.class);
        return token == null || token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
    }

    private String saasToken(UserModel user, ClientModel client, Long exp, String legalEntityId) {
        SaasToken saas = new SaasToken();
        saas.id(UUID.randomUUID().toString());
        saas.iat((long) Time.currentTime());
        saas.exp(exp);
        saas.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        saas.issuedFor(client.getClientId());
        saas.type(SaasToken.TYPE);
        String customerNumber = user.getFirstAttribute("customerNumber");
        saas.subject(customerNumber == null || customerNumber.isBlank() ? user.getId() : customerNumber);
        saas.email = user.getEmail();
        saas.tenant = realm.getName();
        saas.legalEntityId = legalEntityId;
        return session.tokens().encode(saas);
    }

    /** The Keycloak user session the grant just created or refreshed, found through its refresh token. */
    private UserSessionModel userSession(AccessTokenResponse tokens) {
        RefreshToken refresh = unverified(tokens.getRefreshToken(), RefreshToken.class);
        UserSessionModel userSession = session.sessions().getUserSession(realm, refresh.getSessionId());
        if (userSession == null) {
            throw new IllegalStateException("Keycloak issued tokens for a user session it cannot find");
        }
        return userSession;
    }

    /**
     * Whether the customer's password was set after this session started, e.g. reset by an admin.
     * Keycloak keeps such sessions alive; a shop expects a reset to lock out whoever had the old
     * password, so validate and refresh refuse them. Seconds on both sides: a reset within the
     * same second as the login is not caught.
     */
    private static boolean startedBeforePasswordChange(UserSessionModel userSession) {
        long passwordSet = userSession.getUser().credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .map(CredentialModel::getCreatedDate)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .max().orElse(0L);
        return passwordSet / 1000 > userSession.getStarted();
    }

    /** The storefront session id; a session started outside our login (Keycloak's own endpoints) reports its own id. */
    private static String sessionId(UserSessionModel userSession) {
        String note = userSession.getNote(SESSION_ID_NOTE);
        return note != null ? note : userSession.getId();
    }

    private boolean isExpiredAccessToken(String tokenString) {
        AccessToken token = session.tokens().decode(tokenString, AccessToken.class);
        return token != null
                && TokenUtil.TOKEN_TYPE_BEARER.equals(token.getType())
                && Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()).equals(token.getIssuer())
                && token.isExpired();
    }

    private EmporixException loginFailure(GrantOutcome outcome) {
        if (outcome.isServerError()) {
            LOG.warnf("Password grant failed with %d: %s", outcome.status(), outcome.error());
            return EmporixException.of(500, "internal_server_error", "The server could not process the request");
        }
        if (OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error()) || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())) {
            return EmporixException.unauthorized("The storefront client may not log in customers");
        }
        if ("Account is not fully set up".equals(outcome.errorDescription())) {
            return EmporixException.unauthorized("Account is not fully set up");
        }
        // Unknown email, wrong password, disabled or locked account: one answer, so none of them tells which.
        return EmporixException.unauthorized("Invalid email or password");
    }

    private static EmporixException tokenFailure(GrantOutcome outcome) {
        if (outcome.isServerError()) {
            LOG.warnf("Refresh grant failed with %d: %s", outcome.status(), outcome.error());
            return EmporixException.of(500, "internal_server_error", "The server could not process the request");
        }
        return EmporixException.invalidToken();
    }

    private EventBuilder event(EventType type) {
        return new EventBuilder(realm, session, session.getContext().getConnection()).event(type);
    }

    private static <T> T unverified(String token, Class<T> kind) {
        T parsed = unverifiedOrNull(token, kind);
        if (parsed == null) {
            throw new IllegalStateException("Keycloak issued a token that does not parse as " + kind.getSimpleName());
        }
        return parsed;
    }

    private static <T> T unverifiedOrNull(String token, Class<T> kind) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return new JWSInput(token).readJsonContent(kind);
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
    }
}
