package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import dev.kcemporix.auth.keycloak.CustomerCredentialCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.theme.Theme;
import org.keycloak.userprofile.ValidationException;

/**
 * What the self-service calls share: password rules and checks through Keycloak (its password
 * policy with the policy's own message, its credential manager, its brute-force counter), and
 * Keycloak's user-profile validation errors in the contract's shape.
 */
public final class CustomerAccounts {

    static final int MIN_PASSWORD = 6;

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerAccounts(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The contract's minimum, then the realm's password policy, its message in {@code details}. */
    public void checkNewPassword(String field, String username, String password) {
        if (password.length() < MIN_PASSWORD) {
            throw EmporixException.badRequest(
                    "Invalid password",
                    new Detail(
                            field,
                            "too_short",
                            field + " must be at least " + MIN_PASSWORD + " characters"));
        }
        PolicyError error =
                session.getProvider(PasswordPolicyManagerProvider.class)
                        .validate(username, password);
        if (error != null) {
            throw EmporixException.badRequest(
                    "The password does not meet the password policy",
                    new Detail(
                            field,
                            "password_policy",
                            message(error.getMessage(), error.getParameters())));
        }
    }

    /**
     * Sets the password through Keycloak's credential manager; a policy Keycloak enforces there too
     * is a 400.
     */
    public void setPassword(UserModel user, String field, String password) {
        try {
            user.credentialManager()
                    .updateCredential(UserCredentialModel.password(password, false));
        } catch (RuntimeException e) {
            // PasswordPolicyNotMetException (password history, ...) and the like: never the
            // password itself.
            throw EmporixException.badRequest(
                    "The password does not meet the password policy",
                    new Detail(field, "password_policy", message(e.getMessage(), new Object[0])));
        }
        user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
    }

    /**
     * Checks a password the customer typed, as a login would, serialized with Keycloak's
     * brute-force state ({@link CustomerCredentialCheck}); a refusal is {@code event}'s error and a
     * 401.
     */
    public void checkPassword(UserModel user, String password, EventBuilder event) {
        new CustomerCredentialCheck(session, realm).password(user, password, event);
    }

    /** Keycloak's user-profile validation errors as the contract's details, field by field. */
    public EmporixException invalidProfile(List<ValidationException.Error> errors) {
        List<Detail> details = new ArrayList<>();
        for (ValidationException.Error error : errors) {
            details.add(
                    new Detail(
                            error.getAttribute(),
                            "invalid",
                            message(error.getMessage(), error.getMessageParameters())));
        }
        return EmporixException.badRequest("Invalid customer data", details.toArray(Detail[]::new));
    }

    /**
     * A message key of Keycloak's (policy, user profile) in the realm's login theme, in English.
     */
    String message(String key, Object[] parameters) {
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            String pattern = theme.getMessages(Locale.ENGLISH).getProperty(key, key);
            return new java.text.MessageFormat(pattern, Locale.ENGLISH)
                    .format(parameters == null ? new Object[0] : parameters);
        } catch (java.io.IOException | RuntimeException e) {
            return key;
        }
    }
}
