package dev.kcemporix.auth.login;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.anonymous.StorefrontSessions;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.CustomerCredentialCheck;
import dev.kcemporix.auth.keycloak.DirectGrantOtp;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.GrantOutcome;
import dev.kcemporix.auth.keycloak.Impersonation;
import dev.kcemporix.auth.keycloak.KeycloakGrants;
import dev.kcemporix.auth.keycloak.LoginFactors;
import dev.kcemporix.auth.keycloak.RepeatedPasswordFailures;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

/**
 * Customer login (docs/endpoints.md, *Customer login*), done by Keycloak: its {@code password}
 * grant for the storefront client, through its token endpoint. What is ours: the storefront's
 * {@code sessionId} claimed for the customer, the temporary-password and opt-in logins, the
 * one-time-code answers, the repeat memory, and the contract's shapes.
 */
public final class CustomerLogin {

    private static final Logger LOG = Logger.getLogger(CustomerLogin.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerLogin(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Keycloak's password grant for the storefront client. A customer whose only obstacle is the
     * "update password" action of a temporary password an employee set logs in too, with {@code
     * initialPassword: true} (docs/endpoints.md, *Customer login*), so the storefront can send them
     * to the password change: that action is set aside for the grant and is back before the request
     * ends, so Keycloak's own endpoints keep refusing the temporary password, and every other check
     * of the grant applies as to anyone. A password just refused as wrong is refused again without
     * asking Keycloak ({@link RepeatedPasswordFailures}).
     */
    public CustomerTokenResponse login(
            AnonymousAccessToken anonymous, ClientModel client, LoginRequest request) {
        UserModel user = customerOf(request.email());
        RepeatedPasswordFailures failures = new RepeatedPasswordFailures(session, realm);
        String repeated = failures.refusalOf(request.email(), user, request.credentials());
        if (repeated != null) {
            boolean code = DirectGrantOtp.INVALID_OTP.equals(repeated);
            Events.of(session, realm, EventType.LOGIN)
                    .client(client)
                    .user(user)
                    .detail(Details.USERNAME, request.email())
                    .detail(
                            Details.REASON,
                            "The password just refused as wrong, again; not counted again")
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
            // The parameter Keycloak's one-time-code step reads (keycloak/DirectGrantOtp in
            // tenants).
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
                failures.remember(
                        request.email(),
                        user,
                        request.credentials(),
                        DirectGrantOtp.INVALID_OTP.equals(outcome.eventError())
                                ? DirectGrantOtp.INVALID_OTP
                                : RepeatedPasswordFailures.WRONG_PASSWORD);
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
        return Errors.INVALID_USER_CREDENTIALS.equals(error)
                || DirectGrantOtp.INVALID_OTP.equals(error);
    }

    /**
     * Logs in {@code user}, whom the caller verified otherwise than with a password (the one-time
     * token of the opt-in e-mail), through Keycloak's password grant with a stand-in password
     * ({@link KeycloakGrants#runVerified}): the same checks as a password login; the login response
     * of docs/endpoints.md, *Customer login*.
     */
    public CustomerTokenResponse loginVerified(
            AnonymousAccessToken anonymous, ClientModel client, UserModel user) {
        GrantOutcome outcome =
                new KeycloakGrants(session, realm).runVerified(client.getClientId(), user);
        if (!outcome.succeeded()) {
            throw loginFailure(outcome);
        }
        return loggedIn(anonymous, client, outcome.tokens(), false);
    }

    /**
     * A customer session Keycloak just started, with what a login of ours adds: the storefront's
     * {@code sessionId} (claimed for the customer, kept as a note of the user session) and the saas
     * token.
     */
    public record Started(
            AccessTokenResponse tokens,
            String saasToken,
            String sessionId,
            UserSessionModel userSession) {}

    /**
     * What follows any grant that started a customer session for the storefront client the
     * anonymous token names (a password login, an authorization code of a social login).
     */
    public Started started(
            AnonymousAccessToken anonymous, ClientModel client, AccessTokenResponse tokens) {
        IssuedTokens issued = new IssuedTokens(session, realm);
        UserSessionModel userSession = issued.userSessionOf(tokens);
        String sessionId;
        if (anonymous == null) {
            // No visitor (a back office's assisted login): the session reports its own id.
            sessionId = userSession.getId();
        } else {
            sessionId =
                    new StorefrontSessions(session, realm)
                            .claim(anonymous, client, userSession.getUser());
            userSession.setNote(IssuedTokens.SESSION_ID_NOTE, sessionId);
        }
        String saasToken =
                issued.saasToken(
                        userSession,
                        IssuedTokens.unverified(tokens.getToken(), AccessToken.class).getExp(),
                        null);
        return new Started(tokens, saasToken, sessionId, userSession);
    }

    /**
     * {@link #loginVerified} for callers with an answer of their own (a token exchange): the
     * session, or the refusal a password login of {@code user} would get (a disabled or locked
     * account, ...).
     */
    public Started startVerified(
            AnonymousAccessToken anonymous, ClientModel client, UserModel user) {
        return startVerified(anonymous, client, user, null);
    }

    /**
     * {@link #startVerified(AnonymousAccessToken, ClientModel, UserModel)} for a customer whom
     * another party vouched for (an identity provider): a customer with a one-time-code device is
     * let in only with a current code ({@code otp}), as a password login is. Keycloak's OTP step of
     * the client's direct-grant flow checks it; where the flow has none, the code is checked here
     * first, before the grant (whose success would clear the failures a wrong code counts). Without
     * a code: 401 {@code otp_required}; a wrong one: 401 {@code invalid_otp}, counted.
     */
    public Started startVerified(
            AnonymousAccessToken anonymous, ClientModel client, UserModel user, String otp) {
        String code = otp == null ? null : otp.replaceAll("\\s", "");
        boolean checkedHere = false;
        if (LoginFactors.hasOneTimeCodeDevice(user)
                && !LoginFactors.directGrantChecksCodes(realm, client)) {
            EventBuilder event =
                    Events.of(session, realm, EventType.LOGIN).client(client).user(user);
            if (code == null || code.isEmpty()) {
                event.detail(Details.REASON, "A one-time code is needed")
                        .error(DirectGrantOtp.OTP_REQUIRED);
                throw EmporixException.of(
                        401,
                        DirectGrantOtp.OTP_REQUIRED,
                        "A one-time code is needed: send the call again with otp");
            }
            new CustomerCredentialCheck(session, realm).oneTimeCode(user, code, event);
            code = null;
            checkedHere = true;
        }
        GrantOutcome outcome =
                new KeycloakGrants(session, realm).runVerified(client.getClientId(), user, code);
        if (!outcome.succeeded()) {
            throw loginFailure(outcome);
        }
        Started started = started(anonymous, client, outcome.tokens());
        if (checkedHere) {
            LoginFactors.codeChecked(started.userSession());
        }
        return started;
    }

    /**
     * A session for {@code user}, who just proved one of their passkeys: Keycloak's password grant
     * with a stand-in password, every check of a password login. A passkey that verified its holder
     * ({@code userVerified}) is two factors: no one-time code is asked and the login is level 2
     * ({@link KeycloakGrants#asPasskeyLogin}); one that did not is a password's: a customer with a
     * device is asked for {@code otp} ({@link #startVerified(AnonymousAccessToken, ClientModel,
     * UserModel, String)}). The visitor's {@code sessionId} is claimed as at a login.
     */
    public Started startWithPasskey(
            AnonymousAccessToken anonymous,
            ClientModel client,
            UserModel user,
            boolean userVerified,
            String otp) {
        if (!userVerified) {
            return KeycloakGrants.asPasskeyLogin(
                    session, false, () -> startVerified(anonymous, client, user, otp));
        }
        GrantOutcome outcome =
                KeycloakGrants.asPasskeyLogin(
                        session,
                        true,
                        () ->
                                new KeycloakGrants(session, realm)
                                        .runVerified(client.getClientId(), user, null));
        if (!outcome.succeeded()) {
            throw loginFailure(outcome);
        }
        Started started = started(anonymous, client, outcome.tokens());
        LoginFactors.notePasskeyProved(started.userSession());
        return started;
    }

    /**
     * A session a staff member opens for {@code user} ({@code impersonation}) through Keycloak's
     * password grant with a stand-in password ({@link KeycloakGrants#runImpersonated}): every check
     * of a password login but the customer's one-time code. With {@code anonymous} (a storefront
     * redeeming a hand-off) the visitor's {@code sessionId} is claimed as at a login; without, the
     * session reports its own id. Refused as a password login of {@code user} would be; a client
     * whose tokens would outlive the cap or not name the actor: 503 {@code not_configured}.
     */
    public Started startImpersonated(
            AnonymousAccessToken anonymous,
            ClientModel client,
            UserModel user,
            Impersonation impersonation) {
        GrantOutcome outcome =
                new KeycloakGrants(session, realm)
                        .runImpersonated(client.getClientId(), user, impersonation);
        if (!outcome.succeeded()) {
            if (OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error())
                    || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())) {
                throw notConfigured("the storefront client may not log in customers");
            }
            throw loginFailure(outcome);
        }
        if (TokenUtil.TOKEN_TYPE_OFFLINE.equals(
                IssuedTokens.unverified(outcome.tokens().getRefreshToken(), RefreshToken.class)
                        .getType())) {
            // An offline session (offline_access a default scope of the client) would outlive
            // the cap: refused, and rolled back with the request.
            throw notConfigured("the storefront client hands out offline tokens by default");
        }
        if (!impersonation.isNamedIn(
                IssuedTokens.unverified(outcome.tokens().getToken(), AccessToken.class))) {
            // Never a customer token that does not name the actor.
            throw notConfigured("the storefront client lacks the assisted-buying actor mapper");
        }
        impersonation.noteOn(new IssuedTokens(session, realm).userSessionOf(outcome.tokens()));
        return started(anonymous, client, outcome.tokens());
    }

    private static EmporixException notConfigured(String why) {
        LOG.warnf("Assisted buying refused: %s (see the tenant's health report)", why);
        return EmporixException.notConfigured(
                "The storefront client cannot carry an assisted session; an administrator can see"
                        + " why in the tenant's health report");
    }

    /** The login answer (docs/endpoints.md, *Customer login*) of a session just started. */
    public static CustomerTokenResponse answer(Started started) {
        return CustomerTokenResponse.login(
                started.tokens(), started.saasToken(), started.sessionId(), false);
    }

    /** The customer session that {@code tokens}, just issued by a grant, belong to. */
    public UserSessionModel sessionOf(AccessTokenResponse tokens) {
        return new IssuedTokens(session, realm).userSessionOf(tokens);
    }

    private CustomerTokenResponse loggedIn(
            AnonymousAccessToken anonymous,
            ClientModel client,
            AccessTokenResponse tokens,
            boolean initialPassword) {
        Started started = started(anonymous, client, tokens);
        return CustomerTokenResponse.login(
                tokens, started.saasToken(), started.sessionId(), initialPassword);
    }

    /** The customer a login names, or null (also when several share the address). */
    private UserModel customerOf(String email) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(session, realm, email);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    /**
     * An enabled customer whose one required action is the "update password" of a temporary
     * password.
     */
    private static boolean hasOnlyTemporaryPassword(UserModel user) {
        return user != null
                && user.isEnabled()
                && user.getRequiredActionsStream()
                        .toList()
                        .equals(List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()));
    }

