package dev.kcemporix.auth.migration;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.TenantRealms;
import dev.kcemporix.auth.selfservice.PasswordMigrationMails;

/**
 * The retention window's two days (contract section 9), acted on once per tenant and date: on or
 * after {@code emailReminderDate}, one reminder mail to each customer still on a legacy hash (when
 * notifications are on); on or after {@code retentionEndDate}, the legacy hashes are removed (a
 * {@code REMOVE_CREDENTIAL} event each) and those customers get the reset mail of section 7 (when
 * notifications are on). Which date was done is kept as realm attributes, so a changed window is
 * acted on again and every node knows; Keycloak's scheduler runs the job on one node of a cluster at
 * a time ({@link RetentionJobFactory}). Customers are handled in small transactions of their own: a
 * failure stops nothing else, and a run cut short is finished by the next one (a reminder may then
 * go out twice; a removal never repeats, there is nothing left to remove).
 */
public final class RetentionJob implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    /** The reminder date whose mails went out, and the end date whose hashes were removed. */
    static final String REMINDED_FOR = "emporix.migration.remindedFor";
    static final String REMOVED_FOR = "emporix.migration.removedFor";
    private static final int BATCH = 50;
    /** System property that lets the admin "run now" call move the job's day (tests only). */
    public static final String TEST_CLOCK = "emporix.testing.jobClock";

    /** What one run did for a tenant: the day it took as today, mails of reminder sent, customers whose legacy hash it removed. */
    public record Outcome(String today, int reminded, int removed) {
    }

    private enum Step { NONE, REMIND, REMOVE }

    @Override
    public void run(KeycloakSession session) {
        LocalDate today = RetentionWindow.today();
        List<String> tenants = session.realms().getRealmsStream().filter(TenantRealms::isEnabled)
                .filter(realm -> realm.getAttribute(RetentionWindow.END) != null).map(RealmModel::getId).toList();
        for (String realmId : tenants) {
            try {
                Outcome outcome = runFor(session.getKeycloakSessionFactory(), realmId, today);
                if (outcome.reminded() + outcome.removed() > 0) {
                    LOG.infof("Password migration of realm %s: %d reminders, %d legacy hashes removed", realmId, outcome.reminded(), outcome.removed());
                }
            } catch (RuntimeException e) {
                LOG.warnf("Password migration job of realm %s failed: %s", realmId, e.getClass().getName());
            }
        }
    }

    /** Today by Keycloak's clock, or {@code moved} where the server allows tests to move the job's day. */
    public static LocalDate today(String moved) {
        if (moved == null || moved.isBlank()) {
            return RetentionWindow.today();
        }
        if (!Boolean.getBoolean(TEST_CLOCK)) {
            throw EmporixException.badRequest("today is accepted only by a test server (system property " + TEST_CLOCK + ")");
        }
        try {
            return LocalDate.parse(moved.trim());
        } catch (DateTimeParseException e) {
            throw EmporixException.badRequest("today must be a date YYYY-MM-DD");
        }
    }

    /** Runs the job for one tenant as of {@code today}. */
    public static Outcome runFor(KeycloakSessionFactory factory, String realmId, LocalDate today) {
        record Plan(Step step, String date, boolean notifications, List<String> customers) {
        }
        Plan plan = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            RetentionConfig config = realm == null ? null : new RetentionWindow(session, realm).config();
            if (config == null) {
                return new Plan(Step.NONE, null, false, List.of());
            }
            session.getContext().setRealm(realm);
            LocalDate end = date(config.retentionEndDate());
            LocalDate reminder = date(config.emailReminderDate());
            Step step = Step.NONE;
            String date = null;
            if (end != null && !today.isBefore(end) && !end.toString().equals(realm.getAttribute(REMOVED_FOR))) {
                step = Step.REMOVE;
                date = end.toString();
            } else if (config.emailNotificationsEnabled() && reminder != null && !today.isBefore(reminder)
                    && (end == null || today.isBefore(end)) && !reminder.toString().equals(realm.getAttribute(REMINDED_FOR))) {
                step = Step.REMIND;
                date = reminder.toString();
            }
            List<String> customers = step == Step.NONE ? List.of()
                    : session.users().searchForUserByUserAttributeStream(realm, RetentionWindow.LEGACY_MARK, "true").map(UserModel::getId).toList();
            return new Plan(step, date, config.emailNotificationsEnabled(), customers);
        });
        if (plan.step() == Step.NONE) {
            return new Outcome(today.toString(), 0, 0);
        }
        String endDate = plan.step() == Step.REMOVE ? plan.date() : null;
        int done = 0;
        for (int from = 0; from < plan.customers().size(); from += BATCH) {
            List<String> batch = plan.customers().subList(from, Math.min(from + BATCH, plan.customers().size()));
            done += KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                String end = endDate != null ? endDate : new RetentionWindow(session, realm).config().retentionEndDate();
                int count = 0;
                for (String id : batch) {
                    UserModel user = session.users().getUserById(realm, id);
                    if (user == null) {
                        continue;
                    }
                    if (plan.step() == Step.REMOVE) {
                        count += removeLegacyHash(session, realm, user, plan.notifications()) ? 1 : 0;
                    } else if (user.isEnabled() && RetentionWindow.hasLegacyHash(user)
                            && new PasswordMigrationMails(session, realm).remind(user, end)) {
                        count++;
                    }
                }
                return count;
            });
        }
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            realm.setAttribute(plan.step() == Step.REMOVE ? REMOVED_FOR : REMINDED_FOR, plan.date());
        });
        return plan.step() == Step.REMOVE ? new Outcome(today.toString(), 0, done) : new Outcome(today.toString(), done, 0);
    }

    /**
     * Removes {@code user}'s legacy password hash, if any is left, and the legacy mark; sends the
     * reset mail when notifications are on. True when a hash was removed.
     */
    private static boolean removeLegacyHash(KeycloakSession session, RealmModel realm, UserModel user, boolean notify) {
        List<String> legacy = user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .filter(credential -> RetentionWindow.isLegacy(PasswordCredentialModel.createFromCredentialModel(credential)))
                .map(credential -> credential.getId()).toList();
        for (String id : legacy) {
            user.credentialManager().removeStoredCredentialById(id);
        }
        user.removeAttribute(RetentionWindow.LEGACY_MARK);
        if (legacy.isEmpty()) {
            return false;
        }
        new EventBuilder(realm, session).event(EventType.REMOVE_CREDENTIAL).user(user).detail(Details.CREDENTIAL_TYPE, PasswordCredentialModel.TYPE)
                .detail(Details.REASON, "password migration: the retention window ended").success();
        if (notify && user.isEnabled()) {
            new PasswordMigrationMails(session, realm).resetAfterRemoval(user);
        }
        return true;
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
