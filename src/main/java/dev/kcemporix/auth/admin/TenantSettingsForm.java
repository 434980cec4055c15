package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The tenant's settings ({@link TenantSetting}) as the form of the console tab and the body of the
 * admin resource: rendered, read, checked and stored, by the kind each setting declares.
 */
final class TenantSettingsForm {

    private TenantSettingsForm() {}

    /** The settings as the console renders them. */
    static List<ProviderConfigProperty> properties() {
        ProviderConfigurationBuilder form = ProviderConfigurationBuilder.create();
        for (TenantSetting setting : TenantSetting.inFormOrder()) {
            String type =
                    switch (setting.kind()) {
                        case FLAG -> ProviderConfigProperty.BOOLEAN_TYPE;
                        case SITE_URLS -> ProviderConfigProperty.MULTIVALUED_STRING_TYPE;
                        case SECRET -> ProviderConfigProperty.PASSWORD;
                        default -> ProviderConfigProperty.STRING_TYPE;
                    };
            ProviderConfigurationBuilder.ProviderConfigPropertyBuilder property =
                    form.property()
                            .name(setting.field())
                            .label(setting.label())
                            .type(type)
                            .helpText(setting.help())
                            .secret(setting.kind() == TenantSetting.Kind.SECRET);
            if (setting.defaultValue() != null) {
                property.defaultValue(setting.defaultValue());
            }
            property.add();
        }
        return form.build();
    }

    /**
     * The tenant's settings, as stored (flags as booleans, site URLs as site=URL lines, a secret
     * masked, others as stored or null).
     */
    static Map<String, Object> read(RealmModel realm) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (TenantSetting setting : TenantSetting.inFormOrder()) {
            settings.put(
                    setting.field(),
                    switch (setting.kind()) {
                        case FLAG -> setting.flag(realm);
                        case SITE_URLS ->
                                TenantSetting.siteUrls(realm).entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .toList();
                        case SECRET -> setting.isSet(realm) ? TenantSetting.MASKED : null;
                        default -> realm.getAttribute(setting.attribute());
                    });
        }
        return settings;
    }

    /**
     * Checks the settings given without storing them; the first problem is a 400 naming the field.
     */
    static void check(Map<String, List<String>> given) {
        given.forEach(
                (field, values) -> {
                    TenantSetting setting = TenantSetting.byField(field);
                    if (setting != null) {
                        stored(setting, values == null ? List.of() : values);
                    }
                });
    }

    /**
     * Checks and stores the settings given as realm attributes (those not given stay as they are;
     * other fields of the form are no settings; a secret is kept by the form itself, {@link
     * EmporixTab#storeSecret}).
     */
    static void apply(RealmModel realm, Map<String, List<String>> given) {
        check(given);
        given.forEach(
                (field, values) -> {
                    TenantSetting setting = TenantSetting.byField(field);
                    if (setting == null) {
                        return;
                    }
                    List<String> lines = values == null ? List.of() : values;
                    if (setting.kind() == TenantSetting.Kind.SECRET) {
                        return;
                    }
                    if (setting.kind() == TenantSetting.Kind.SITE_URLS) {
                        siteUrls(realm, sites(lines));
                    } else {
                        setOrRemove(realm, setting.attribute(), stored(setting, lines));
                    }
                });
    }

    /**
     * The attribute value a setting's input stands for (null: remove it); a 400 naming the field
     * when it is not valid.
     */
    private static String stored(TenantSetting setting, List<String> values) {
        String value =
                values.isEmpty() || values.get(0) == null || values.get(0).isBlank()
                        ? null
                        : values.get(0).trim();
        return switch (setting.kind()) {
            case FLAG -> Boolean.toString("true".equalsIgnoreCase(value));
            case SECONDS -> {
                if (value != null && TenantSetting.positiveSeconds(value) == null) {
                    throw invalid(setting.field(), "must be a number of seconds above 0");
                }
                yield value;
            }
            case URL -> url(setting.field(), value);
            case SITE_URLS -> {
                sites(values);
                yield null;
            }
            case TEXT -> value;
            case SECRET -> {
                if (value != null && value.length() > 1024) {
                    throw invalid(setting.field(), "must be at most 1024 characters");
                }
                yield null;
            }
        };
    }

    private static Map<String, String> sites(List<String> lines) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String line : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw invalid(TenantSetting.SITE_URLS.field(), "each line must read site=URL");
            }
            wanted.put(
                    line.substring(0, eq).trim(),
                    url(TenantSetting.SITE_URLS.field(), line.substring(eq + 1).trim()));
        }
        return wanted;
    }

    private static void siteUrls(RealmModel realm, Map<String, String> wanted) {
        String prefix = TenantSetting.SITE_URLS.attribute();
        new ArrayList<>(TenantSetting.siteUrls(realm).keySet())
                .stream()
                        .filter(site -> !wanted.containsKey(site))
                        .forEach(site -> realm.removeAttribute(prefix + site));
        wanted.forEach((site, url) -> realm.setAttribute(prefix + site, url));
    }

    private static String url(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.trim());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return value.trim();
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw invalid(field, "must be an http(s) URL");
    }

    private static void setOrRemove(RealmModel realm, String name, String value) {
        if (value == null) {
            realm.removeAttribute(name);
        } else {
            realm.setAttribute(name, value);
        }
    }

    static EmporixException invalid(String field, String message) {
        return EmporixException.badRequest(
                "Invalid setting " + field,
                new EmporixException.Detail(field, "invalid", field + " " + message));
    }
}
