package dev.kcemporix.auth.keycloak;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Runs one of Keycloak's own grants ({@code password}, {@code refresh_token}, {@code
 * client_credentials}) through Keycloak's own token endpoint code ({@link TokenEndpoint}), as if
 * the form had been posted to {@code /realms/{realm}/protocol/openid-connect/token}. So every check
 * of that endpoint runs for our endpoints too, in the version of Keycloak that is running: realm
 * enabled, SSL required, grant type, client policies, client authentication, bearer-only clients,
 * duplicated and oversized parameters, DPoP, then the grant with brute-force protection, disabled
 * users, required actions, session limits, token rotation and its events. Nothing of it is copied
 * here.
 */
public final class KeycloakGrants {

    private static final Logger LOG = Logger.getLogger(KeycloakGrants.class);

    /**
     * Set on the session while one of our endpoints runs Keycloak's password grant: a login being
     * served (login-through migration asks its source only then; the request's path is ours, not
     * the token endpoint's).
     */
    public static final String PASSWORD_GRANT_RUNNING =
            KeycloakGrants.class.getName() + ".passwordGrant";

    /** Session attribute while a passkey login runs: {@link #VERIFIED} or {@link #PRESENT}. */
    private static final String PASSKEY = KeycloakGrants.class.getName() + ".passkey";

    private static final String VERIFIED = "user-verified";
    private static final String PRESENT = "user-present";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;

    public KeycloakGrants(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Runs {@code grantType} with {@code form} as the token request's form. The form names the
     * client ({@code client_id}, plus {@code client_secret} for a confidential one, unless the
     * request carries a Basic client credential).
     */
    public GrantOutcome run(String grantType, Map<String, String> form) {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        form.forEach(params::putSingle);
        params.putSingle(OAuth2Constants.GRANT_TYPE, grantType);

        // As Keycloak's OIDC protocol service creates it for its token endpoint.
        EventBuilder event = Events.builder(session, realm);
        if (isPasskeyLogin(session)) {
            // The LOGIN event says what the customer proved.
            event.detail(Details.CREDENTIAL_TYPE, WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        }
        HttpRequest original = session.getContext().getHttpRequest();
        session.getContext().setHttpRequest(new FormRequest(original, params));
        boolean passwordGrant = OAuth2Constants.PASSWORD.equals(grantType);
        if (passwordGrant) {
            session.setAttribute(PASSWORD_GRANT_RUNNING, Boolean.TRUE);
        }
        try {
            return outcome(
                    new TokenEndpoint(session, new TokenManager(), event).processGrantRequest(),
                    event);
        } catch (WebApplicationException e) {
            // Every refusal of the endpoint and its grants (CorsErrorResponseException,
            // ForbiddenException, ...).
            return outcome(e.getResponse(), event);
        } catch (AuthenticationFlowException e) {
            // A direct-grant flow that cannot go on (a required step the user has not set up): a
            // refusal, never a server error.
            LOG.debugf("The direct-grant flow gave up: %s", e.getError());
            return GrantOutcome.failure(
                    401,
                    OAuthErrorException.INVALID_GRANT,
                    "Invalid user credentials",
                    event.getEvent().getError() != null
                            ? event.getEvent().getError()
                            : "flow_incomplete");
        } finally {
            session.getContext().setHttpRequest(original);
            if (passwordGrant) {
                session.removeAttribute(PASSWORD_GRANT_RUNNING);
            }
        }
    }

    /**
     * Keycloak's {@code password} grant for {@code user}, whom our endpoint verified otherwise than
     * by a password (an opt-in token), through {@code clientId}: the grant presents a stand-in
     * password good for this one grant ({@link StandInPasswordProvider}), so every check of a
     * password login applies, the client's direct-grant flow included.
     */
    public GrantOutcome runVerified(String clientId, UserModel user) {
        return runVerified(clientId, user, null);
    }

    /**
     * Runs {@code login} (a grant of {@link #runVerified}) for a customer who proved one of their
     * passkeys: its {@code LOGIN} event says so. With {@code userVerified} (the authenticator
     * checked who held it: a PIN or biometric) the passkey is two factors in one, so the
     * one-time-code step lets the customer through and the login's level of authentication is
     * {@value DirectGrantOtp#OTP_LEVEL}, as after a code; without, the login is a password's (level
     * 1, a one-time code asked of a customer with a device).
     */
    public static <T> T asPasskeyLogin(
            KeycloakSession session, boolean userVerified, java.util.function.Supplier<T> login) {
        session.setAttribute(PASSKEY, userVerified ? VERIFIED : PRESENT);
        try {
            return login.get();
        } finally {
            session.removeAttribute(PASSKEY);
        }
    }

    /** Whether this request's grant logs in a customer who proved a passkey. */
    static boolean isPasskeyLogin(KeycloakSession session) {
        return session.getAttribute(PASSKEY) != null;
    }

    /** Whether that passkey also verified who held it: two factors in one. */
    static boolean isVerifiedPasskeyLogin(KeycloakSession session) {
        return VERIFIED.equals(session.getAttribute(PASSKEY));
    }

    /**
     * {@link #runVerified(String, UserModel)} with the one-time code the customer typed ({@code
     * otp}, null: none) for the flow's OTP step.
     */
    public GrantOutcome runVerified(String clientId, UserModel user, String otp) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String standIn = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Map<String, String> form =
                new java.util.LinkedHashMap<>(
                        Map.of(
                                OAuth2Constants.CLIENT_ID,
                                clientId,
                                OAuth2Constants.USERNAME,
                                user.getUsername(),
                                OAuth2Constants.PASSWORD,
                                standIn));
        if (otp != null) {
            form.put("otp", otp);
        }
        session.setAttribute(
                StandInPasswordProvider.ATTRIBUTE,
                new StandInPasswordProvider.StandIn(user.getId(), standIn));
        try {
            return run(OAuth2Constants.PASSWORD, form);
        } finally {
            session.removeAttribute(StandInPasswordProvider.ATTRIBUTE);
        }
    }

    /**
     * {@link #runVerified(String, UserModel)} for a session someone else opens for {@code user}
     * ({@code impersonation}): the grant's tokens name the actor already, and the user's one-time
     * code is not asked (the actor has none; the session and its events name them instead).
     */
    public GrantOutcome runImpersonated(
            String clientId, UserModel user, Impersonation impersonation) {
        return impersonation.starting(session, () -> runVerified(clientId, user, null));
    }

    private static GrantOutcome outcome(Response response, EventBuilder event) {
        Object entity = response.getEntity();
        if (response.getStatus() == 200 && entity != null) {
            return GrantOutcome.success(entity);
        }
        String eventError = event.getEvent().getError();
        if (entity instanceof OAuth2ErrorRepresentation error) {
            return GrantOutcome.failure(
                    response.getStatus(),
                    error.getError(),
                    error.getErrorDescription(),
                    eventError);
        }
        if (entity instanceof Map<?, ?> map) {
            return GrantOutcome.failure(
                    response.getStatus(),
                    string(map.get("error")),
                    string(map.get("error_description")),
                    eventError);
        }
        LOG.debugf(
                "Grant answered %d with %s",
                response.getStatus(), entity == null ? "no body" : entity.getClass().getName());
        return GrantOutcome.failure(response.getStatus(), null, null, eventError);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
