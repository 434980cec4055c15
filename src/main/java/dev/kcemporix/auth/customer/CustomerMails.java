package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.keycloak.AddressDigests;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.OwnTransaction;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.UserModelDelegate;

/**
 * The self-service e-mails, through Keycloak's e-mail sender, the realm's SMTP settings and the
 * realm's e-mail theme (our {@code emporix} theme by default: HTML and text, translatable).
 *
 * <ul>
 *   <li>Sent after the request's transaction committed, from the node's bounded {@link MailQueue}:
 *       a request answers in the same time whether it sent a mail or not, so the timing does not
 *       tell whether an address has an account. A mail the queue cannot take is the kind's error
 *       event.
 *   <li>At most one mail of a kind to one address per throttle window (the tenant's {@link
 *       TenantSetting#MAIL_THROTTLE}, 60 s by default), whoever asks, counted in Keycloak's
 *       cluster-wide single-use store: a script cannot turn the shop into a mail cannon. The
 *       request's answer does not change, so a throttled request tells nothing either.
 *   <li>A link goes to the tenant's storefront URL only ({@link StorefrontLinks}); without one the
 *       mail is not sent: an error event and a line in the log, and the health report says what is
 *       missing.
 *   <li>Nothing of a mail, its link or its token is logged.
 * </ul>
 */
public final class CustomerMails {

    /**
     * Sign-in notices to one customer within {@link #NOTICE_WINDOW_SECONDS}: each change is told, a
     * loop of changes is not a mail cannon.
     */
    static final int NOTICES_PER_WINDOW = 10;

    static final int NOTICE_WINDOW_SECONDS = 600;

    /**
     * 4,096 buckets: as many throttle entries as addresses without an account can cost, per kind
     * and tenant.
     */
    static final int NONE_BUCKET_DIGITS = 3;

    private static final Logger LOG = Logger.getLogger(CustomerMails.class);

    /**
     * What a mail is: its template, the storefront page its link opens (null: no link), and the
     * error event of a mail not sent.
     */
    public enum Kind {
        OPT_IN(
                "emporix-opt-in.ftl",
                StorefrontLinks.OPT_IN_PAGE,
                CustomerActionToken.OPT_IN,
                EventType.SEND_VERIFY_EMAIL_ERROR),
        RESET_PASSWORD(
                "emporix-reset-password.ftl",
                StorefrontLinks.RESET_PAGE,
                CustomerActionToken.RESET_PASSWORD,
                EventType.SEND_RESET_PASSWORD_ERROR),
        CHANGE_EMAIL(
                "emporix-change-email.ftl",
                StorefrontLinks.EMAIL_CHANGE_PAGE,
                CustomerActionToken.CHANGE_EMAIL,
                EventType.SEND_VERIFY_EMAIL_ERROR),
        /** To the old address: a change of the login e-mail was asked for. */
        EMAIL_CHANGE_NOTICE(
                "emporix-email-change-notice.ftl", null, null, EventType.SEND_VERIFY_EMAIL_ERROR),
        /** To the owner of an address someone tried to sign up with (enumeration-safe tenants). */
        ACCOUNT_EXISTS("emporix-account-exists.ftl", null, null, EventType.REGISTER_ERROR),
        /**
         * To the owner of an address another customer asked to move their login to
         * (enumeration-safe tenants).
         */
        ADDRESS_IN_USE("emporix-address-in-use.ftl", null, null, EventType.UPDATE_EMAIL_ERROR),
        /**
         * To a customer still on an imported legacy password hash, on the retention window's
         * reminder day.
         */
        PASSWORD_MIGRATION_REMINDER(
                "emporix-password-migration-reminder.ftl",
                null,
                null,
                EventType.SEND_RESET_PASSWORD_ERROR),
        /**
         * To the customer: how they sign in changed (the password, the login e-mail, a second
         * factor added or removed), whoever changed it and wherever. Never throttled: a notice is
         * what tells the shopper of a takeover.
         */
        SIGN_IN_NOTICE("emporix-sign-in-notice.ftl", null, null, EventType.UPDATE_CREDENTIAL_ERROR),
        /**
         * To a customer whose legacy password hash was removed at the window's end: set a new
         * password.
         */
        PASSWORD_MIGRATION_RESET(
                "emporix-password-migration-reset.ftl",
                StorefrontLinks.RESET_PAGE,
                CustomerActionToken.RESET_PASSWORD,
                EventType.SEND_RESET_PASSWORD_ERROR);

        final String template;
        final String page;
        final String action;
        final EventType errorEvent;

