package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Tells a customer by mail whenever how they sign in changes: the password (changed or reset), the
 * login e-mail (the old address hears of it), a second factor or a passkey added or removed. It
 * reacts to Keycloak's own events, so a change made at our endpoints, on Keycloak's account console
 * or in its login flows is told alike. Never throttled ({@link CustomerMails#notice}): the notice
 * is what tells a shopper that someone else holds their account.
 *
 * <p>A global listener: it needs no entry in the realm's event listeners, and acts for tenants
 * only.
 */
final class SignInNotices implements EventListenerProvider {

    /** What changed, as the template's {@code change} attribute names it. */
    enum Change {
        PASSWORD,
        EMAIL,
        OTP_ADDED,
        OTP_REMOVED,
        PASSKEY_ADDED,
        PASSKEY_REMOVED,
        /** Staff opened a session for the customer (where the tenant tells customers of it). */
        ASSISTED
    }

    private static final String TOLD = SignInNotices.class.getName() + ".told:";

    private final KeycloakSession session;

    SignInNotices(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getUserId() == null) {
            return;
        }
        java.util.Map<String, String> details =
                event.getDetails() == null ? java.util.Map.of() : event.getDetails();
        Change change = changeOf(event.getType(), details.get(Details.CREDENTIAL_TYPE));
        // Keycloak's account console and profile form report a new e-mail as a profile update with
        // the old and new address.
        if (change == null
                && event.getType() == EventType.UPDATE_PROFILE
                && details.get(Details.PREVIOUS_EMAIL) != null
                && !details.get(Details.PREVIOUS_EMAIL)
                        .equalsIgnoreCase(String.valueOf(details.get(Details.UPDATED_EMAIL)))) {
            change = Change.EMAIL;
        }
        if (change == null
                && event.getType() == EventType.IMPERSONATE
                && event.getSessionId() != null) {
            change = Change.ASSISTED;
        }
        if (change == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !TenantRealms.isEnabled(realm)) {
            return;
        }
        if (change == Change.ASSISTED && !TenantSetting.ASSISTED_BUYING_NOTIFY.flag(realm)) {
            return;
        }
        // One notice per change and request: Keycloak reports a password update both as
        // UPDATE_PASSWORD and UPDATE_CREDENTIAL.
        String told = TOLD + change + ":" + event.getUserId();
        if (session.getAttribute(told) != null) {
            return;
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        session.setAttribute(told, Boolean.TRUE);
        String to = change == Change.EMAIL ? details.get(Details.PREVIOUS_EMAIL) : null;
        if (change == Change.EMAIL && (to == null || to.equalsIgnoreCase(user.getEmail()))) {
            return;
        }
        RealmModel before = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            new CustomerMails(session, realm)
                    .notice(
                            CustomerMails.Kind.SIGN_IN_NOTICE,
                            user,
                            to,
                            Map.of(
                                    "change",
                                    change.name(),
                                    "newEmail",
                                    user.getEmail() == null ? "" : user.getEmail()));
        } finally {
            session.getContext().setRealm(before);
        }
    }

    static Change changeOf(EventType type, String credentialType) {
        boolean password =
                credentialType == null || PasswordCredentialModel.TYPE.equals(credentialType);
        boolean otp = OTPCredentialModel.TYPE.equals(credentialType);
        boolean passkey = credentialType != null && credentialType.startsWith("webauthn");
        return switch (type) {
            case UPDATE_PASSWORD, RESET_PASSWORD -> Change.PASSWORD;
            case UPDATE_EMAIL -> Change.EMAIL;
            case UPDATE_CREDENTIAL ->
                    password
                            ? Change.PASSWORD
                            : otp ? Change.OTP_ADDED : passkey ? Change.PASSKEY_ADDED : null;
            case REMOVE_CREDENTIAL, REMOVE_TOTP ->
                    type == EventType.REMOVE_TOTP || otp
                            ? Change.OTP_REMOVED
                            : passkey ? Change.PASSKEY_REMOVED : null;
            case UPDATE_TOTP -> Change.OTP_ADDED;
            default -> null;
        };
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {}

    @Override
    public void close() {}
}
