package dev.kcemporix.auth.social;

import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantHealthCheck;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** What social login and token exchange need from a tenant's identity providers. */
public final class ExchangeHealthCheck implements TenantHealthCheck {

    /**
     * Providers that social login or token exchange cannot use: a default for {@code
     * exchangeauthtoken} that names none or a disabled one, exchange settings without any provider,
     * and OIDC providers whose tokens no exchange can take (no signature check, no issuer). A
     * provider that stores no tokens is no finding: {@code socialLogin} then just leaves out {@code
     * social_*}.
     */
    @Override
    public List<HealthFinding> check(KeycloakSession session, RealmModel realm) {
        List<HealthFinding> findings = new ArrayList<>();
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
            return findings;
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
        return findings;
    }
}
