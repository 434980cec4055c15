package dev.kcemporix.auth.migration;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.customer.PasswordMigrationMails;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The retention window's two days (docs/endpoints.md, *Moving from Emporix*): from {@code
 * emailReminderDate} on (before the end day), one reminder mail to each customer still on a legacy
 * hash, when notifications are on; from {@code retentionEndDate} on, the legacy hashes are removed
 * (a {@code REMOVE_CREDENTIAL} event each) and, when notifications are on, those customers get the
 * reset mail of self-service.
 *
 * <p>What each customer got is kept on the customer (user attributes): a run that stops half-way, a
 * mail server that is down, customers imported after the reminder day, a window moved to new dates
 * are all picked up by the next run, and nobody gets a mail twice. The reset mail is sent only
 * after the removal committed, and is owed until it could be sent. Keycloak's scheduler starts the
 * job on one node of a cluster per interval ({@link RetentionJobFactory}); the work runs on an
 * executor (the scheduler's one thread stays free for Keycloak's own tasks) under a cluster-wide
 * lock per tenant, which the admin "run now" call takes too.
 */
public final class RetentionJob implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    /** On a customer: the reminder date whose mail they got. */
    static final String REMINDED_FOR = "emporix.migration.remindedFor";

    /** On a customer whose legacy hash was removed: the reset mail not sent yet. */
    static final String RESET_OWED = "emporix.migration.resetMailOwed";

    /** System property that lets the admin "run now" call move the job's day (tests only). */
    public static final String TEST_CLOCK = "emporix.testing.jobClock";

    /** How long a tenant's lock may be held (a node that died holding it lets go after this). */
    private static final int LOCK_SECONDS = 6 * 3600;

    private static final int BATCH = 50;

    /**
     * What one run did for a tenant: the day it took as today, reminder mails sent, customers whose
     * legacy hash it removed.
     */
    public record Outcome(String today, int reminded, int removed) {}

    private enum Step {
        NONE,
        REMIND,
        REMOVE
    }

    @Override
    public void run(KeycloakSession session) {
        LocalDate today = RetentionWindow.today();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        List<String> tenants =
                session.realms()
                        .getRealmsStream()
                        .filter(TenantRealms::isEnabled)
                        .filter(realm -> realm.getAttribute(RetentionWindow.END) != null)
                        .map(RealmModel::getId)
                        .toList();
        if (tenants.isEmpty()) {
            return;
        }
        session.getProvider(ExecutorsProvider.class)
                .getExecutor(RetentionJobFactory.ID)
                .execute(
                        () -> {
                            for (String realmId : tenants) {
                                try {
                                    Outcome outcome = runLocked(factory, realmId, today);
                                    if (outcome != null
                                            && outcome.reminded() + outcome.removed() > 0) {
                                        LOG.infof(
                                                "Password migration of realm %s: %d reminders, %d"
                                                        + " legacy hashes removed",
                                                realmId, outcome.reminded(), outcome.removed());
                                    }
                                } catch (RuntimeException e) {
                                    LOG.warnf(
                                            "Password migration job of realm %s failed: %s",
                                            realmId, e.getClass().getName());
                                }
                            }
                        });
    }

    /**
     * Today by Keycloak's clock, or {@code moved} where the server allows tests to move the job's
     * day.
     */
    public static LocalDate today(String moved) {
        if (moved == null || moved.isBlank()) {
            return RetentionWindow.today();
        }
        if (!Boolean.getBoolean(TEST_CLOCK)) {
            throw EmporixException.badRequest(
                    "today is accepted only by a test server (system property " + TEST_CLOCK + ")");
        }
        try {
            return LocalDate.parse(moved.trim());
        } catch (DateTimeParseException e) {
            throw EmporixException.badRequest("today must be a date YYYY-MM-DD");
        }
    }

    /**
     * Runs the job for one tenant as of {@code today} under the tenant's cluster-wide lock; null
     * when a run holds it already.
     */
    public static Outcome runLocked(
            KeycloakSessionFactory factory, String realmId, LocalDate today) {
        try (KeycloakSession session = factory.create()) {
            ExecutionResult<Outcome> result =
                    session.getProvider(ClusterProvider.class)
                            .executeIfNotExecuted(
                                    RetentionJobFactory.ID + ":" + realmId,
                                    LOCK_SECONDS,
                                    () -> runFor(factory, realmId, today));
            return result.isExecuted() ? result.getResult() : null;
        }
    }

    private static Outcome runFor(KeycloakSessionFactory factory, String realmId, LocalDate today) {
        record Plan(Step step, String date, boolean notifications, List<String> customers) {}
        Plan plan =
                KeycloakModelUtils.runJobInTransactionWithResult(
                        factory,
                        session -> {
                            RealmModel realm = session.realms().getRealm(realmId);
                            RetentionConfig config =
                                    realm == null
                                            ? null
                                            : new RetentionWindow(session, realm).config();
                            if (config == null) {
                                return new Plan(Step.NONE, null, false, List.of());
                            }
                            session.getContext().setRealm(realm);
                            LocalDate end = date(config.retentionEndDate());
                            LocalDate reminder = date(config.emailReminderDate());
                            Step step = Step.NONE;
                            String date = null;
                            if (end != null && !today.isBefore(end)) {
                                step = Step.REMOVE;
                                date = end.toString();
                            } else if (config.emailNotificationsEnabled()
                                    && reminder != null
                                    && !today.isBefore(reminder)) {
                                step = Step.REMIND;
                                date = reminder.toString();
                            }
                            List<String> customers =
                                    step == Step.NONE
                                            ? List.of()
                                            // A lambda, not UserModel::getId: compiled against 26.7
                                            // that method reference names the Model
                                            // interface 26.7 introduced, which 26.5 does not have
                                            // (NoClassDefFoundError there).
                                            : session.users()
                                                    .searchForUserByUserAttributeStream(
                                                            realm,
                                                            RetentionWindow.LEGACY_MARK,
                                                            "true")
                                                    .map(user -> user.getId())
                                                    .toList();
                            return new Plan(
                                    step, date, config.emailNotificationsEnabled(), customers);
                        });
        if (plan.step() == Step.NONE) {
            return new Outcome(today.toString(), 0, 0);
        }
        int done = 0;
        if (plan.step() == Step.REMIND) {
            for (int from = 0; from < plan.customers().size(); from += BATCH) {
                List<String> batch =
                        plan.customers()
                                .subList(from, Math.min(from + BATCH, plan.customers().size()));
                done +=
                        inRealm(
                                factory,
                                realmId,
                                (session, realm) -> {
                                    String end =
                                            new RetentionWindow(session, realm)
                                                    .config()
                                                    .retentionEndDate();
                                    int sent = 0;
                                    for (String id : batch) {
                                        sent +=
                                                remind(
                                                                session,
                                                                realm,
                                                                session.users()
                                                                        .getUserById(realm, id),
                                                                plan.date(),
                                                                end)
                                                        ? 1
                                                        : 0;
                                    }
                                    return sent;
                                });
            }
        } else {
            for (String id : plan.customers()) {
                done +=
                        inRealm(
                                factory,
                                realmId,
                                (session, realm) ->
                                        removeLegacyHash(
                                                        session,
                                                        realm,
                                                        session.users().getUserById(realm, id),
                                                        plan.notifications())
                                                ? 1
                                                : 0);
                inRealm(
                        factory,
                        realmId,
                        (session, realm) ->
                                sendOwedResetMail(
                                                session,
                                                realm,
                                                session.users().getUserById(realm, id))
                                        ? 1
                                        : 0);
            }
        }
        return plan.step() == Step.REMOVE
                ? new Outcome(today.toString(), 0, done)
                : new Outcome(today.toString(), done, 0);
    }

    /**
     * Runs {@code work} in a transaction of its own with the tenant as the session's realm; 0 when
     * the realm is gone.
     */
    private static int inRealm(
            KeycloakSessionFactory factory,
            String realmId,
            java.util.function.BiFunction<KeycloakSession, RealmModel, Integer> work) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(
                    factory,
                    session -> {
                        RealmModel realm = session.realms().getRealm(realmId);
                        if (realm == null) {
                            return 0;
                        }
                        session.getContext().setRealm(realm);
                        return work.apply(session, realm);
                    });
        } catch (RuntimeException e) {
            // One customer's failure (a malformed credential, a deadlock) stops nobody else; the
            // next run tries again.
            LOG.warnf(
                    "Password migration of realm %s: a customer was skipped: %s",
                    realmId, e.getClass().getName());
            return 0;
        }
    }

    /** The reminder of {@code reminderDate}, once, to a customer still on a legacy hash. */
    private static boolean remind(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            String reminderDate,
            String endDate) {
        if (user == null
                || !user.isEnabled()
                || reminderDate.equals(user.getFirstAttribute(REMINDED_FOR))
                || !RetentionWindow.hasLegacyHash(user)) {
            return false;
        }
        if (!new PasswordMigrationMails(session, realm).remind(user, endDate)) {
            return false;
        }
        user.setSingleAttribute(REMINDED_FOR, reminderDate);
        return true;
    }

    /**
     * Removes {@code user}'s legacy password hash, if any is left; the reset mail is then owed
     * (when notifications are on). A customer with nothing legacy and nothing owed is done: their
     * marks go. True when this run removed a hash.
     */
    private static boolean removeLegacyHash(
            KeycloakSession session, RealmModel realm, UserModel user, boolean notifications) {
        if (user == null) {
            return false;
        }
        List<String> legacy =
                user.credentialManager()
                        .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                        .filter(
                                credential ->
                                        RetentionWindow.isLegacy(
                                                PasswordCredentialModel.createFromCredentialModel(
                                                        credential)))
                        .map(credential -> credential.getId())
                        .toList();
        boolean removed = false;
        for (String id : legacy) {
            // False when another run removed it first: then that run says so and sends the mail.
            removed |= user.credentialManager().removeStoredCredentialById(id);
        }
        if (removed) {
            new EventBuilder(realm, session)
                    .event(EventType.REMOVE_CREDENTIAL)
                    .user(user)
                    .detail(Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE)
                    .detail(Details.REASON, "password migration: the retention window ended")
                    .success();
            if (notifications && user.isEnabled() && user.getEmail() != null) {
                user.setSingleAttribute(RESET_OWED, "true");
            }
        }
        if (user.getFirstAttribute(RESET_OWED) == null) {
            done(user);
        }
        return removed;
    }

    /**
     * The reset mail owed to {@code user}, after the removal committed; kept owed while it cannot
     * be sent.
     */
    private static boolean sendOwedResetMail(
            KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || user.getFirstAttribute(RESET_OWED) == null) {
            return false;
        }
        if (!user.isEnabled()
                || new PasswordMigrationMails(session, realm).resetAfterRemoval(user)) {
            done(user);
            return true;
        }
        return false;
    }

    private static void done(UserModel user) {
        user.removeAttribute(RESET_OWED);
        user.removeAttribute(REMINDED_FOR);
        user.removeAttribute(RetentionWindow.LEGACY_MARK);
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
