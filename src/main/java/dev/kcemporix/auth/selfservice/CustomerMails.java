package dev.kcemporix.auth.selfservice;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.UserModelDelegate;

/**
 * The self-service e-mails, through Keycloak's e-mail sender, the realm's SMTP settings and the
 * realm's e-mail theme (our {@code emporix} theme by default: HTML and text, translatable). Sent
 * after the request's transaction committed, on a worker: a request answers in the same time
 * whether it sent a mail or not, so the timing does not tell whether an address has an account.
 * Nothing of a mail, its link or its token is logged.
 */
final class CustomerMails {

    private static final Logger LOG = Logger.getLogger(CustomerMails.class);

    static final String OPT_IN = "emporix-opt-in.ftl";
    static final String RESET_PASSWORD = "emporix-reset-password.ftl";
    static final String CHANGE_EMAIL = "emporix-change-email.ftl";
    static final String ACCOUNT_EXISTS = "emporix-account-exists.ftl";

    private CustomerMails() {
    }

    /**
     * Sends {@code template} to {@code user} (or, with {@code to}, to that address) once the
     * request's transaction has committed. A failure is the {@code errorEvent} of the user, with
     * no detail of the mail.
     */
    static void send(KeycloakSession session, RealmModel realm, UserModel user, String to, String template, Map<String, Object> attributes,
            EventType errorEvent) {
        String realmId = realm.getId();
        String userId = user.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService workers = session.getProvider(ExecutorsProvider.class).getExecutor("emporix-mail");
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                workers.execute(() -> KeycloakModelUtils.runJobInTransaction(factory,
                        worker -> deliver(worker, realmId, userId, to, template, attributes, errorEvent)));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void deliver(KeycloakSession worker, String realmId, String userId, String to, String template, Map<String, Object> attributes,
            EventType errorEvent) {
        RealmModel realm = worker.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        worker.getContext().setRealm(realm);
        UserModel user = worker.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        UserModel recipient = to == null ? user : new UserModelDelegate(user) {
            @Override
            public String getEmail() {
                return to;
            }
        };
        try {
            worker.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(recipient)
                    // Keycloak's sender adds its own attributes to the map it gets.
                    .send(subjectKey(template), List.of(realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName()), template,
                            new HashMap<>(attributes));
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Could not send the %s mail of realm %s: %s", template, realm.getName(), causes(e));
            new EventBuilder(realm, worker).event(errorEvent).user(user).detail("reason", "Email could not be sent").error("email_send_failed");
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
