package dev.kcemporix.auth.keycloak;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * A check of what a customer types outside a login (the current password at a password change, an
 * e-mail change, a second factor's enrolment or removal; a current one-time code at a removal),
 * counted like a login by Keycloak's brute-force detector, and serialized with it.
 *
 * <p>Keycloak records a failure on a worker thread after the answer, and its own lock against
 * parallel logins lives in one node's memory and only inside a login flow. A burst of parallel
 * wrong guesses would each be checked before any failure counted: many more guesses than the
 * realm's failure factor. So the checks of one customer take turns, cluster-wide: a check holds an
 * entry of Keycloak's single-use store (shared by every node) while it reads the lock state,
 * checks, and, for a wrong guess, waits until Keycloak's detector has recorded it. The next check
 * then sees the count and the lock exactly as after one-by-one guesses. A check that cannot get its
 * turn within {@value #TURN_WAIT_MILLIS} ms, or finds {@value #MAX_WAITING} checks of the customer
 * waiting on its node already, is refused like a locked account, without being checked.
 */
public final class CustomerCredentialCheck {

    /**
     * How long a check waits for the one before it; a check takes a hash (Argon2: under 0.1 s) and
     * a failure's recording.
     */
    static final int TURN_WAIT_MILLIS = 5000;

    /** How long a turn is held at most: a node that dies holding one frees it after this. */
    static final int TURN_SECONDS = 15;

    /** How long a check waits for Keycloak's detector to record its failure. */
    static final int RECORD_WAIT_MILLIS = 3000;

    private static final int FIRST_POLL_MILLIS = 20;
    private static final int MAX_POLL_MILLIS = 100;

    /**
     * Checks of one customer that may wait for their turn on one node; more are refused at once,
     * unchecked.
     */
    static final int MAX_WAITING = 8;

    /**
     * The checks waiting for a turn on this node, per customer: a bound on this node's threads (a
     * script holding many requests of one customer open must not hold the node's workers), local by
     * nature like a thread pool. The turns themselves are cluster-wide.
     */
    private static final Map<StoreEntry.Key, AtomicInteger> WAITING = new ConcurrentHashMap<>();

    private static final Logger LOG = Logger.getLogger(CustomerCredentialCheck.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerCredentialCheck(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Checks {@code password} as the customer's current password; a refusal is recorded as {@code
     * event}'s error and thrown as a 401. A locked account is refused unchecked; a wrong password
     * counts as a failed login, and is remembered, so the same wrong password sent again (a
     * storefront's retry) is refused without counting twice ({@link RepeatedPasswordFailures}).
     */
    public void password(UserModel user, String password, EventBuilder event) {
        inTurn(
                user,
                event,
                () -> {
                    RepeatedPasswordFailures failures =
                            new RepeatedPasswordFailures(session, realm);
                    String login = user.getEmail() != null ? user.getEmail() : user.getUsername();
                    if (failures.isRepeat(login, user, password)) {
                        event.detail(
                                        Details.REASON,
                                        "The password just refused as wrong, again; not counted"
                                                + " again")
                                .error(Errors.INVALID_USER_CREDENTIALS);
                        throw EmporixException.unauthorized("Invalid password");
                    }
                    if (!user.credentialManager().isValid(UserCredentialModel.password(password))) {
                        long since = Time.currentTimeMillis();
                        int before = (int) failures(user)[1];
                        new BruteForce(session, realm).failedPassword(user);
                        failures.remember(login, user, password);
                        awaitRecorded(user, since, before);
                        event.detail(Details.REASON, "wrong password")
                                .error(Errors.INVALID_USER_CREDENTIALS);
                        throw EmporixException.unauthorized("Invalid password");
                    }
                });
    }

    /**
     * Checks {@code code} as a current one-time code of one of the customer's devices (Keycloak's
     * OTP credential provider and the realm's OTP policy; a code works once); a wrong code counts
     * for brute-force detection as at login, and is a 401 {@code invalid_otp}.
     */
    public void oneTimeCode(UserModel user, String code, EventBuilder event) {
        inTurn(
                user,
                event,
                () -> {
                    // Keycloak's OTP provider checks one device at a time (and takes a code once):
                    // any device's current code will do.
                    boolean valid =
                            user.credentialManager()
                                    .getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                                    .anyMatch(
                                            device ->
                                                    user.credentialManager()
                                                            .isValid(
                                                                    new UserCredentialModel(
                                                                            device.getId(),
                                                                            OTPCredentialModel.TYPE,
                                                                            code)));
                    if (!valid) {
                        long since = Time.currentTimeMillis();
                        int before = (int) failures(user)[1];
                        new BruteForce(session, realm).failedCode(user);
                        awaitRecorded(user, since, before);
                        event.detail(Details.REASON, "wrong one-time code")
                                .error(DirectGrantOtp.INVALID_OTP);
                        throw EmporixException.of(
                                401, "invalid_otp", "The one-time code is not valid");
                    }
                });
    }

    /**
     * Checks a passkey assertion of {@code user} ({@code assertion}: Keycloak's credential provider
     * checking the signature, challenge, origin, relying party, flags and counter). A refusal
     * counts like a wrong password; its answer is {@code refusal}'s, given the library's exception
     * (null when the provider found nothing to accept: an unknown credential). A locked customer is
     * refused unchecked, with {@code refusal} of null.
     */
    public void passkey(
            UserModel user,
            BooleanSupplier assertion,
            EventBuilder event,
            Function<RuntimeException, EmporixException> refusal) {
        try {
            inTurn(
                    user,
                    event,
                    () -> {
                        boolean valid;
                        String why = "no such passkey of the customer";
                        RuntimeException refused = null;
                        try {
                            valid = assertion.getAsBoolean();
                        } catch (RuntimeException e) {
                            // WebAuthn4J's refusals (a counter that went back, a bad signature,
                            // ...) are exceptions: a refused assertion all the same.
                            valid = false;
                            refused = e;
                            // The library's message may quote what was sent: bounded.
                            String message = String.valueOf(e.getMessage());
                            why =
                                    e.getClass().getSimpleName()
                                            + ": "
                                            + message.substring(0, Math.min(160, message.length()));
                        }
                        if (!valid) {
                            long since = Time.currentTimeMillis();
                            int before = (int) failures(user)[1];
                            new BruteForce(session, realm).failedPasskey(user);
                            awaitRecorded(user, since, before);
                            event.detail(Details.REASON, why)
                                    .error(Errors.INVALID_USER_CREDENTIALS);
                            throw new PasskeyRefused(refusal.apply(refused));
                        }
                    });
        } catch (PasskeyRefused e) {
            throw e.answer;
        } catch (EmporixException e) {
            // Locked, or no turn: refused unchecked, as the login refuses.
            throw e.status() == 401 ? refusal.apply(null) : e;
        }
    }

    /** Carries the assertion's own refusal past {@link #inTurn}'s. */
    private static final class PasskeyRefused extends RuntimeException {
        final EmporixException answer;

        PasskeyRefused(EmporixException answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    private void inTurn(UserModel user, EventBuilder event, Runnable check) {
        StoreEntry.Key turn = StoreEntry.CREDENTIAL_CHECK_TURN.key(realm, user.getId());
        if (!waitForTurn(turn)) {
            event.detail(
                            Details.REASON,
                            "another check of the customer's credentials took too long")
                    .error(Errors.USER_TEMPORARILY_DISABLED);
            throw EmporixException.unauthorized("Invalid password");
        }
        try {
            if (new BruteForce(session, realm).isLocked(user)) {
                event.detail(Details.REASON, "locked by brute-force detection")
                        .error(Errors.USER_TEMPORARILY_DISABLED);
                throw EmporixException.unauthorized("Invalid password");
            }
            check.run();
        } finally {
            // putIfAbsent and remove act at once, outside the request's transaction.
            SingleUseStore.of(session).remove(turn);
        }
    }

    private boolean waitForTurn(StoreEntry.Key turn) {
        if (SingleUseStore.of(session).putIfAbsent(turn, TURN_SECONDS)) {
            return true;
        }
        AtomicInteger waiting = WAITING.computeIfAbsent(turn, key -> new AtomicInteger());
        try {
            if (waiting.incrementAndGet() > MAX_WAITING) {
                return false;
            }
            long deadline = System.currentTimeMillis() + TURN_WAIT_MILLIS;
            int poll = FIRST_POLL_MILLIS;
            while (!SingleUseStore.of(session).putIfAbsent(turn, TURN_SECONDS)) {
                if (System.currentTimeMillis() > deadline || !pause(poll)) {
                    return false;
                }
                poll = Math.min(MAX_POLL_MILLIS, poll * 2);
            }
            return true;
        } finally {
            if (waiting.decrementAndGet() <= 0) {
                WAITING.remove(turn, waiting);
            }
        }
    }

    /**
     * Waits until Keycloak's detector (which counts on a worker thread) shows the failure of {@code
     * user} counted at {@code since}: a failure at or after that time, or a count other than {@code
     * before} (Keycloak clears a count older than its maximum delta, time and all).
     */
    private void awaitRecorded(UserModel user, long since, int before) {
        if (!realm.isBruteForceProtected()) {
            return;
        }
        long deadline = System.currentTimeMillis() + RECORD_WAIT_MILLIS;
        int poll = FIRST_POLL_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            long[] seen = failures(user);
            if (seen[0] >= since || seen[1] != before || !pause(poll)) {
                return;
            }
            poll = Math.min(MAX_POLL_MILLIS, poll * 2);
        }
        LOG.warnf(
                "Keycloak's brute-force detector did not record a failure of a customer of %s"
                        + " within %d ms",
                realm.getName(), RECORD_WAIT_MILLIS);
    }

    /**
     * The time of {@code user}'s last counted failure and the count, read in a session of its own
     * (this request's may have read them already).
     */
    private long[] failures(UserModel user) {
        String realmId = realm.getId();
        String userId = user.getId();
        return OwnTransaction.get(
                session,
                realmId,
                (own, ownRealm) -> {
                    UserLoginFailureModel failure =
                            own.loginFailures().getUserLoginFailure(ownRealm, userId);
                    return failure == null
                            ? new long[] {0L, 0L}
                            : new long[] {failure.getLastFailure(), failure.getNumFailures()};
                });
    }

    private static boolean pause(int millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
