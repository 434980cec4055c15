package dev.kcemporix.auth.passkeys;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.WebAuthnPolicy;

/**
 * Passkeys, where the realm's passwordless policy has them on: what the API's ceremonies need from
 * Keycloak's settings, which an admin sets outside the Emporix tab.
 */
public final class PasskeysHealthCheck implements TenantHealthCheck {

    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        WebAuthnPolicy policy = realm.getWebAuthnPolicyPasswordless();
        if (!Boolean.TRUE.equals(policy.isPasskeysEnabled())) {
            return List.of();
        }
        List<HealthFinding> findings = new ArrayList<>();
        if (policy.getExtraOrigins() == null || policy.getExtraOrigins().isEmpty()) {
            findings.add(
                    new HealthFinding(
                            "passkeys-no-storefront-origin",
                            "Passkeys are on but the passwordless policy names no extra origin: a"
                                    + " ceremony run by a storefront page (any origin but"
                                    + " Keycloak's own) is refused",
                            "Authentication → Policies → Webauthn Passwordless Policy → Extra"
                                    + " Origins: the storefront's origin"));
        }
        RequiredActionProviderModel register =
                realm.getRequiredActionProviderByAlias(
                        WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
        if (register == null || !register.isEnabled()) {
            findings.add(
                    new HealthFinding(
                            "passkeys-registration-off",
                            "Passkeys are on but Keycloak's required action Webauthn Register"
                                    + " Passwordless is not enabled: adding a passkey through the"
                                    + " API answers 403",
                            "Authentication → Required actions → Webauthn Register Passwordless:"
                                    + " enabled"));
        }
        return findings;
    }
}
