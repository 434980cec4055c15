package dev.kcemporix.auth.selfservice;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** What sign-up needs from a tenant: registration on, and an opt-in where it hides who exists. */
public final class SignUpHealthCheck implements TenantHealthCheck {

    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        List<HealthFinding> findings = new ArrayList<>();
        if (TenantRealms.isEnumerationSafe(realm)
                && !realm.isVerifyEmail()
                && realm.isRegistrationAllowed()) {
            findings.add(
                    new HealthFinding(
                            "enumeration-safe-without-opt-in",
                            "Enumeration-safe sign-up without double opt-in hides nothing: whoever"
                                    + " signs up a free address can log in with it at once",
                            "Realm settings → Login → Verify email on (double opt-in)"));
        }
        if (!realm.isRegistrationAllowed()) {
            findings.add(
                    new HealthFinding(
                            "registration-off",
                            "User registration is off: sign-up answers 403",
                            "Realm settings → Login → User registration on, if customers may sign"
                                    + " up"));
        }
        return findings;
    }
}
