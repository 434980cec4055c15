package dev.kcemporix.auth.customer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.kcemporix.auth.grant.BruteForce;

/**
 * Emporix SDKs answer a 401 at login by refreshing the anonymous token and sending the very same
 * login again. With brute-force detection on, every mistyped password would then count twice, and
 * a shopper would be locked out after half the failures the admin allowed. So a login that just
 * failed with exactly these credentials fails again without asking Keycloak a second time: the
 * same wrong guess twice tells an attacker nothing, and a different password always counts.
 *
 * <p>Remembered in Keycloak's single-use store (cluster-wide, expiring on its own) under a keyed
 * hash of realm, email and password, never the password itself.
 */
final class RepeatedLoginFailures {

    /** Long enough for an SDK's retry and a shopper's second identical try; short enough to forget. */
    static final int WINDOW_SECONDS = 60;
    private static final String PREFIX = "emporix.login-failure.";

    private final KeycloakSession session;
    private final RealmModel realm;

    RepeatedLoginFailures(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    boolean isRepeat(LoginRequest login) {
        String key = key(login);
        return key != null && session.singleUseObjects().contains(key);
    }

    /**
     * Remembers a failed login, unless it failed for a reason other than the password: a locked or
     * disabled account refuses the retry by itself (without counting it), and once an admin unlocks
     * or enables it the same, right, password must get through. Stored in a transaction of its own:
     * the failed request's own transaction is rolled back.
     */
    void remember(LoginRequest login) {
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, realm, login.email());
        if (user != null && (!user.isEnabled() || new BruteForce(session, realm).isLocked(user))) {
            return;
        }
        String key = key(login);
        if (key != null) {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                    s -> s.singleUseObjects().put(key, WINDOW_SECONDS, Map.of()));
        }
    }

    /** HMAC of the attempt with the realm's internal key; null when the realm has none (then nothing is remembered). */
    private String key(LoginRequest login) {
        KeyWrapper hmac = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (hmac == null || hmac.getSecretKey() == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmac.getSecretKey());
            mac.update(realm.getId().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(login.email().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(login.password().getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
