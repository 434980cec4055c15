package dev.kcemporix.auth.tenant;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.vault.VaultStringSecret;

/**
 * Every setting of a tenant, declared once: its name (in the console's form and the admin
 * resource's body), the realm attribute that holds it, its default, how it is read, its label and
 * help text. Endpoints read a setting through its constant ({@link #flag}, {@link #seconds}, {@link
 * #text}); the console tab and the admin resource build their form and body from {@link #values()}.
 * The per-site storefront URLs are attributes {@code emporix.storefrontUrl.{site}}.
 */
public enum TenantSetting {
    ENABLED(
            "enabled",
            "emporix.enabled",
            Kind.FLAG,
            "false",
            "Emporix API on",
            "Makes this realm an Emporix tenant: its name is the tenant, and the Emporix endpoints"
                    + " answer for it. Switching it on provisions what a tenant needs (user profile"
                    + " attributes, the legal-entity client scope, the e-mail theme)."),
    STOREFRONT_CLIENTS(
            "storefrontClients",
            "emporix.storefrontClients",
            Kind.TEXT,
            null,
            "Storefront clients",
            "Client ids of the storefronts (public clients with direct access grants), comma"
                + " separated. Their web origins are the origins CORS preflights allow; only their"
                + " tokens are customer tokens. Empty: every such client."),
    STOREFRONT_URL(
            "storefrontUrl",
            "emporix.storefrontUrl",
            Kind.URL,
            null,
            "Storefront URL",
            "The shop that e-mail links lead to (opt-in, password reset, e-mail change), e.g."
                + " https://shop.example. Empty: those mails are not sent (nothing else is taken"
                + " for the shop's address)."),
    SITE_URLS(
            "siteUrls",
            "emporix.storefrontUrl.",
            Kind.SITE_URLS,
            null,
            "Storefront URL per site",
            "For a tenant with several shops: site=URL, one per line (a request's site or the"
                    + " customer's preferredSite picks it)."),
    ANONYMOUS_ACCESS_LIFESPAN(
            "anonymousAccessTokenLifespan",
            "emporix.anonymous.accessTokenLifespan",
            Kind.SECONDS,
            "3599",
            "Anonymous access token lifespan (s)",
            "Seconds an anonymous access token lives (Emporix: 3599). A storefront client's own"
                    + " attribute wins."),
    ANONYMOUS_REFRESH_LIFESPAN(
            "anonymousRefreshTokenLifespan",
            "emporix.anonymous.refreshTokenLifespan",
            Kind.SECONDS,
            "86399",
            "Anonymous refresh token lifespan (s)",
            "Seconds an anonymous refresh token lives (Emporix: 86399). A storefront client's own"
                    + " attribute wins."),
    MAIL_THROTTLE(
            "mailThrottleSeconds",
            "emporix.mail.throttleSeconds",
            Kind.SECONDS,
            "60",
            "Mail throttle (s)",
            "At most one mail of a kind (opt-in, reset, e-mail change, ...) to one address within"
                    + " this many seconds, whoever asks; the answers do not change."),
    ENUMERATION_SAFE(
            "enumerationSafeSignup",
            "emporix.signup.enumerationSafe",
            Kind.FLAG,
            "false",
            "Enumeration-safe self-service",
            "Off: a sign-up or e-mail change to an address that has an account answers 409, as"
                    + " Emporix does. On: it answers as for a free address, and the owner of the"
                    + " address gets an e-mail instead, so no answer tells who has an account."),
    SAAS_TOKEN_ES256(
            "saasTokenEs256",
            "emporix.saasToken.es256",
            Kind.FLAG,
            "true",
            "saas_token signed with ES256",
            "On: the saas_token is signed with the realm's EC key (ES256, published in its JWKS),"
                    + " cheaper to sign than RSA. Off: with the realm's default algorithm. Tenants"
                    + " provisioned before it existed keep their algorithm (off) until switched"
                    + " on; saving turns on provisions the key (Keys tab)."),
    EXCHANGE_DEFAULT_CONFIG(
            "exchangeDefaultConfig",
            "emporix.exchange.defaultConfig",
            Kind.TEXT,
            null,
            "Token exchange: default provider",
            "The alias of the identity provider whose tokens exchangeauthtoken takes when the"
                    + " request names none (config). Empty: the realm's only identity provider."),
    EXCHANGE_IDENTIFIER(
            "exchangeIdentifier",
            "emporix.exchange.identifier",
            Kind.TEXT,
            null,
            "Token exchange: match by",
            "EMAIL: a token of a provider whose identity is not linked yet is linked to the"
                + " customer with that e-mail, when both the customer's and the provider's e-mail"
                + " are verified. Empty: only linked identities match."),
    EXCHANGE_TOKEN_CLIENTS(
            "exchangeTokenClientIds",
            "emporix.exchange.tokenClientIds",
            Kind.TEXT,
            null,
            "Token exchange: issuing clients",
            "Client ids of the provider's apps whose tokens exchangeauthtoken takes (the token's"
                + " azp; Emporix's token_client_id), comma separated. Empty: any token meant for"
                + " the provider's client (its aud names it, or its azp is it)."),
    HYBRIS_PEPPER(
            "hybrisPepper",
            "emporix.migration.hybrisPepper",
            Kind.SECRET,
            null,
            "SAP Commerce pepper",
            "The system-wide salt of the SAP Commerce shop whose password digests are imported"
                    + " (empty: SAP Commerce's default). A secret: kept in this form only, shown"
                    + " masked; ${vault.name} reads it from Keycloak's vault."),
    EXCHANGE_AUTO_PROVISIONING(
            "exchangeAutoProvisioning",
            "emporix.exchange.autoProvisioning",
            Kind.FLAG,
            "true",
            "Token exchange: create customers",
            "On: a token of an identity no customer is linked to creates a customer (through the"
                    + " user profile) and links it. Off: such a token is refused with 404."),
    ASSISTED_BUYING(
            "assistedBuying",
            "emporix.assistedBuying.enabled",
            Kind.FLAG,
            "false",
            "Assisted buying",
            "On: staff whose token carries the client scope customer.assistedBuying_manage open a"
                    + " customer's storefront session (assisted-buying-login). The customer's"
                    + " tokens name the employee (act), the customer sees and can end the"
                    + " session."),
    ASSISTED_BUYING_CLIENT(
            "assistedBuyingClient",
            "emporix.assistedBuying.client",
            Kind.TEXT,
            null,
            "Assisted buying: storefront client",
            "The client id of the storefront whose sessions staff open (a hand-off code is"
                    + " redeemed with its anonymous token only). Empty: the tenant's only"
                    + " storefront client."),
    ASSISTED_BUYING_MAX_SECONDS(
            "assistedBuyingMaxSeconds",
            "emporix.assistedBuying.maxSeconds",
            Kind.SECONDS,
            "1800",
            "Assisted buying: session cap (s)",
            "Seconds an assisted session lives at most, its refreshes included: no token of it"
                    + " is valid afterwards."),
    ASSISTED_BUYING_NOTIFY(
            "assistedBuyingNotifyCustomer",
            "emporix.assistedBuying.notifyCustomer",
            Kind.FLAG,
            "false",
            "Assisted buying: tell the customer",
            "On: the customer gets a mail whenever staff open a session for them.");

