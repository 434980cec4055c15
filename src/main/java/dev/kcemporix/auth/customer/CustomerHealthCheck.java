package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * What every customer needs from a tenant: the customer number declared in the user profile, and
 * what the customer mails need (an SMTP server, the storefront's pages to link to).
 */
public final class CustomerHealthCheck implements TenantHealthCheck {

    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        List<HealthFinding> findings = new ArrayList<>();
        if (StorefrontLinks.base(realm, null) == null) {
            findings.add(
                    new HealthFinding(
                            "no-storefront-url",
                            "No storefront URL: opt-in, password reset and e-mail change mails link"
                                    + " to the shop's pages, so none are sent",
                            "Emporix tab → Storefront URL (e.g. https://shop.example)"));
        }
        Map<String, String> smtp = realm.getSmtpConfig();
        String host = smtp == null ? null : smtp.get("host");
        if (host == null || host.isBlank()) {
            findings.add(
                    new HealthFinding(
                            "no-smtp",
                            "No SMTP server: sign-up opt-in, password reset and e-mail change mails"
                                    + " cannot be sent",
                            "Realm settings → Email: set the host and the From address"));
        }
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPConfig profile = profiles == null ? null : profiles.getConfiguration();
        if (profile != null
                && profile.getUnmanagedAttributePolicy()
                        == UPConfig.UnmanagedAttributePolicy.ENABLED) {
            findings.add(
                    new HealthFinding(
                            "customers-edit-internal-attributes",
                            "Unmanaged attributes are enabled for users: in Keycloak's account"
                                    + " console a customer can change the attributes the"
                                    + " extension keeps on them (emporix.*: the marks that make"
                                    + " e-mail links single-use, a passkey's last use)",
                            "Realm settings → General → Unmanaged attributes: Only administrators"
                                    + " can view (or edit), or Disabled; declare in the user"
                                    + " profile what customers should edit"));
        }
        if (profile != null
                && profile.getAttribute(CustomerProfileAttributes.CUSTOMER_NUMBER) == null) {
            findings.add(
                    new HealthFinding(
                            "customer-number-undeclared",
                            "The user profile does not declare customerNumber: Keycloak drops it,"
                                    + " and saas tokens name the user id instead",
                            "Emporix tab → Repair, or Realm settings → User profile → Create"
                                    + " attribute customerNumber"));
        }
        return findings;
    }
}
