package dev.kcemporix.auth.keycloak;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Emporix SDKs answer a 401 at login by refreshing the anonymous token and sending the very same
 * request again, and storefronts resend a password change or e-mail change on an auto-refresh. With
 * brute-force detection on, each mistyped password would count twice, and two failures within a
 * second trip Keycloak's quick-login check (a minute's lock). So a password that was just refused
 * as wrong for a login name is refused again, for {@value #WINDOW_SECONDS} s, without asking
 * Keycloak and without counting: the same wrong guess twice tells an attacker nothing, and a
 * different password always counts. The rule holds wherever a password is checked: login, password
 * change, e-mail change.
 *
 * <p>Only wrong passwords are remembered: of a customer, or of an address without an account (so a
 * repeat takes as long for one as for the other), never a refusal for another reason (a locked or
 * disabled account, a missing second factor). Each is remembered for the account as it is: the
 * customer's password stamp ({@link PasswordStamp}) is part of what is remembered, so once a
 * password is set, by a sign-up, a reset, a change or an admin, a password refused before is tried
 * afresh at once, with no event to wait for.
 *
 * <p>Everything lives in Keycloak's cluster-wide single-use store and expires on its own: per login
 * name a random key of its own (never a key of the realm's), which lives as long as the newest
 * attempt, and per attempt an entry named by an HMAC of realm, login name, stamp and password under
 * that key. No entry holds a password or an address.
 */
public final class RepeatedPasswordFailures {

    /**
     * Long enough for an SDK's retry and a shopper's second identical try; short enough to forget.
     */
    public static final int WINDOW_SECONDS = 60;

    private static final String KEY_NOTE = "key";
    private static final String REFUSAL_NOTE = "refusal";

    /**
     * The refusal of a wrong password (or an unknown address), the one remembered unless another is
     * named.
     */
    public static final String WRONG_PASSWORD = "invalid_credentials";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;

    public RepeatedPasswordFailures(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * How {@code password} was refused for {@code login} within the window, while the account
     * ({@code user}, null for none) had the password it has now: {@link #WRONG_PASSWORD}, or the
     * refusal it was remembered with (a wrong one-time code); null when it was not.
     */
    public String refusalOf(String login, UserModel user, String password) {
        SingleUseStore store = SingleUseStore.of(session);
        Map<String, String> key = store.get(keyName(login));
        if (key == null || key.get(KEY_NOTE) == null) {
            return null;
        }
        Map<String, String> attempt =
                store.get(attempt(key.get(KEY_NOTE), login, PasswordStamp.of(user), password));
        return attempt == null ? null : attempt.getOrDefault(REFUSAL_NOTE, WRONG_PASSWORD);
    }

    /**
     * Whether {@code password} was refused for {@code login} within the window ({@link
     * #refusalOf}).
     */
    public boolean isRepeat(String login, UserModel user, String password) {
        return refusalOf(login, user, password) != null;
    }

    /**
     * Remembers that {@code password} was refused as wrong for {@code login} ({@code user}: its
     * account, or null).
     */
    public void remember(String login, UserModel user, String password) {
        remember(login, user, password, WRONG_PASSWORD);
    }

    /**
     * Remembers that {@code password} (what was typed: password and code) was refused for {@code
     * login} as {@code refusal}. Stored in a transaction of its own: the refused request's own
     * transaction is rolled back.
     */
    public void remember(String login, UserModel user, String password, String refusal) {
        StoreEntry.Key keyName = keyName(login);
        String stamp = PasswordStamp.of(user);
        OwnTransaction.run(
                session,
                realm.getId(),
                (own, ownRealm) -> {
                    SingleUseStore store = SingleUseStore.of(own);
                    Map<String, String> existing = store.get(keyName);
                    String key =
                            existing != null && existing.get(KEY_NOTE) != null
                                    ? existing.get(KEY_NOTE)
                                    : newKey();
                    store.put(keyName, WINDOW_SECONDS, Map.of(KEY_NOTE, key));
                    store.put(
                            attempt(key, login, stamp, password),
                            WINDOW_SECONDS,
                            Map.of(REFUSAL_NOTE, refusal));
                });
    }

    private StoreEntry.Key keyName(String login) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(normalized(login).getBytes(StandardCharsets.UTF_8));
            return StoreEntry.PASSWORD_FAILURE_KEY.key(
                    realm, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private StoreEntry.Key attempt(String key, String login, String stamp, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            for (String part : new String[] {realm.getId(), normalized(login), stamp}) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            return StoreEntry.PASSWORD_FAILURE.key(
                    realm, Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String normalized(String login) {
        return login.trim().toLowerCase(Locale.ROOT);
    }

    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