        Kind(String template, String page, String action, EventType errorEvent) {
            this.template = template;
            this.page = page;
            this.action = action;
            this.errorEvent = errorEvent;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerMails(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Sends a mail of {@code kind} about {@code user} to {@code to} (null: the user's address) once
     * the request's transaction has committed. A kind with a link needs the one-time {@code token}
     * it carries; {@code site} chooses the storefront of a tenant with several. {@code more} are
     * further template attributes.
     */
    public void send(
            Kind kind,
            UserModel user,
            String to,
            String site,
            String token,
            Map<String, Object> more) {
        String address = to != null ? to : user.getEmail();
        if (address == null || address.isBlank()) {
            return;
        }
        Map<String, Object> attributes =
                attributes(
                        kind,
                        user,
                        site,
                        token,
                        kind.action == null
                                ? 0
                                : realm.getActionTokenGeneratedByUserLifespan(kind.action),
                        more);
        if (attributes == null) {
            return;
        }
        String userId = user.getId();
        afterCommitIfFirst(
                kind.name(), address, () -> queue(kind, userId, address, attributes, false));
    }

    /**
     * Hands a mail to the node's queue (after the commit); one the queue cannot take is the kind's
     * error event. A {@code notice} is not held to the tenant's share of the queue.
     */
    private void queue(
            Kind kind,
            String userId,
            String address,
            Map<String, Object> attributes,
            boolean notice) {
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        Runnable delivery =
                () ->
                        KeycloakModelUtils.runJobInTransaction(
                                factory,
                                worker ->
                                        deliver(
                                                worker,
                                                realmId,
                                                userId,
                                                address,
                                                kind,
                                                attributes,
                                                false));
        MailQueue queue = session.getProvider(MailQueue.class);
        boolean queued = notice ? queue.offerNotice(delivery) : queue.offer(realmId, delivery);
        if (!queued) {
            LOG.warnf(
                    "The mail queue is full: a %s mail of tenant %s was not sent",
                    kind, realm.getName());
            OwnTransaction.run(
                    factory,
                    realmId,
                    (own, ownRealm) ->
                            new EventBuilder(ownRealm, own)
                                    .event(kind.errorEvent)
                                    .user(userId)
                                    .detail(Details.REASON, "The mail queue is full")
                                    .error("email_send_failed"));
        }
    }

    /**
     * Sends a security notice of {@code kind} about {@code user} to {@code to} (null: the user's
     * address) once the request's transaction has committed, never throttled: the shopper must hear
     * of every change to how they sign in. A notice the node's queue cannot take is an error event
     * and a log line, never dropped silently.
     */
    void notice(Kind kind, UserModel user, String to, Map<String, Object> more) {
        String address = to != null ? to : user.getEmail();
        if (address == null || address.isBlank()) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>(more);
        SingleUseStore store = SingleUseStore.of(session);
        String userId = user.getId();
        session.getTransactionManager()
                .enlistAfterCompletion(
                        afterCommit(
                                () -> {
                                    if (withinNoticeAllowance(store, userId)) {
                                        queue(kind, userId, address, attributes, true);
                                    } else {
                                        // Loud, never silent: a script changing an account of its
                                        // own in a loop must not turn notices into a mail cannon.
                                        LOG.warnf(
                                                "Tenant %s: more than %d sign-in notices to one"
                                                        + " customer within %d s; this one was not"
                                                        + " sent",
                                                realm.getName(),
                                                NOTICES_PER_WINDOW,
                                                NOTICE_WINDOW_SECONDS);
                                        OwnTransaction.run(
                                                session,
                                                realm.getId(),
                                                (own, ownRealm) ->
                                                        new EventBuilder(ownRealm, own)
                                                                .event(kind.errorEvent)
                                                                .user(userId)
                                                                .detail(
                                                                        Details.REASON,
                                                                        "Too many sign-in notices"
                                                                            + " to one customer")
                                                                .error("notice_rate_limited"));
                                    }
                                }));
    }

    /**
     * Takes one of the customer's {@value #NOTICES_PER_WINDOW} notices of the window (cluster-wide,
     * one entry each).
     */
    private boolean withinNoticeAllowance(SingleUseStore store, String userId) {
        for (int n = 1; n <= NOTICES_PER_WINDOW; n++) {
            if (store.putIfAbsent(
                    StoreEntry.NOTICE_SENT.key(realm, userId, n), NOTICE_WINDOW_SECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends a mail of {@code kind} to {@code user} now, from this session (a background job's: no
     * request waits, and a job's many mails must not overflow the request mail queue); no throttle,
     * the job sends each mail once. A link's token lives {@code linkLifespanSeconds}. False when
     * the mail could not be sent (its error event says why).
     */
    boolean sendNow(
            Kind kind,
            UserModel user,
            String token,
            int linkLifespanSeconds,
            Map<String, Object> more) {
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            return false;
        }
        Map<String, Object> attributes =
                attributes(
                        kind,
                        user,
                        user.getFirstAttribute("preferredSite"),
                        token,
                        linkLifespanSeconds,
                        more);
        // The customer's language, not that of whoever's request runs the job (an admin's "run
        // now").
        return attributes != null
                && deliver(
                        session,
                        realm.getId(),
                        user.getId(),
                        user.getEmail(),
                        kind,
                        attributes,
                        true);
    }

    /**
     * The template's attributes: {@code more}, and for a kind with a link the link and its
     * lifetime; null when no link can be made.
     */
    private Map<String, Object> attributes(
            Kind kind,
            UserModel user,
            String site,
            String token,
            int linkLifespanSeconds,
            Map<String, Object> more) {
        Map<String, Object> attributes = new HashMap<>(more);
        if (kind.page != null) {
            String link = StorefrontLinks.link(realm, site, kind.page, token);
            if (link == null) {
                LOG.warnf(
                        "Tenant %s has no storefront URL: a %s mail was not sent (see the tenant's"
                                + " health report)",
                        realm.getName(), kind);
                Events.of(session, realm, kind.errorEvent)
                        .user(user)
                        .detail(Details.REASON, "No storefront URL for e-mail links")
                        .error("storefront_url_missing");
                return null;
            }
            attributes.put("link", link);
            attributes.put("linkExpirationMinutes", linkLifespanSeconds / 60);
        }
        return attributes;
    }

    /**
     * For an address that gets no mail of {@code kind} (it has no account): the same throttle write
     * a mail would cost, in a namespace of its own (so it delays no real mail), so the answer takes
     * as long whether the address has an account or not. Keyed by the first {@value
     * #NONE_BUCKET_DIGITS} hex digits of the address's digest: a script of random addresses fills
     * at most that many entries per kind and tenant, not one per address.
     */
    public void sendNone(Kind kind, String address) {
        afterCommitIfFirst(
                kind.name() + "-none",
                address,
                AddressDigests.of(address).substring(0, NONE_BUCKET_DIGITS),
                () -> {});
    }

    /**
     * Once the request's transaction has committed: runs {@code send} if this is the first mail of
     * {@code kind} to {@code address} in the throttle window, which it marks (at once,
     * cluster-wide).
     */
    private void afterCommitIfFirst(String kind, String address, Runnable send) {
        afterCommitIfFirst(kind, address, AddressDigests.of(address), send);
    }

    private void afterCommitIfFirst(String kind, String address, String digest, Runnable send) {
        // Taken now: after the commit the session can no longer open the transaction the store
        // joins.
        SingleUseStore store = SingleUseStore.of(session);
        StoreEntry.Key key = StoreEntry.MAIL_SENT.key(realm, kind, digest);
        int window = TenantSetting.MAIL_THROTTLE.seconds(realm);
        session.getTransactionManager()
                .enlistAfterCompletion(
                        afterCommit(
                                () -> {
                                    if (store.putIfAbsent(key, window)) {
                                        send.run();
                                    } else {
                                        LOG.debugf(
                                                "A %s mail of tenant %s was throttled",
                                                kind, realm.getName());
                                    }
                                }));
    }

    private static AbstractKeycloakTransaction afterCommit(Runnable work) {
        return new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                work.run();
            }

            @Override
            protected void rollbackImpl() {}
        };
    }

    private static boolean deliver(
            KeycloakSession worker,
            String realmId,
            String userId,
            String address,
            Kind kind,
            Map<String, Object> attributes,
            boolean ignoreAcceptLanguage) {
        RealmModel realm = worker.realms().getRealm(realmId);
        if (realm == null) {
            return false;
        }
        worker.getContext().setRealm(realm);
        UserModel user = worker.users().getUserById(realm, userId);
        if (user == null) {
            return false;
        }
        UserModel recipient =
                address.equals(user.getEmail())
                        ? user
                        : new UserModelDelegate(user) {
                            @Override
                            public String getEmail() {
                                return address;
                            }
                        };
        try {
            Map<String, Object> body = new HashMap<>(attributes);
            // Keycloak's sender reads this from the template's attributes when it picks the mail's
            // language.
            body.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, ignoreAcceptLanguage);
            worker.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(recipient)
                    // Keycloak's sender adds its own attributes to the map it gets.
                    .send(
                            subjectKey(kind.template),
                            List.of(
                                    realm.getDisplayName() != null
                                            ? realm.getDisplayName()
                                            : realm.getName()),
                            kind.template,
                            body);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Could not send a %s mail of realm %s: %s", kind, realm.getName(), causes(e));
            new EventBuilder(realm, worker)
                    .event(kind.errorEvent)
                    .user(user)
                    .detail(Details.REASON, "Email could not be sent")
                    .error("email_send_failed");
            return false;
        }
    }

    /** The classes of the failure's causes, without messages: those could quote the mail. */
    private static String causes(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 300; t = t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " <- ").append(t.getClass().getName());
        }
        return chain.toString();
    }

    /** emporix-opt-in.ftl → emporixOptInSubject. */
    static String subjectKey(String template) {
        String[] words = template.replace(".ftl", "").split("-");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.append("Subject").toString();
    }
}
