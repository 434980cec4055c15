package dev.kcemporix.auth.admin;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.TenantRealms;
import dev.kcemporix.auth.selfservice.StorefrontLinks;

/**
 * Every {@code emporix.*} setting of a tenant, with its help text: the form of the console tab and
 * the body of the admin resource, under short names (the console's forms cannot take a dot in a
 * field name). They live as realm attributes, where the endpoints read them.
 */
public final class TenantSettings {

    static final String ENABLED = "enabled";
    static final String ACCESS_LIFESPAN = "anonymousAccessTokenLifespan";
    static final String REFRESH_LIFESPAN = "anonymousRefreshTokenLifespan";
    static final String STOREFRONT_CLIENTS = "storefrontClients";
    static final String STOREFRONT_URL = "storefrontUrl";
    static final String SITE_URLS = "siteUrls";
    static final String ENUMERATION_SAFE = "enumerationSafeSignup";
    static final String MAIL_THROTTLE = "mailThrottleSeconds";

    /** Setting name → realm attribute. */
    static final Map<String, String> ATTRIBUTES = Map.of(
            ENABLED, TenantRealms.ENABLED_ATTRIBUTE,
            ACCESS_LIFESPAN, "emporix.anonymous.accessTokenLifespan",
            REFRESH_LIFESPAN, "emporix.anonymous.refreshTokenLifespan",
            STOREFRONT_CLIENTS, TenantRealms.STOREFRONT_CLIENTS_ATTRIBUTE,
            STOREFRONT_URL, StorefrontLinks.URL_ATTRIBUTE,
            ENUMERATION_SAFE, TenantRealms.ENUMERATION_SAFE_ATTRIBUTE,
            MAIL_THROTTLE, "emporix.mail.throttleSeconds");
    /** Per site: {@code emporix.storefrontUrl.{site}}. */
    private static final String SITE_URL_PREFIX = "emporix.storefrontUrl.";

    private TenantSettings() {
    }