    private EmporixException loginFailure(GrantOutcome outcome) {
        EmporixException refusal = outcome.endpointRefusal();
        if (refusal != null) {
            if (outcome.isServerError()) {
                LOG.warnf("Password grant failed with %d: %s", outcome.status(), outcome.error());
            }
            return refusal;
        }
        if (OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error())
                || OAuthErrorException.INVALID_CLIENT.equals(outcome.error())) {
            return EmporixException.unauthorized("The storefront client may not log in customers");
        }
        if (DirectGrantOtp.OTP_REQUIRED.equals(outcome.eventError())) {
            // Said only after the password was right: Keycloak's one-time-code step runs after the
            // password step.
            return EmporixException.of(
                    401,
                    "otp_required",
                    "A one-time code is needed: send the login again with otp");
        }
        if (DirectGrantOtp.INVALID_OTP.equals(outcome.eventError())) {
            return invalidOtp();
        }
        if (Errors.RESOLVE_REQUIRED_ACTIONS.equals(outcome.eventError())
                && !TenantRealms.isEnumerationSafe(realm)) {
            // Where sign-up hides who has an account, so does this: a pending sign-up would tell
            // its address is taken.
            return EmporixException.unauthorized("Account is not fully set up");
        }
        // Unknown email, wrong password, disabled or locked account: one answer, so none of them
        // tells which.
        return invalidCredentials();
    }

    private static EmporixException invalidOtp() {
        return EmporixException.of(401, "invalid_otp", "The one-time code is not valid");
    }

    private static EmporixException invalidCredentials() {
        return EmporixException.unauthorized("Invalid email or password");
    }
}
