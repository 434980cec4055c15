package dev.kcemporix.auth.keycloak;

import dev.kcemporix.auth.tenant.TenantRealms;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.directgrant.ValidateOTP;
import org.keycloak.events.Details;
import org.keycloak.models.Constants;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * Keycloak's one-time-code step of the direct grant ({@code direct-grant-validate-otp}, in the
 * "Direct Grant - Conditional OTP" subflow), taking its place under the same id, so every
 * direct-grant flow that has the step has this one. The check is Keycloak's: the realm's OTP policy
 * through {@code OTPCredentialProvider}, which also refuses a code used before. Outside tenants,
 * for other clients than the tenant's storefronts, and wherever the password step has not passed
 * before it in the same login, nothing changes. Otherwise only what it reports does: Keycloak
 * answers a missing code exactly like a wrong password, so a storefront cannot tell when to ask for
 * one. Here
 *
 * <ul>
 *   <li>a missing code is the event error {@value #OTP_REQUIRED} and not counted as a failure: this
 *       step runs only after the password step passed, so it says no more than "the password was
 *       right";
 *   <li>a wrong code is the event error {@value #INVALID_OTP}, counted for brute-force detection as
 *       a wrong password is;
 *   <li>a right code raises the login's level of authentication to {@value #OTP_LEVEL} (a password
 *       alone is 1), so the token's {@code acr} says so through the realm's ACR to LoA mapping, and
 *       the session knows it was an OTP login.
 * </ul>
 */
public class DirectGrantOtp extends ValidateOTP {

    public static final String OTP_REQUIRED = "otp_required";
    public static final String INVALID_OTP = "invalid_otp";

    /** The level of authentication of a login with password and one-time code. */
    public static final int OTP_LEVEL = 2;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        boolean ours =
                TenantRealms.isEnabled(context.getRealm())
                        && TenantRealms.isStorefrontClient(
                                context.getRealm(), context.getAuthenticationSession().getClient())
                        // Only after the password step passed in this very login: in a flow an
                        // admin arranged otherwise, Keycloak's answers stand.
                        && AuthenticatorUtil.isPasswordValidated(context.getAuthenticationSession())
                        && configuredFor(
                                context.getSession(), context.getRealm(), context.getUser());
        if (!ours) {
            super.authenticate(context);
            return;
        }
        if (Impersonation.isStarting(context.getSession())) {
            // Staff opening the customer's session have no code of theirs; the session names them.
            context.success();
            return;
        }
        if (KeycloakGrants.isVerifiedPasskeyLogin(context.getSession())) {
            // A passkey that verified its holder is two factors already: a device the customer
            // holds, unlocked by them (its level is set with the stand-in password).
            context.success();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String code = form.getFirst("otp") != null ? form.getFirst("otp") : form.getFirst("totp");
        code = code == null ? null : code.replaceAll("\\s", "");
        context.getEvent().user(context.getUser());
        if (code == null || code.isBlank()) {
            context.getEvent()
                    .detail(Details.REASON, "A one-time code is needed")
                    .error(OTP_REQUIRED);
            context.challenge(
                    errorResponse(
                            Response.Status.BAD_REQUEST.getStatusCode(),
                            "invalid_grant",
                            "A one-time code is needed"));
            return;
        }
        String credentialId =
                getCredentialProvider(context.getSession())
                        .getDefaultCredential(
                                context.getSession(), context.getRealm(), context.getUser())
                        .getId();
        boolean valid =
                getCredentialProvider(context.getSession())
                        .isValid(
                                context.getRealm(),
                                context.getUser(),
                                new UserCredentialModel(
                                        credentialId, OTPCredentialModel.TYPE, code));
        if (!valid) {
            context.getEvent().error(INVALID_OTP);
            context.failure(
                    AuthenticationFlowError.INVALID_CREDENTIALS,
                    errorResponse(
                            Response.Status.BAD_REQUEST.getStatusCode(),
                            "invalid_grant",
                            "Invalid one-time code"));
            return;
        }
        // What Keycloak's level-of-authentication conditions note (AcrStore): Keycloak copies it to
        // the client session, its acr mapper reads it.
        context.getAuthenticationSession()
                .setAuthNote(Constants.LEVEL_OF_AUTHENTICATION, Integer.toString(OTP_LEVEL));
        context.success(OTPCredentialModel.TYPE);
    }

    /**
     * As Keycloak 26.7 declares it (26.5 declares none): the step is a one-time-code step, which is
     * how a login that used one is told.
     */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public String getHelpText() {
        return "Validates the one-time code of a direct grant (parameter 'otp' or 'totp'). In"
                + " Emporix tenants a missing code and a wrong one are told apart (otp_required,"
                + " invalid_otp), and an OTP login is level of authentication "
                + OTP_LEVEL
                + ".";
    }
}
