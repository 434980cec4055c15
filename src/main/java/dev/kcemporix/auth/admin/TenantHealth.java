package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.customer.StorefrontLinks;
import dev.kcemporix.auth.legal.LegalEntityMapper;
import dev.kcemporix.auth.social.TokenExchange;
import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.common.enums.SslRequired;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * What is missing or contradictory in a tenant's setup, each with its fix: shown in the Emporix tab
 * and the admin resource, and logged once at start-up. Reads only.
 */
public final class TenantHealth {

    private final KeycloakSession session;
    private final RealmModel realm;

    public TenantHealth(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public List<HealthFinding> findings() {
        // Keycloak's user profile and organizations read the realm from the session.
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            return check();
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private List<HealthFinding> check() {
        List<HealthFinding> findings = new ArrayList<>();
        if (!TenantRealms.isEnabled(realm)) {
            findings.add(
                    new HealthFinding(
                            "not-a-tenant",
                            "The extension is off for this realm: every Emporix endpoint answers"
                                    + " 404",
                            "Switch it on in Realm settings → Emporix (or set the realm attribute"
                                    + " emporix.enabled to true)"));
            return findings;
        }
        storefronts(findings);
        if (!realm.isBruteForceProtected()) {
            findings.add(
                    new HealthFinding(
                            "brute-force-off",
                            "Brute-force detection is off: passwords can be guessed at the login"
                                    + " endpoint",
                            "Realm settings → Security defenses → Brute force detection: Lockout"
                                    + " temporarily"));
        }
        legalEntities(findings);
        identityProviders(findings);
        if (StorefrontLinks.base(realm, null) == null) {
            findings.add(
                    new HealthFinding(
                            "no-storefront-url",
                            "No storefront URL: opt-in, password reset and e-mail change mails link"
                                    + " to the shop's pages, so none are sent",
                            "Emporix tab → Storefront URL (e.g. https://shop.example)"));
        }
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
        if (TenantSetting.HYBRIS_PEPPER.unresolvedVaultReference(session, realm)) {
            findings.add(
                    new HealthFinding(
                            "pepper-not-in-vault",
                            "The SAP Commerce pepper names a vault entry Keycloak's vault does not"
                                    + " have: imported SAP Commerce passwords are refused",
                            "Add the entry to the vault, or set the pepper itself in the Emporix"
                                    + " tab → SAP Commerce pepper"));
        }
        if (!realm.isRegistrationAllowed()) {
            findings.add(
                    new HealthFinding(
                            "registration-off",
                            "User registration is off: sign-up answers 403",
                            "Realm settings → Login → User registration on, if customers may sign"
                                    + " up"));
        }
        if (smtpHost() == null) {
            findings.add(
                    new HealthFinding(
                            "no-smtp",
                            "No SMTP server: sign-up opt-in, password reset and e-mail change mails"
                                    + " cannot be sent",
                            "Realm settings → Email: set the host and the From address"));
        }
        if (realm.getSslRequired() == SslRequired.NONE && isPublicHostname()) {
            findings.add(
                    new HealthFinding(
                            "ssl-not-required",
                            "SSL required is 'none' on a public hostname: passwords may travel"
                                    + " unencrypted",
                            "Realm settings → General → Require SSL: external requests (or all"
                                    + " requests)"));
        }
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        if (profiles != null
                && profiles.getConfiguration().getAttribute(TenantProvisioning.CUSTOMER_NUMBER)
                        == null) {
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

    private void storefronts(List<HealthFinding> findings) {
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
        List<String> listed = TenantRealms.storefrontClientIds(realm);
        for (String id : listed) {
            if (realm.getClientByClientId(id) == null) {
                findings.add(
                        new HealthFinding(
                                "unknown-storefront:" + id,
                                "Storefront client " + id + " is listed but does not exist",
                                "Emporix tab → Storefront clients: remove " + id));
            }
        }
    }

    private void legalEntities(List<HealthFinding> findings) {
        ClientScopeModel scope =
                realm.getClientScopesStream()
                        .filter(s -> TenantProvisioning.LEGAL_ENTITY_SCOPE.equals(s.getName()))
                        .findFirst()
                        .orElse(null);
        boolean mapper =
                scope != null
                        && scope.getProtocolMappersStream()
                                .anyMatch(
                                        m ->
                                                LegalEntityMapper.PROVIDER_ID.equals(
                                                        m.getProtocolMapper()));
        if (!mapper) {
            findings.add(
                    new HealthFinding(
                            "legal-entity-mapper-missing",
                            "The client scope "
                                    + TenantProvisioning.LEGAL_ENTITY_SCOPE
                                    + " with its 'Emporix legal entity' mapper is missing:"
                                    + " choosing a legal entity at refresh fails",
                            "Emporix tab → Repair"));
        } else {
            TenantRealms.storefrontClients(realm)
                    .filter(
                            c ->
                                    !c.getClientScopes(true)
                                            .containsKey(TenantProvisioning.LEGAL_ENTITY_SCOPE))
                    .forEach(
                            c ->
                                    findings.add(
                                            new HealthFinding(
                                                    "legal-entity-scope-missing:" + c.getClientId(),
                                                    "Storefront client "
                                                            + c.getClientId()
                                                            + " lacks the default client scope "
                                                            + TenantProvisioning.LEGAL_ENTITY_SCOPE
                                                            + ": choosing a legal entity at refresh"
                                                            + " fails for it",
                                                    "Clients → "
                                                            + c.getClientId()
                                                            + " → Client scopes → Add client scope"
                                                            + " → "
                                                            + TenantProvisioning.LEGAL_ENTITY_SCOPE
                                                            + " (Default)")));
        }
        if (!realm.isOrganizationsEnabled() && usesLegalEntities()) {
            findings.add(
                    new HealthFinding(
                            "organizations-off",
                            "Organizations are off while the realm has organizations: every"
                                    + " legal-entity refresh answers 403",
                            "Realm settings → General → Organizations on"));
        }
    }

    /**
     * Providers that social login or token exchange cannot use: a default for {@code
     * exchangeauthtoken} that names none or a disabled one, exchange settings without any provider,
     * and OIDC providers whose tokens no exchange can take (no signature check, no issuer). A
     * provider that stores no tokens is no finding: {@code socialLogin} then just leaves out {@code
     * social_*}.
     */
    private void identityProviders(List<HealthFinding> findings) {
        List<IdentityProviderModel> providers = session.identityProviders().getAllStream().toList();
        String defaultAlias = TenantSetting.EXCHANGE_DEFAULT_CONFIG.text(realm);
        boolean exchangeConfigured =
                defaultAlias != null || TenantSetting.EXCHANGE_IDENTIFIER.text(realm) != null;
        if (providers.isEmpty()) {
            if (exchangeConfigured) {
                findings.add(
                        new HealthFinding(
                                "no-identity-provider",
                                "Token exchange is configured but the realm has no identity"
                                    + " provider: socialLogin and exchangeauthtoken cannot work",
                                "Identity providers → Add provider (OpenID Connect, Google, ...)"));
            }
            return;
        }
        if (defaultAlias != null) {
            IdentityProviderModel named =
                    providers.stream()
                            .filter(p -> defaultAlias.equals(p.getAlias()))
                            .findFirst()
                            .orElse(null);
            if (named == null) {
                findings.add(
                        new HealthFinding(
                                "exchange-default-missing",
                                "The default token-exchange provider "
                                        + defaultAlias
                                        + " does not exist: exchangeauthtoken without config"
                                        + " answers 400",
                                "Emporix tab → Token exchange: default provider: an alias from"
                                        + " Identity providers"));
            } else if (!named.isEnabled()) {
                findings.add(
                        new HealthFinding(
                                "exchange-default-disabled",
                                "The default token-exchange provider "
                                        + defaultAlias
                                        + " is disabled: exchangeauthtoken without config answers"
                                        + " 401",
                                "Identity providers → "
                                        + defaultAlias
                                        + " → Enabled on, or name another default in the Emporix"
                                        + " tab"));
            }
        }
        for (IdentityProviderModel provider : providers) {
            if (!provider.isEnabled()) {
                continue;
            }
            if (!TokenExchange.SIGNATURE_CHECKING.contains(provider.getProviderId())) {
                findings.add(
                        new HealthFinding(
                                "exchange-unsupported:" + provider.getAlias(),
                                "Identity provider "
                                        + provider.getAlias()
                                        + " ("
                                        + provider.getProviderId()
                                        + ") cannot check a JWT by its signature: exchangeauthtoken"
                                        + " refuses its tokens (browser logins through it still"
                                        + " work)",
                                "For token exchange, add the same provider as OpenID Connect v1.0"
                                        + " with its discovery endpoint"));
                continue;
            }
            OIDCIdentityProviderConfig oidc = new OIDCIdentityProviderConfig(provider);
            if (!oidc.isValidateSignature()
                    || oidc.getIssuer() == null
                    || oidc.getIssuer().isBlank()) {
                findings.add(
                        new HealthFinding(
                                "exchange-unverifiable:" + provider.getAlias(),
                                "Identity provider "
                                        + provider.getAlias()
                                        + " does not validate signatures or names no issuer:"
                                        + " exchangeauthtoken refuses its tokens (browser logins"
                                        + " through it still work)",
                                "Identity providers → "
                                        + provider.getAlias()
                                        + " → Validate signatures on (Use JWKS URL), and set the"
                                        + " Issuer"));
            }
        }
    }

    /** Whether the realm has organizations, read whatever the realm's switch says. */
    private boolean usesLegalEntities() {
        try {
            OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
            return organizations != null && organizations.count() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String smtpHost() {
        Map<String, String> smtp = realm.getSmtpConfig();
        String host = smtp == null ? null : smtp.get("host");
        return host == null || host.isBlank() ? null : host;
    }

    /** Whether the realm is reached under a hostname other than a loopback or private one. */
    private boolean isPublicHostname() {
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
