package dev.kcemporix.auth.keycloak;

import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Keycloak's brute-force detector, for the password checks we make outside a login (the current
 * password of a password change): the same counter and the same lock as Keycloak's own logins.
 *
 * <p>The one place where our code meets a Keycloak API that differs between the supported minors:
 * 26.7 added the authentication categories to {@code failedLogin}; 26.5 has the four-argument form.
 */
public final class BruteForce {

    private final KeycloakSession session;
    private final RealmModel realm;

    public BruteForce(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether the detector has locked {@code user} out (temporarily or for good). */
    public boolean isLocked(UserModel user) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return realm.isBruteForceProtected()
                && protector != null
                && (protector.isTemporarilyDisabled(session, realm, user)
                        || protector.isPermanentlyLockedOut(session, realm, user));
    }

    /** Counts a wrong password of {@code user}, as a failed login does. */
    public void failedPassword(UserModel user) {
        failed(user, PasswordCredentialModel.TYPE);
    }

    /**
     * Counts a wrong one-time code of {@code user}, as a failed login's code step does (also
     * against the realm's OTP failure limit on 26.7).
     */
    public void failedCode(UserModel user) {
        failed(user, OTPCredentialModel.TYPE);
    }

    /**
     * Counts a refused passkey assertion of {@code user} as a wrong password: Keycloak 26.7's
     * detector counts the categories password, otp and recovery codes only, and leaves a failure of
     * the passkey's own category uncounted.
     */
    public void failedPasskey(UserModel user) {
        failed(user, PasswordCredentialModel.TYPE);
    }

    private void failed(UserModel user, String category) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        if (!realm.isBruteForceProtected() || protector == null) {
            return;
        }
        ClientConnection connection = session.getContext().getConnection();
        UriInfo uri = session.getContext().getUri();
        try {
            protector.failedLogin(realm, user, connection, uri, Set.of(category));
        } catch (NoSuchMethodError beforeKeycloak267) {
            try {
                BruteForceProtector.class
                        .getMethod(
                                "failedLogin",
                                RealmModel.class,
                                UserModel.class,
                                ClientConnection.class,
                                UriInfo.class)
                        .invoke(protector, realm, user, connection, uri);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "Keycloak's brute-force detector has no failedLogin this extension knows",
                        e);
            }
        }
    }
}
