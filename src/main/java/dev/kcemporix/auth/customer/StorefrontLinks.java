package dev.kcemporix.auth.customer;

import dev.kcemporix.auth.tenant.TenantSetting;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.keycloak.models.RealmModel;

/**
 * Where e-mail links go: the storefront's own pages (the shop renders "confirm your account" and
 * "set a new password", not Keycloak), with the one-time token as the query parameter {@code
 * token}. The storefront URL is the tenant's setting {@link TenantSetting#STOREFRONT_URL} (or
 * {@link TenantSetting#SITE_URLS} for one site of a tenant with several), set in the Emporix tab.
 * Nothing else is taken for it: not a client's base URL or web origin (the caller's anonymous token
 * names the client), not a default host. A tenant without one sends no links, and its health report
 * says so.
 */
public final class StorefrontLinks {

    static final String OPT_IN_PAGE = "/account/confirm";
    static final String RESET_PAGE = "/account/reset-password";
    static final String EMAIL_CHANGE_PAGE = "/account/confirm-email";

    private StorefrontLinks() {}

    /**
     * The link to {@code page} carrying {@code token}, or null when the tenant has no storefront
     * URL.
     */
    static String link(RealmModel realm, String site, String page, String token) {
        String base = base(realm, site);
        return base == null
                ? null
                : base + page + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /**
     * The storefront URL of {@code site} (else the tenant's), without a trailing slash; null when
     * the tenant has none.
     */
    public static String base(RealmModel realm, String site) {
        String url =
                site == null || site.isBlank() ? null : TenantSetting.siteUrls(realm).get(site);
        if (url == null || url.isBlank()) {
            url = TenantSetting.STOREFRONT_URL.text(realm);
        }
        if (url == null || url.isBlank()) {
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
