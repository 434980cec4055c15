package dev.kcemporix.auth.selfservice;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import dev.kcemporix.auth.http.TenantRealms;

/**
 * Where e-mail links go: the storefront's own pages (the shop renders "confirm your account" and
 * "set a new password", not Keycloak), with the one-time token as the query parameter {@code token}.
 * The storefront URL is the realm attribute {@value #URL_ATTRIBUTE} (or {@code ….{site}} for one
 * site of a tenant with several), shown in the Emporix tab; without one, the storefront client's
 * base URL, else its first web origin.
 */
final class StorefrontLinks {

    static final String URL_ATTRIBUTE = "emporix.storefrontUrl";
    static final String OPT_IN_PAGE = "/account/confirm";
    static final String RESET_PAGE = "/account/reset-password";
    static final String EMAIL_CHANGE_PAGE = "/account/confirm-email";

    private StorefrontLinks() {
    }

    static String link(RealmModel realm, ClientModel client, String site, String page, String token) {
        return base(realm, client, site) + page + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    static String base(RealmModel realm, ClientModel client, String site) {
        String url = site == null || site.isBlank() ? null : realm.getAttribute(URL_ATTRIBUTE + "." + site);
        if (url == null || url.isBlank()) {
            url = realm.getAttribute(URL_ATTRIBUTE);
        }
        if ((url == null || url.isBlank()) && client == null) {
            client = TenantRealms.storefrontClients(realm).findFirst().orElse(null);
        }
        if ((url == null || url.isBlank()) && client != null) {
            url = client.getBaseUrl() != null && client.getBaseUrl().startsWith("http") ? client.getBaseUrl()
                    : client.getWebOrigins().stream().filter(o -> o.startsWith("http")).findFirst().orElse(null);
        }
        if (url == null || url.isBlank()) {
            url = "http://localhost:3000";
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