    /** The settings as the console renders them. */
    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ENABLED).label("Emporix API on").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Makes this realm an Emporix tenant: its name is the tenant, and the Emporix endpoints answer for it."
                        + " Switching it on provisions what a tenant needs (user profile attributes, the legal-entity client scope, the e-mail theme).")
                .add()
                .property().name(STOREFRONT_CLIENTS).label("Storefront clients").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Client ids of the storefronts (public clients with direct access grants), comma separated. Their web origins are"
                        + " the origins CORS preflights allow. Empty: every such client.")
                .add()
                .property().name(STOREFRONT_URL).label("Storefront URL").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The shop that e-mail links lead to (opt-in, password reset, e-mail change), e.g. https://shop.example."
                        + " Empty: those mails are not sent (nothing else is taken for the shop's address).")
                .add()
                .property().name(SITE_URLS).label("Storefront URL per site").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("For a tenant with several shops: site=URL, one per line (a request's site or the customer's preferredSite picks it).")
                .add()
                .property().name(ACCESS_LIFESPAN).label("Anonymous access token lifespan (s)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("3599").helpText("Seconds an anonymous access token lives (Emporix: 3599). A storefront client's own attribute wins.")
                .add()
                .property().name(REFRESH_LIFESPAN).label("Anonymous refresh token lifespan (s)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("86399").helpText("Seconds an anonymous refresh token lives (Emporix: 86399).")
                .add()
                .property().name(MAIL_THROTTLE).label("Mail throttle (s)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("60").helpText("At most one mail of a kind (opt-in, reset, e-mail change, ...) to one address within this many"
                        + " seconds, whoever asks; the answers do not change.")
                .add()
                .property().name(ENUMERATION_SAFE).label("Enumeration-safe sign-up").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Off: a sign-up with an address that has an account answers 409, as Emporix does. On: it answers 201 like a new"
                        + " account, and the owner of the address gets an e-mail instead, so the answer tells nobody who has an account.")
                .add()
                .build();
    }

    /** The tenant's settings, as stored. */
    static Map<String, Object> read(RealmModel realm) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(ENABLED, TenantRealms.isEnabled(realm));
        for (String name : List.of(STOREFRONT_CLIENTS, STOREFRONT_URL, ACCESS_LIFESPAN, REFRESH_LIFESPAN, MAIL_THROTTLE)) {
            settings.put(name, realm.getAttribute(ATTRIBUTES.get(name)));
        }
        List<String> sites = new ArrayList<>();
        realm.getAttributes().forEach((name, value) -> {
            if (name.startsWith(SITE_URL_PREFIX)) {
                sites.add(name.substring(SITE_URL_PREFIX.length()) + "=" + value);
            }
        });
        settings.put(SITE_URLS, sites);
        settings.put(ENUMERATION_SAFE, "true".equalsIgnoreCase(realm.getAttribute(ATTRIBUTES.get(ENUMERATION_SAFE))));
        return settings;
    }

    /** Checks the settings given without storing them; the first problem is a 400 naming the field. */
    static void check(Map<String, List<String>> given) {
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            List<String> values = e.getValue() == null ? List.of() : e.getValue();
            String value = values.isEmpty() ? null : values.get(0);
            switch (e.getKey()) {
                case ACCESS_LIFESPAN, REFRESH_LIFESPAN, MAIL_THROTTLE -> seconds(e.getKey(), value);
                case STOREFRONT_URL -> url(e.getKey(), value);
                case SITE_URLS -> values.stream().filter(l -> l != null && !l.isBlank()).forEach(l -> {
                    int eq = l.indexOf('=');
                    if (eq <= 0) {
                        throw invalid(SITE_URLS, "each line must read site=URL");
                    }
                    url(SITE_URLS, l.substring(eq + 1).trim());
                });
                default -> {
                }
            }
        }
    }

    /** Checks and stores the settings given (those not given stay as they are). */
    static void apply(RealmModel realm, Map<String, List<String>> given) {
        check(given);
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String name = e.getKey();
            List<String> values = e.getValue() == null ? List.of() : e.getValue();
            String value = values.isEmpty() ? null : values.get(0);
            String attribute = ATTRIBUTES.get(name);
            switch (name) {
                case ENABLED, ENUMERATION_SAFE -> realm.setAttribute(attribute, Boolean.toString("true".equalsIgnoreCase(value)));
                case ACCESS_LIFESPAN, REFRESH_LIFESPAN, MAIL_THROTTLE -> setOrRemove(realm, attribute, seconds(name, value));
                case STOREFRONT_CLIENTS -> setOrRemove(realm, attribute, value == null || value.isBlank() ? null : value.trim());
                case STOREFRONT_URL -> setOrRemove(realm, attribute, url(name, value));
                case SITE_URLS -> siteUrls(realm, values);
                default -> {
                    // other fields of the form (the health report) are not settings
                }
            }
        }
    }

    private static void siteUrls(RealmModel realm, List<String> lines) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String line : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw invalid(SITE_URLS, "each line must read site=URL");
            }
            wanted.put(line.substring(0, eq).trim(), url(SITE_URLS, line.substring(eq + 1).trim()));
        }
        new ArrayList<>(realm.getAttributes().keySet()).stream().filter(n -> n.startsWith(SITE_URL_PREFIX))
                .filter(n -> !wanted.containsKey(n.substring(SITE_URL_PREFIX.length()))).forEach(realm::removeAttribute);
        wanted.forEach((site, url) -> realm.setAttribute(SITE_URL_PREFIX + site, url));
    }

    private static String seconds(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return Integer.toString(n);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw invalid(name, "must be a number of seconds above 0");
    }

    private static String url(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.trim());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.trim();
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw invalid(name, "must be an http(s) URL");
    }

    private static void setOrRemove(RealmModel realm, String name, String value) {
        if (value == null) {
            realm.removeAttribute(name);
        } else {
            realm.setAttribute(name, value);
        }
    }

    static EmporixException invalid(String field, String message) {
        return EmporixException.badRequest("Invalid setting " + field, new EmporixException.Detail(field, "invalid", field + " " + message));
    }
}
