package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.KeycloakDatabase;
import dev.kcemporix.auth.keycloak.PasswordStamp;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import java.util.Objects;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Issues and redeems the one-time tokens of opt-in, password-reset and e-mail-change links. They
 * are Keycloak action tokens signed with the realm's key, live as long as the realm's action-token
 * lifespan for users says (Realm settings → Tokens), are redeemed once on any node (Keycloak's
 * cluster-wide single-use store), and stop working once the e-mail or password they were issued for
 * has changed.
 *
 * <p>A used link also stays used without its single-use entry, which a restart of a one-node store
 * empties and which Keycloak versions with CVE-2026-4325 let an attacker delete: using a link sets
 * a new random mark on the customer ({@link #usedMarkAttribute}), in the same transaction, and a
 * link is valid only with the mark of its action it was issued under. So every other link of that
 * action issued before goes too, as Keycloak's own reset links go with the password they reset. The
 * e-mail address and password alone would not do: an address changed and changed back makes an old
 * change link valid again.
 */
public final class OneTimeTokens {

    private final KeycloakSession session;
    private final RealmModel realm;

    public OneTimeTokens(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public String issue(UserModel user, String action) {
        return session.tokens()
                .encode(token(user, action, realm.getActionTokenGeneratedByUserLifespan(action)));
    }

    /**
     * A token that lives {@code lifespanSeconds}: for mails nobody asked for just now, which may be
     * read hours later.
     */
    public String issue(UserModel user, String action, int lifespanSeconds) {
        return session.tokens().encode(token(user, action, lifespanSeconds));
    }

    /**
     * An e-mail change token: to {@code newEmail}, with the contact e-mail following when {@code
     * syncContactEmail}.
     */
    public String issueEmailChange(UserModel user, String newEmail, boolean syncContactEmail) {
        return session.tokens()
                .encode(
                        token(
                                        user,
                                        CustomerActionToken.CHANGE_EMAIL,
                                        realm.getActionTokenGeneratedByUserLifespan(
                                                CustomerActionToken.CHANGE_EMAIL))
                                .toNewEmail(newEmail, syncContactEmail));
    }

    private CustomerActionToken token(UserModel user, String action, int lifespanSeconds) {
        int expiresAt = Time.currentTime() + lifespanSeconds;
        return new CustomerActionToken(
                user.getId(),
                action,
                expiresAt,
                realm.getName(),
                user.getEmail(),
                PasswordStamp.of(user),
                usedMark(user, action));
    }

    /**
     * The customer's current mark for links of {@code action}, written with the first link: a link
     * is valid only with a mark, so one whose mark an admin removed is invalid, never revived. Read
     * from the database: a cached customer without the mark on this node would overwrite one
     * another node wrote, and kill the link that went out with it.
     */
    private String usedMark(UserModel user, String action) {
        String mark = KeycloakDatabase.userAttribute(session, user, usedMarkAttribute(action));
        if (mark == null) {
            mark = newMark();
            user.setSingleAttribute(usedMarkAttribute(action), mark);
        }
        return mark;
    }

    /**
     * The customer attribute that takes a new random value each time a link of {@code action} is
     * used.
     */
    static String usedMarkAttribute(String action) {
        return "emporix.usedLink." + action;
    }

    private static String newMark() {
        return SecretGenerator.getInstance().randomString(16);
    }

    /** A redeemed token and its user. */
    public record Redeemed(CustomerActionToken token, UserModel user) {}

    /**
     * Checks {@code tokenString} for {@code action} and marks it used, for good once the request
     * succeeds: a request that fails (the new password refused, the login refused, anything) is
     * rolled back, and gives the token back with it, so a failed request uses up no token. A
     * refusal is {@code event}'s error. A forged token, one of another tenant or action, one whose
     * user, e-mail or password changed or of whose action a link was used since, or an opt-in token
     * of an account no longer waiting for its opt-in (however it was activated): 400 {@code
     * invalid_token}; an expired one: 400 {@code expired_token}; one used before: 400 {@code
     * used_token}.
     */
    public Redeemed redeem(String tokenString, String action, EventBuilder event) {
        try {
            return redeem(tokenString, action);
        } catch (EmporixException e) {
            // The action's error event: a forged, used or expired link is worth seeing in the
            // console.
            event.detail(Details.REASON, e.type()).error(Errors.INVALID_CODE);
            throw e;
        }
    }

    private Redeemed redeem(String tokenString, String action) {
        CustomerActionToken token =
                tokenString == null
                        ? null
                        : session.tokens().decode(tokenString, CustomerActionToken.class);
        if (token == null
                || !action.equals(token.getActionId())
                || !realm.getName().equals(token.getTenant())
                || token.getUserId() == null
                || token.getActionVerificationNonce() == null
                || token.getExp() == null) {
            throw invalid();
        }
        if (token.isExpired()) {
            throw EmporixException.of(
                    400, "expired_token", "The link has expired: ask for a new one");
        }
        StoreEntry.Key key = StoreEntry.USED_LINK.key(realm, token.serializeKey());
        SingleUseStore store = SingleUseStore.of(session);
        if (store.contains(key)) {
            // Said first: a used link is "used", though what it changed has made it invalid as
            // well.
            throw used();
        }
        UserModel user = session.users().getUserById(realm, token.getUserId());
        if (user == null
                || !Objects.equals(user.getEmail(), token.getEmail())
                || !Objects.equals(PasswordStamp.of(user), token.getPasswordStamp())
                || token.getUsedMark() == null
                || user.getAttributeStream(usedMarkAttribute(action))
                        .noneMatch(token.getUsedMark()::equals)
                || (CustomerActionToken.OPT_IN.equals(action) && !awaitsOptIn(user))) {
            throw invalid();
        }
        long lifespan = Math.max(1, token.getExp() - Time.currentTime());
        if (!store.putIfAbsent(key, lifespan)) {
            throw used();
        }
        SingleUseStore.removeOnRollback(session, key);
        // The mark, not the entry, decides: the entry can be lost (a restart, CVE-2026-4325). Set
        // only if it still is the link's, in the database, so of two redemptions at once on any
        // nodes one wins. Rolled back with the request, like the entry: a failed request uses no
        // link.
        String mark = newMark();
        if (!KeycloakDatabase.swapUserAttribute(
                session, user, usedMarkAttribute(action), token.getUsedMark(), mark)) {
            throw used();
        }
        user.setSingleAttribute(usedMarkAttribute(action), mark);
        return new Redeemed(token, user);
    }

    /**
     * Whether {@code user}'s account still waits for its double opt-in (Keycloak's verify-email
     * action).
     */
    public static boolean awaitsOptIn(UserModel user) {
        return !user.isEmailVerified()
                && user.getRequiredActionsStream()
                        .anyMatch(UserModel.RequiredAction.VERIFY_EMAIL.name()::equals);
    }

    private static EmporixException used() {
        return EmporixException.of(400, "used_token", "The link has been used already");
    }

    private static EmporixException invalid() {
        return EmporixException.of(400, "invalid_token", "The link is not valid");
    }
}