    /**
     * How a setting is written and read. A {@link #SECRET} is no realm attribute (those show in the
     * realm's admin representation and admin events): it lives in the tenant's settings form (a
     * component of the realm, {@link #FORM_PROVIDER}) as a secret property, which Keycloak masks in
     * every representation and admin event; its {@code attribute} is where older versions kept it.
     */
    public enum Kind {
        FLAG,
        TEXT,
        URL,
        SECONDS,
        SITE_URLS,
        SECRET
    }

    private static final org.jboss.logging.Logger LOG =
            org.jboss.logging.Logger.getLogger(TenantSetting.class);

    /** The provider id of the tenant's settings form: the "emporix" tab of the admin console. */
    public static final String FORM_PROVIDER = "emporix";

    /** What a representation shows for a secret that is set. */
    public static final String MASKED = "**********";

    private final String field;
    private final String attribute;
    private final Kind kind;
    private final String defaultValue;
    private final String label;
    private final String help;

    TenantSetting(
            String field,
            String attribute,
            Kind kind,
            String defaultValue,
            String label,
            String help) {
        this.field = field;
        this.attribute = attribute;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.label = label;
        this.help = help;
    }

    /** The name in the console's form and the admin resource's body. */
    public String field() {
        return field;
    }

    /** The realm attribute (for {@link #SITE_URLS}, the prefix of one attribute per site). */
    public String attribute() {
        return attribute;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    /** A {@link Kind#FLAG} of {@code realm}. */
    public boolean flag(RealmModel realm) {
        String value = realm.getAttribute(attribute);
        return "true".equalsIgnoreCase(value != null ? value : defaultValue);
    }

    /**
     * A {@link Kind#SECONDS} of {@code realm}: its value when a positive number, else the default.
     */
    public int seconds(RealmModel realm) {
        Integer value = positiveSeconds(realm.getAttribute(attribute));
        return value != null ? value : Integer.parseInt(defaultValue);
    }

    /** A {@link Kind#TEXT} or {@link Kind#URL} of {@code realm}, or null when not set. */
    public String text(RealmModel realm) {
        String value = realm.getAttribute(attribute);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A {@link Kind#TEXT} of {@code realm} read as a comma-separated list (empty when not set). */
    public List<String> list(RealmModel realm) {
        String value = text(realm);
        return value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(v -> !v.isEmpty())
                        .toList();
    }

    /**
     * A {@link Kind#SECRET} of {@code realm}: the settings form's value (a {@code ${vault.key}}
     * reference is read from Keycloak's vault), else what an older version kept as a realm
     * attribute; null when not set.
     */
    public String secret(KeycloakSession session, RealmModel realm) {
        String stored = formValue(realm);
        if (stored == null) {
            String legacy = realm.getAttribute(attribute);
            return legacy == null || legacy.isEmpty() ? null : legacy;
        }
        if (!isVaultReference(stored)) {
            return stored;
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(stored)) {
            if (secret.get().isEmpty()) {
                // Never the reference itself as the secret: the health report names the setting
                // (see unresolvedVaultReference).
                LOG.warnf(
                        "Tenant %s: the vault has no entry for the setting %s",
                        realm.getName(), field);
            }
            return secret.get().orElse(null);
        }
    }

    /**
     * Whether a {@link Kind#SECRET} of {@code realm} names a vault entry that Keycloak's vault does
     * not have.
     */
    public boolean unresolvedVaultReference(KeycloakSession session, RealmModel realm) {
        String stored = formValue(realm);
        if (stored == null || !isVaultReference(stored)) {
            return false;
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(stored)) {
            return secret.get().isEmpty();
        }
    }

    private static boolean isVaultReference(String value) {
        return value.startsWith("${vault.") && value.endsWith("}");
    }

    /** Whether a {@link Kind#SECRET} of {@code realm} is set. */
    public boolean isSet(RealmModel realm) {
        String legacy = realm.getAttribute(attribute);
        return formValue(realm) != null || legacy != null && !legacy.isEmpty();
    }

    private String formValue(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> FORM_PROVIDER.equals(c.getProviderId()))
                .map(c -> c.get(field))
                .filter(v -> v != null && !v.isEmpty() && !MASKED.equals(v))
                .findFirst()
                .orElse(null);
    }

    /** The storefront URL of each site ({@link #SITE_URLS}), in the order the realm holds them. */
    public static Map<String, String> siteUrls(RealmModel realm) {
        Map<String, String> sites = new LinkedHashMap<>();
        realm.getAttributes()
                .forEach(
                        (name, value) -> {
                            if (name.startsWith(SITE_URLS.attribute)
                                    && name.length() > SITE_URLS.attribute.length()) {
                                sites.put(name.substring(SITE_URLS.attribute.length()), value);
                            }
                        });
        return sites;
    }

    /** The setting named {@code field} in a form or body, or null. */
    public static TenantSetting byField(String field) {
        return Arrays.stream(values()).filter(s -> s.field.equals(field)).findFirst().orElse(null);
    }

    /** A number of seconds above 0, or null for anything else. */
    public static Integer positiveSeconds(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The settings in the order the console shows them. */
    public static List<TenantSetting> inFormOrder() {
        return List.of(
                ENABLED,
                STOREFRONT_CLIENTS,
                STOREFRONT_URL,
                SITE_URLS,
                ANONYMOUS_ACCESS_LIFESPAN,
                ANONYMOUS_REFRESH_LIFESPAN,
                MAIL_THROTTLE,
                ENUMERATION_SAFE,
                SAAS_TOKEN_ES256,
                EXCHANGE_DEFAULT_CONFIG,
                EXCHANGE_IDENTIFIER,
                EXCHANGE_TOKEN_CLIENTS,
                EXCHANGE_AUTO_PROVISIONING,
                HYBRIS_PEPPER);
    }
}
