package dev.kcemporix.auth.login;

import dev.kcemporix.auth.keycloak.StandInPasswordProvider;
import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.common.enums.SslRequired;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What the anonymous tokens and the login need from a tenant: a storefront client that may use
 * direct grants, brute-force detection, SSL where the tenant is reached from outside, and the key
 * of an ES256 saas_token.
 */
public final class LoginHealthCheck implements TenantHealthCheck {

    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        List<HealthFinding> findings = new ArrayList<>();
        storefronts(realm, findings);
        if (!realm.isBruteForceProtected()) {
            findings.add(
                    new HealthFinding(
                            "brute-force-off",
                            "Brute-force detection is off: passwords can be guessed at the login"
                                    + " endpoint",
                            "Realm settings → Security defenses → Brute force detection: Lockout"
                                    + " temporarily"));
        }
        if (realm.getSslRequired() == SslRequired.NONE && isPublicHostname(session, realm)) {
            findings.add(
                    new HealthFinding(
                            "ssl-not-required",
                            "SSL required is 'none' on a public hostname: passwords may travel"
                                    + " unencrypted",
                            "Realm settings → General → Require SSL: external requests (or all"
                                    + " requests)"));
        }
        if (TenantSetting.SAAS_TOKEN_ES256.flag(realm)
                && SaasToken.es256Key(session, realm) == null) {
            findings.add(
                    new HealthFinding(
                            "saas-token-es256-key-missing",
                            "The saas_token is to be signed with ES256, but the realm has no active"
                                    + " ES256 key: it is signed with the realm's default algorithm",
                            "Emporix tab → save (or POST /admin/realms/{realm}/emporix/provision):"
                                    + " provisioning adds the key"));
        }
        if (!StandInPasswordProvider.askedFirst(session.getKeycloakSessionFactory())) {
            findings.add(
                    new HealthFinding(
                            "stand-in-login-hashes",
                            "This Keycloak asks its own password provider before the extension's"
                                    + " stand-in: every opt-in, passkey, social or assisted login"
                                    + " pays a full password hash (and counts as a failed"
                                    + " validation in Keycloak's password metrics)",
                            "Nothing to set: report the Keycloak version to the extension's"
                                    + " maintainers (StandInPasswordProvider.TYPE)"));
        }
        return findings;
    }

    private static void storefronts(RealmModel realm, List<HealthFinding> findings) {
        List<ClientModel> publicClients =
                realm.getClientsStream()
                        .filter(
                                c ->
                                        c.isEnabled()
                                                && c.isPublicClient()
                                                && !c.isBearerOnly()
                                                && "openid-connect".equals(c.getProtocol()))
                        .filter(c -> !TenantRealms.isKeycloaksOwn(c))
                        .toList();
        if (publicClients.isEmpty()) {
            findings.add(
                    new HealthFinding(
                            "no-storefront-client",
                            "No enabled public client: storefronts cannot get anonymous tokens or"
                                    + " log customers in",
                            "Clients → Create client: OpenID Connect, Client authentication off,"
                                + " Direct access grants on, Web origins = the shop's origins"));
            return;
        }
        for (ClientModel client : publicClients) {
            if (!client.isDirectAccessGrantsEnabled()) {
                findings.add(
                        new HealthFinding(
                                "direct-grants-off:" + client.getClientId(),
                                "Direct access grants are off for public client "
                                        + client.getClientId()
                                        + ": customers cannot log in through it",
                                "Clients → "
                                        + client.getClientId()
                                        + " → Capability config → Direct access grants on"));
            }
        }
        for (String id : TenantRealms.storefrontClientIds(realm)) {
            if (realm.getClientByClientId(id) == null) {
                findings.add(
                        new HealthFinding(
                                "unknown-storefront:" + id,
                                "Storefront client " + id + " is listed but does not exist",
                                "Emporix tab → Storefront clients: remove " + id));
            }
        }
    }

    /** Whether the realm is reached under a hostname other than a loopback or private one. */
    private static boolean isPublicHostname(KeycloakSession session, RealmModel realm) {
        String host = null;
        if (session.getContext().getUri() != null) {
            host = session.getContext().getUri().getBaseUri().getHost();
        }
        String frontend = realm.getAttribute("frontendUrl");
        if (frontend != null && !frontend.isBlank()) {
            host = URI.create(frontend).getHost();
        }
        if (host == null) {
            return false;
        }
        return !(host.equals("localhost")
                || host.startsWith("127.")
                || host.equals("[::1]")
                || host.startsWith("10.")
                || host.startsWith("192.168.")
                || host.endsWith(".local")
                || host.endsWith(".localhost"));
    }
}
