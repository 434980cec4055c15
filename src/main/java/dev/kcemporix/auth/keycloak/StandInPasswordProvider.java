package dev.kcemporix.auth.keycloak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.credential.PasswordCredentialProviderFactory;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The stand-in password of a login our endpoint verified otherwise than with the customer's
 * password (the one-time token of the opt-in e-mail): a random secret, good for one user within one
 * grant of one request, that Keycloak's own password grant accepts in place of the password. So
 * such a login is Keycloak's {@code password} grant through and through: the client's checks,
 * client policies, the client's direct-grant flow (every step an admin put there besides the
 * password), brute-force locks, disabled users, required actions, events.
 *
 * <p>The secret lives only as an attribute of the request's Keycloak session while {@link
 * KeycloakGrants#runVerified} runs the grant; nothing is stored and no other request, node or user
 * can present it. Its credential type is its own, so no console or account page lists it.
 */
public final class StandInPasswordProvider
        implements CredentialProvider<CredentialModel>, CredentialInputValidator {

    /**
     * Also the factory's id, which decides when Keycloak asks this validator. Keycloak's credential
     * manager asks every password validator in the order of its map of credential-provider
     * factories (a {@code HashMap} keyed by id) until one accepts; asked after Keycloak's own
     * ({@code keycloak-password}), a stand-in login first paid a full hash of the stand-in against
     * the customer's stored password (Argon2: about 80 ms of CPU, and a failed validation in
     * Keycloak's password metrics) for every opt-in, passkey, social or assisted login. This id's
     * hash falls in the map's first bucket at every size up to 48 factories (64 buckets), so ours
     * is asked first and the password provider never sees the stand-in; {@link #askedFirst} checks
     * it on the running server (the health report's {@code stand-in-login-hashes}).
     */
    public static final String TYPE = "emporix-stand-in-login";

    /**
     * Set on the session while a verified login runs Keycloak's password grant (login-through
     * migration then asks no source).
     */
    public static final String ATTRIBUTE = StandInPasswordProvider.class.getName() + ".standIn";

    /** Whose stand-in password this request's grant may present, and the secret. */
    record StandIn(String userId, String secret) {}

    private final KeycloakSession session;

    /** Whether Keycloak asks this validator for a password before its own password provider. */
    public static boolean askedFirst(KeycloakSessionFactory factory) {
        List<String> ids =
                factory.getProviderFactoriesStream(CredentialProvider.class)
                        .map(ProviderFactory::getId)
                        .toList();
        int ours = ids.indexOf(TYPE);
        int keycloaks = ids.indexOf(PasswordCredentialProviderFactory.PROVIDER_ID);
        return ours >= 0 && (keycloaks < 0 || ours < keycloaks);
    }

    StandInPasswordProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        // Asked for passwords only when validating one; never claims a stored password credential
        // (below).
        return PasswordCredentialModel.TYPE.equals(credentialType);
    }

    @Override
    public boolean supportsCredentialType(CredentialModel credential) {
        return false;
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return false;
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!(session.getAttribute(ATTRIBUTE) instanceof StandIn standIn)
                || user == null
                || input == null
                || !PasswordCredentialModel.TYPE.equals(input.getType())
                || input.getChallengeResponse() == null) {
            return false;
        }
        boolean valid =
                standIn.userId().equals(user.getId())
                        && MessageDigest.isEqual(
                                standIn.secret().getBytes(StandardCharsets.UTF_8),
                                input.getChallengeResponse().getBytes(StandardCharsets.UTF_8));
        AuthenticationSessionModel login = session.getContext().getAuthenticationSession();
        if (valid && KeycloakGrants.isVerifiedPasskeyLogin(session) && login != null) {
            // A passkey that verified its holder is two factors: the level after a one-time code.
            // What Keycloak's level-of-authentication steps note, copied to the client session and
            // read by its acr mapper; the one place a passkey login's level is set.
            login.setAuthNote(
                    Constants.LEVEL_OF_AUTHENTICATION, Integer.toString(DirectGrantOtp.OTP_LEVEL));
        }
        return valid;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    @Override
    public CredentialModel createCredential(
            RealmModel realm, UserModel user, CredentialModel credential) {
        throw new UnsupportedOperationException("A stand-in password is never stored");
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return false;
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(TYPE)
                .category(CredentialTypeMetadata.Category.BASIC_AUTHENTICATION)
                .displayName("Emporix verified login")
                .helpText("A login verified by an e-mailed one-time token; never stored")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .removeable(false)
                .build(session);
    }

    @Override
    public void close() {}
}
