package dev.kcemporix.auth.migration;

import dev.kcemporix.auth.tenant.TenantSetting;
import java.nio.charset.StandardCharsets;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * A password credential imported with its SAP Commerce digest, verified the way SAP Commerce
 * verified it. Keycloak's password provider picks this by the credential's algorithm and, after a
 * successful check, re-hashes the password with the realm's own algorithm (the realm's provider's
 * policy check fails for any other algorithm): the first login moves the customer off the legacy
 * hash, and nothing of it stays on the user. It never makes new credentials.
 *
 * <p>The credential keeps the customer's original uid as its salt (secret data: no admin or account
 * representation shows it); the pepper is the tenant's secret setting {@link
 * TenantSetting#HYBRIS_PEPPER}, else SAP Commerce's default. Neither is ever logged.
 */
public final class HybrisPasswordHash implements PasswordHashProvider {

    private final KeycloakSession session;
    private final HybrisDigest digest;

    /**
     * @param digest the SAP Commerce digest; null for an imported PBKDF2 hash ({@link
     *     HybrisPbkdf2})
     */
    HybrisPasswordHash(KeycloakSession session, HybrisDigest digest) {
        this.session = session;
        this.digest = digest;
    }

    @Override
    public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
        return false;
    }

    /**
     * Never a legacy hash for a new password: should an admin name this algorithm in the realm's
     * password policy, new passwords get Keycloak's default hashing instead of failing.
     */
    @Override
    public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
        return session.getProvider(PasswordHashProvider.class).encodedCredential(rawPassword, -1);
    }

    @Override
    public boolean verify(String rawPassword, PasswordCredentialModel credential) {
        RealmModel realm = session.getContext().getRealm();
        if (digest == null) {
            // An imported PBKDF2 hash: Keycloak's own check, until the window's end day (not until
            // the job next runs).
            PasswordHashProvider pbkdf2 =
                    session.getProvider(
                            PasswordHashProvider.class, HybrisPbkdf2.KEYCLOAK_ALGORITHM);
            boolean matches =
                    rawPassword != null
                            && realm != null
                            && !RetentionWindow.hasEnded(realm)
                            && pbkdf2 != null
                            && pbkdf2.verify(rawPassword, credential);
            if (!matches && rawPassword != null) {
                // As for a wrong digest below: a refusal costs what it costs for anyone else.
                session.getProvider(PasswordHashProvider.class).encodedCredential(rawPassword, -1);
            }
            return matches;
        }
        byte[] salt = credential.getPasswordSecretData().getSalt();
        if (rawPassword == null
                || salt == null
                || salt.length == 0
                || realm == null
                || RetentionWindow.hasEnded(realm)) {
            // No uid, or the retention window is over: the old password is refused from then on.
            return false;
        }
        boolean matches =
                digest.matches(
                        credential.getPasswordSecretData().getValue(),
                        pepper(realm),
                        rawPassword,
                        new String(salt, StandardCharsets.UTF_8));
        if (!matches) {
            // A wrong password costs what it costs for anyone else (Keycloak hashes for unknown
            // users too), so timing
            // does not tell which addresses were imported.
            session.getProvider(PasswordHashProvider.class).encodedCredential(rawPassword, -1);
        }
        return matches;
    }

    /**
     * The tenant's pepper (a secret setting, never a realm attribute), else SAP Commerce's default.
     */
    String pepper(RealmModel realm) {
        String pepper = realm == null ? null : TenantSetting.HYBRIS_PEPPER.secret(session, realm);
        return pepper == null || pepper.isEmpty() ? HybrisDigest.DEFAULT_PEPPER : pepper;
    }

    @Override
    public void close() {}
}
