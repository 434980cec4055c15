package dev.kcemporix.auth.customer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.util.TokenUtil;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.anonymous.StorefrontSessions;
import dev.kcemporix.auth.grant.GrantOutcome;
import dev.kcemporix.auth.grant.KeycloakGrants;
import dev.kcemporix.auth.grant.RepeatedPasswordFailures;
import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.TenantRealms;
import dev.kcemporix.auth.legal.LegalEntities;
import dev.kcemporix.auth.grant.DirectGrantOtp;

/**
 * Customer tokens, done by Keycloak: login is Keycloak's {@code password} grant, refresh its
 * {@code refresh_token} grant (both through Keycloak's token endpoint code), validation its
 * bearer-token authenticator, logout its backchannel logout. What is ours: the storefront's
 * {@code sessionId} kept as a note of the Keycloak user session (persisted with it, so it survives
 * restarts and is seen by every node), the {@code saas_token}, and the contract's shapes.
 */
public final class CustomerTokenService {

    /** User session note holding the storefront session id the customer logged in with. */
    public static final String SESSION_ID_NOTE = "emporix.sessionId";

    private static final Logger LOG = Logger.getLogger(CustomerTokenService.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerTokenService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Keycloak's password grant for the storefront client. A customer whose only obstacle is the
     * "update password" action of a temporary password an employee set logs in too, with
     * {@code initialPassword: true} (contract section 2), so the storefront can send them to the
     * password change: that action is set aside for the grant and is back before the request ends,
     * so Keycloak's own endpoints keep refusing the temporary password, and every other check of the
     * grant applies as to anyone. A password just refused as wrong is refused again without asking
     * Keycloak ({@link RepeatedPasswordFailures}).
     */
    public Map<String, Object> login(AnonymousAccessToken anonymous, ClientModel client, LoginRequest request) {
        UserModel user = customerOf(request.email());
        RepeatedPasswordFailures failures = new RepeatedPasswordFailures(session, realm);
        String repeated = failures.refusalOf(request.email(), user, request.credentials());
        if (repeated != null) {
            boolean code = DirectGrantOtp.INVALID_OTP.equals(repeated);
            event(EventType.LOGIN).client(client).user(user).detail(Details.USERNAME, request.email())
                    .detail(Details.REASON, "The password just refused as wrong, again; not counted again")
                    .error(code ? DirectGrantOtp.INVALID_OTP : Errors.INVALID_USER_CREDENTIALS);
            throw code ? invalidOtp() : invalidCredentials();
        }
        boolean temporaryPassword = hasOnlyTemporaryPassword(user);
        if (temporaryPassword) {
            user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put(OAuth2Constants.CLIENT_ID, client.getClientId());
        form.put(OAuth2Constants.USERNAME, request.email());
        form.put(OAuth2Constants.PASSWORD, request.password());
        if (request.otp() != null) {
            // The parameter Keycloak's one-time-code step reads (grant/DirectGrantOtp in tenants).
            form.put("otp", request.otp());
        }
        GrantOutcome outcome;
        try {
            outcome = new KeycloakGrants(session, realm).run(OAuth2Constants.PASSWORD, form);
        } finally {
            if (temporaryPassword) {
                user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
            }
        }
        if (!outcome.succeeded()) {
            if (isWrongCredential(outcome, user)) {
                failures.remember(request.email(), user, request.credentials(),
                        DirectGrantOtp.INVALID_OTP.equals(outcome.eventError()) ? DirectGrantOtp.INVALID_OTP : RepeatedPasswordFailures.WRONG_PASSWORD);
            }
            throw loginFailure(outcome);
        }
        return loggedIn(anonymous, client, outcome.tokens(), temporaryPassword);
    }

    /**
     * Whether Keycloak refused the login for what was typed: an unknown address, a wrong password,
     * a wrong one-time code. A locked or disabled account, a missing code, a required action: no.
     */
    private static boolean isWrongCredential(GrantOutcome outcome, UserModel user) {
        String error = outcome.eventError();
        if (user == null) {
            return Errors.USER_NOT_FOUND.equals(error);
        }
        return Errors.INVALID_USER_CREDENTIALS.equals(error) || DirectGrantOtp.INVALID_OTP.equals(error);
    }

    /**
     * Logs in {@code user}, whom the caller verified otherwise than with a password (the one-time
     * token of the opt-in e-mail), through Keycloak's password grant with a stand-in password
     * ({@link KeycloakGrants#runVerified}): the same checks as a password login; the login response
     * of contract section 2.
     */
    public Map<String, Object> loginVerified(AnonymousAccessToken anonymous, ClientModel client, UserModel user) {
        GrantOutcome outcome = new KeycloakGrants(session, realm).runVerified(client.getClientId(), user);
        if (!outcome.succeeded()) {
            throw loginFailure(outcome);
        }
        return loggedIn(anonymous, client, outcome.tokens(), false);
    }

    private Map<String, Object> loggedIn(AnonymousAccessToken anonymous, ClientModel client, AccessTokenResponse tokens, boolean initialPassword) {
        UserSessionModel userSession = userSession(tokens);
        String sessionId = new StorefrontSessions(session, realm).claim(anonymous, client, userSession.getUser());
        userSession.setNote(SESSION_ID_NOTE, sessionId);
        String saasToken = saasToken(userSession, unverified(tokens.getToken(), AccessToken.class).getExp(), null);
        return CustomerTokens.login(tokens, saasToken, sessionId, initialPassword);
    }

    /** The customer a login names, or null (also when several share the address). */
    private UserModel customerOf(String email) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(session, realm, email);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    /** An enabled customer whose one required action is the "update password" of a temporary password. */
    private static boolean hasOnlyTemporaryPassword(UserModel user) {
        return user != null && user.isEnabled()
                && user.getRequiredActionsStream().toList().equals(List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()));
    }

    /**
     * Renews the customer's tokens; with {@code legalEntityId} the new access token carries that
     * legal entity (after a membership check), without it the new token is unscoped.
     */
    public Map<String, Object> refresh(ClientModel client, String refreshToken, String legalEntityId) {
        KeycloakGrants grants = new KeycloakGrants(session, realm);
        Map<String, String> form = Map.of(OAuth2Constants.CLIENT_ID, client.getClientId(), OAuth2Constants.REFRESH_TOKEN, refreshToken);
        GrantOutcome outcome;
        if (legalEntityId == null) {
            outcome = grants.run(OAuth2Constants.REFRESH_TOKEN, form);
        } else {
            UserSessionModel userSession = sessionOf(refreshToken);
            if (userSession == null) {
                throw EmporixException.invalidToken();
            }
            new LegalEntities(session).requireMembership(userSession.getUser(), legalEntityId);
            outcome = LegalEntities.issuingFor(session, legalEntityId, () -> grants.run(OAuth2Constants.REFRESH_TOKEN, form));
        }
        if (!outcome.succeeded()) {
            throw tokenFailure(outcome);
        }
        AccessToken access = unverified(outcome.tokens().getToken(), AccessToken.class);
        if (legalEntityId != null && !legalEntityId.equals(access.getOtherClaims().get(LegalEntities.CLAIM))) {
            // Never a token without the entity the customer chose: the client lacks the legal-entity mapper.
            LOG.errorf("Client %s of realm %s issued a token without the legal entity it was asked for: its client scopes lack the"
                    + " '%s' mapper (see the Emporix tab's health report)", client.getClientId(), realm.getName(), "Emporix legal entity");
            throw EmporixException.of(503, "not_configured",
                    "Legal entities are not set up for this storefront client; an administrator can see why in the tenant's health report");
        }
        UserSessionModel refreshed = userSession(outcome.tokens());
        Map<String, Object> body = CustomerTokens.refresh(outcome.tokens(), sessionId(refreshed));
        if (legalEntityId != null) {
            // Downstream services learn the entity from the saas token, so it comes along when one is chosen.
            CustomerTokens.addSaasToken(body, saasToken(refreshed, access.getExp(), legalEntityId));
        }
        return body;
    }

    /**
     * The live user session of a genuine, unexpired refresh token of this realm, or null; the
     * grant itself does every other check.
     */
    private UserSessionModel sessionOf(String refreshToken) {
        RefreshToken token = session.tokens().decode(refreshToken, RefreshToken.class);
        if (token == null || token.isExpired() || token.getSessionId() == null) {
            return null;
        }
        // A refresh token names its user only where a client scope maps "sub" (Keycloak's "basic"); its session always.
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        boolean sameUser = userSession != null && (token.getSubject() == null || token.getSubject().equals(userSession.getUser().getId()));
        return sameUser ? userSession : null;
    }

    /**
     * The customer behind a bearer token, checked by Keycloak's bearer-token authenticator
     * (signature, issuer, expiry, revocation, live session, enabled user); service-account tokens
     * are not customer tokens.
     */
    public AuthResult authenticate(String tokenString) {
        if (!isSignedJwt(tokenString)) {
            throw EmporixException.invalidToken();
        }
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(tokenString).authenticate();
        if (auth == null) {
            throw isExpiredAccessToken(tokenString) ? EmporixException.expiredToken() : EmporixException.invalidToken();
        }
        if (auth.user().getServiceAccountClientLink() != null || !TenantRealms.isStorefrontClient(realm, auth.client())) {
            // A service account's token, or a shopper's token of a partner app, the account console, admin-cli: no customer token.
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
        if (!TenantRealms.isStorefrontClient(realm, client)) {
            event(EventType.REFRESH_TOKEN).detail(Details.REASON, "Not a refresh token of a storefront client of this tenant").error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        return client;
    }

    /** The storefront client an access token names, when it names one of this realm; not a verification. */
    public ClientModel clientOfAccessToken(String accessToken) {
        JsonWebToken token = unverifiedOrNull(accessToken, JsonWebToken.class);
        return token == null || token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
    }

    private String saasToken(UserSessionModel userSession, Long exp, String legalEntityId) {
        UserModel user = userSession.getUser();
        SaasToken saas = new SaasToken();
        saas.id(UUID.randomUUID().toString());
        saas.iat((long) Time.currentTime());
        saas.exp(exp);
        saas.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        saas.type(SaasToken.TYPE);
        String customerNumber = user.getFirstAttribute("customerNumber");
        saas.subject(customerNumber == null || customerNumber.isBlank() ? user.getId() : customerNumber);
        saas.email = user.getEmail();
        saas.tenant = realm.getName();
        saas.legalEntityId = legalEntityId;
        saas.sessionId = userSession.getId();
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

    /**
     * A JWS whose algorithm this Keycloak can verify. Keycloak's bearer-token authenticator fails
     * with a NullPointerException on a header without an algorithm ({@code e30.e30.e30}) or with one
     * no signature provider serves (e.g. {"alg":0}), so such a token is refused here as invalid instead.
     */
    private boolean isSignedJwt(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        try {
            String algorithm = new JWSInput(token).getHeader().getRawAlgorithm();
            return algorithm != null && session.getProvider(SignatureProvider.class, algorithm) != null;
        } catch (JWSInputException | RuntimeException e) {
            return false;
        }
    }

    private EmporixException loginFailure(GrantOutcome outcome) {
        EmporixException refusal = outcome.endpointRefusal();
        if (refusal != null) {
            if (outcome.isServerError()) {
                LOG.warnf("Password grant failed with %d: %s", outcome.status(), outcome.error());
            }
            return refusal;
        }
        if (OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error()) || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())) {
            return EmporixException.unauthorized("The storefront client may not log in customers");
        }
        if (DirectGrantOtp.OTP_REQUIRED.equals(outcome.eventError())) {
            // Said only after the password was right: Keycloak's one-time-code step runs after the password step.
            return EmporixException.of(401, "otp_required", "A one-time code is needed: send the login again with otp");
        }
        if (DirectGrantOtp.INVALID_OTP.equals(outcome.eventError())) {
            return invalidOtp();
        }
        if (Errors.RESOLVE_REQUIRED_ACTIONS.equals(outcome.eventError()) && !TenantRealms.isEnumerationSafe(realm)) {
            // Where sign-up hides who has an account, so does this: a pending sign-up would tell its address is taken.
            return EmporixException.unauthorized("Account is not fully set up");
        }
        // Unknown email, wrong password, disabled or locked account: one answer, so none of them tells which.
        return invalidCredentials();
    }

    private static EmporixException invalidOtp() {
        return EmporixException.of(401, "invalid_otp", "The one-time code is not valid");
    }

    private static EmporixException invalidCredentials() {
        return EmporixException.unauthorized("Invalid email or password");
    }

    private static EmporixException tokenFailure(GrantOutcome outcome) {
        EmporixException refusal = outcome.endpointRefusal();
        if (refusal != null) {
            if (outcome.isServerError()) {
                LOG.warnf("Refresh grant failed with %d: %s", outcome.status(), outcome.error());
            }
            return refusal;
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
