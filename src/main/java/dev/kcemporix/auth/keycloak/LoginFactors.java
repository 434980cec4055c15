package dev.kcemporix.auth.keycloak;

import java.util.Map;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderFactory;

/** What a customer's login proved, as Keycloak recorded it on the user session. */
public final class LoginFactors {

    /** User session note: the extension checked a one-time code of this login itself. */
    static final String CODE_CHECKED_NOTE = "emporix.code-checked";

    /**
     * User session note: the login was a passkey's that verified its holder (the epoch second it
     * was proved).
     */
    static final String PASSKEY_NOTE = "emporix.passkey-login";

    private LoginFactors() {}

    /** Notes on {@code userSession} that its login was proved with a passkey, now. */
    public static void notePasskeyProved(UserSessionModel userSession) {
        userSession.setNote(PASSKEY_NOTE, Integer.toString(Time.currentTime()));
    }

    /** Whether {@code userSession} started with a passkey login that verified its holder. */
    public static boolean passkeyProved(UserSessionModel userSession) {
        return userSession != null && userSession.getNote(PASSKEY_NOTE) != null;
    }

    /**
     * Whether {@code userSession} started with a passkey login at most {@code seconds} ago: recent
     * enough to stand for the password at a credential change.
     */
    public static boolean passkeyProvedWithin(UserSessionModel userSession, int seconds) {
        String proved = userSession == null ? null : userSession.getNote(PASSKEY_NOTE);
        if (proved == null) {
            return false;
        }
        try {
            return Time.currentTime() - Integer.parseInt(proved) <= seconds;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Whether the login that started {@code userSession} used a one-time code: one of the
     * executions Keycloak recorded as completed (as its amr mapper reads them) is an authenticator
     * of the "otp" category: this extension's direct-grant step or Keycloak's own OTP form.
     */
    public static boolean usedOneTimeCode(
            KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
        if (Impersonation.of(userSession) != null) {
            // Staff opened it: the OTP step let them through without a code (DirectGrantOtp).
            return false;
        }
        if (passkeyProved(userSession)) {
            // A passkey let the customer through the OTP step; it is no code.
            return false;
        }
        if (userSession.getNote(CODE_CHECKED_NOTE) != null) {
            return true;
        }
        Map<String, Integer> completed =
                AuthenticatorUtils.parseCompletedExecutions(
                        userSession.getNote(Constants.AUTHENTICATORS_COMPLETED));
        for (String executionId : completed.keySet()) {
            AuthenticationExecutionModel execution =
                    realm.getAuthenticationExecutionById(executionId);
            ProviderFactory<?> factory =
                    execution == null || execution.getAuthenticator() == null
                            ? null
                            : session.getKeycloakSessionFactory()
                                    .getProviderFactory(
                                            Authenticator.class, execution.getAuthenticator());
            if (factory instanceof AuthenticatorFactory authenticator
                    && OTPCredentialModel.TYPE.equals(authenticator.getReferenceCategory())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the direct-grant flow of {@code client} (its override, else the realm's) has a
     * one-time-code step that is not disabled: then Keycloak checks a login's code itself.
     */
    public static boolean directGrantChecksCodes(RealmModel realm, ClientModel client) {
        String flowId =
                client == null
                        ? null
                        : client.getAuthenticationFlowBindingOverride(
                                AuthenticationFlowBindings.DIRECT_GRANT_BINDING);
        AuthenticationFlowModel flow =
                flowId != null
                        ? realm.getAuthenticationFlowById(flowId)
                        : realm.getDirectGrantFlow();
        return flow != null && hasCodeStep(realm, flow.getId(), 0);
    }

    private static boolean hasCodeStep(RealmModel realm, String flowId, int depth) {
        if (depth > 10) {
            return false;
        }
        return realm.getAuthenticationExecutionsStream(flowId)
                .anyMatch(
                        execution ->
                                !execution.isDisabled()
                                        && (execution.isAuthenticatorFlow()
                                                ? hasCodeStep(
                                                        realm, execution.getFlowId(), depth + 1)
                                                : DirectGrantOtp.PROVIDER_ID.equals(
                                                        execution.getAuthenticator())));
    }

    /**
     * Whether {@code userSession} came through an identity provider without a one-time code for a
     * customer who has a device: Keycloak's brokered login took the provider's word alone (unless
     * the provider's post-broker-login flow asks for a code), so the session is no customer session
     * of ours, whichever endpoint issued its tokens.
     */
    public static boolean lacksRequiredCode(
            KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
        return userSession != null
                && userSession.getNote(Details.IDENTITY_PROVIDER) != null
                && hasOneTimeCodeDevice(userSession.getUser())
                && !usedOneTimeCode(session, realm, userSession);
    }

    /**
     * Notes on {@code userSession} that this extension checked a one-time code of its login (where
     * the client's flow has no OTP step).
     */
    public static void codeChecked(UserSessionModel userSession) {
        userSession.setNote(CODE_CHECKED_NOTE, "true");
    }

    /**
     * Whether {@code user} has a one-time-code device: then no login is complete without a code.
     */
    public static boolean hasOneTimeCodeDevice(UserModel user) {
        return user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE);
    }
}
