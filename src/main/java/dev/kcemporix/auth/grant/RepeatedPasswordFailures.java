package dev.kcemporix.auth.grant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Emporix SDKs answer a 401 at login by refreshing the anonymous token and sending the very same
 * request again, and storefronts resend a password change or e-mail change on an auto-refresh.
 * With brute-force detection on, each mistyped password would count twice, and two failures within
 * a second trip Keycloak's quick-login check (a minute's lock). So a password that was just refused
 * as wrong for a customer is refused again, for {@value #WINDOW_SECONDS} s, without asking Keycloak
 * and without counting: the same wrong guess twice tells an attacker nothing, and a different
 * password always counts. The rule holds wherever a password is checked: login, password change,
 * e-mail change.
 *
 * <p>Only wrong passwords of existing customers are remembered (never an unknown address, a locked
 * or disabled account, or a refusal for any other reason), and the memory is forgotten as soon as it
 * could be stale: when the password is set (sign-up, reset, change, an admin), or an admin unlocks
 * the account ({@link #forget}).
 *
 * <p>Everything lives in Keycloak's cluster-wide single-use store and expires on its own. Each
 * attempt is an entry under an HMAC of realm, user and password with a random key of the
 * customer's own, itself an entry of the same store that lives as long as the newest attempt:
 * forgetting removes the key, which makes every remembered attempt of the customer unreadable at
 * once. The key is this memory's alone (no key of the realm's is used for it), and no entry holds a
 * password.
 */
public final class RepeatedPasswordFailures {

    /** Long enough for an SDK's retry and a shopper's second identical try; short enough to forget. */
    public static final int WINDOW_SECONDS = 60;
    private static final String ATTEMPT_PREFIX = "emporix.password-failure.";
    private static final String KEY_PREFIX = "emporix.password-failure-key.";
    private static final String KEY_NOTE = "key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;

    public RepeatedPasswordFailures(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether {@code password} was refused as wrong for {@code user} within the window; false for no user. */
    public boolean isRepeat(UserModel user, String password) {
        if (user == null) {
            return false;
        }
        Map<String, String> key = session.singleUseObjects().get(keyName(realm, user.getId()));
        return key != null && key.get(KEY_NOTE) != null && session.singleUseObjects().contains(attempt(key.get(KEY_NOTE), user, password));
    }

    /**
     * Remembers that {@code password} was refused as wrong for {@code user}. Stored in a transaction
     * of its own: the refused request's own transaction is rolled back.
     */
    public void remember(UserModel user, String password) {
        String keyName = keyName(realm, user.getId());
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            SingleUseObjectProvider store = s.singleUseObjects();
            Map<String, String> existing = store.get(keyName);
            String key = existing != null && existing.get(KEY_NOTE) != null ? existing.get(KEY_NOTE) : newKey();
            // put, never replace: Keycloak's Infinispan store drops the lifespan on replace.
            store.put(keyName, WINDOW_SECONDS, Map.of(KEY_NOTE, key));
            store.put(attempt(key, user, password), WINDOW_SECONDS, Map.of());
        });
    }

    /** Forgets every remembered failure of the user: what made them wrong may have changed. */
    public static void forget(KeycloakSession session, RealmModel realm, String userId) {
        session.singleUseObjects().remove(keyName(realm, userId));
    }

    private static String keyName(RealmModel realm, String userId) {
        return KEY_PREFIX + realm.getId() + "." + userId;
    }

    private String attempt(String key, UserModel user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            mac.update(realm.getId().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(user.getId().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            return ATTEMPT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
