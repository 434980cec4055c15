package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.tenant.HealthFinding;
import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The "emporix" tab of *Realm settings* in the admin console (Keycloak's UI tab SPI): every {@code
 * emporix.*} setting as a form with help texts, and the tenant's health report. Saving stores the
 * form as a component of the realm (that is how the console keeps a tab's form) and applies it to
 * the realm's attributes, where the endpoints read them, through the same provisioning as every
 * other way of switching a tenant on; the health report in the form is refreshed on every save.
 */
public class EmporixTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    public static final String ID = TenantSetting.FORM_PROVIDER;
    static final String HEALTH = "healthReport";

    /** Session attribute: the form is being written by {@link #syncForm}, not saved by an admin. */
    private static final String SYNCING = EmporixTab.class.getName() + ".syncing";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", ID);
    }

    @Override
    public String getHelpText() {
        return "The Emporix customer API of this realm: the switch, the anonymous token lifetimes,"
                + " the storefront URLs of e-mail links, enumeration-safe sign-up, and the"
                + " tenant's health report.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>(TenantSettingsForm.properties());
        ProviderConfigProperty health =
                new ProviderConfigProperty(
                        HEALTH,
                        "Health report",
                        "What is missing or contradictory in this tenant's setup, each with its"
                                + " fix; refreshed whenever this form is saved (also GET"
                                + " /admin/realms/{realm}/emporix/health).",
                        ProviderConfigProperty.TEXT_TYPE,
                        "");
        properties.add(health);
        return properties;
    }

    @Override
    public void validateConfiguration(
            KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        try {
            // Checked on a copy of the realm's attributes: nothing is stored before the form is
            // valid.
            TenantSettingsForm.check(model.getConfig());
        } catch (EmporixException e) {
            throw new ComponentValidationException(
                    e.details().isEmpty() ? e.getMessage() : e.details().get(0).message());
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        saved(session, realm, model);
    }

    @Override
    public void onUpdate(
            KeycloakSession session,
            RealmModel realm,
            ComponentModel oldModel,
            ComponentModel newModel) {
        saved(session, realm, newModel);
    }

    private static void saved(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (session.getAttribute(SYNCING) != null) {
            return;
        }
        TenantSettingsForm.apply(realm, model.getConfig());
        for (TenantSetting setting : TenantSetting.inFormOrder()) {
            // A secret saved in the form is kept there: an older version's realm attribute goes.
            if (setting.kind() == TenantSetting.Kind.SECRET && model.get(setting.field()) != null) {
                realm.removeAttribute(setting.attribute());
            }
        }
        new TenantProvisioning(session).provision(realm, true);
        syncForm(session, realm);
    }

    /**
     * Makes the tab's form show the tenant's settings and health report as they are now (settings
     * also change through the admin API, and the report with everything else). Creates the form for
     * a tenant that has none; changes nothing when it already shows the present.
     */
    public static void syncForm(KeycloakSession session, RealmModel realm) {
        ComponentModel form = form(realm);
        if (form == null && !TenantRealms.isEnabled(realm)) {
            return;
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        TenantSettingsForm.read(realm)
                .forEach(
                        (name, value) -> {
                            if (value instanceof List<?> list) {
                                list.forEach(v -> config.add(name, String.valueOf(v)));
                            } else if (value != null) {
                                config.putSingle(name, String.valueOf(value));
                            }
                        });
        config.putSingle(HEALTH, report(session, realm));
        // A secret is the form's own: kept as stored, never read back from a representation. One
        // that an older version
        // kept as a realm attribute moves into the form, and the attribute goes.
        List<String> moved = new ArrayList<>();
        for (TenantSetting setting : TenantSetting.inFormOrder()) {
            if (setting.kind() == TenantSetting.Kind.SECRET) {
                config.remove(setting.field());
                String stored = form == null ? null : form.get(setting.field());
                String legacy = realm.getAttribute(setting.attribute());
                if (legacy != null) {
                    // The form's value wins; an attribute set again by older tooling goes all the
                    // same.
                    stored = stored == null || stored.isEmpty() ? legacy : stored;
                    moved.add(setting.attribute());
                }
                if (stored != null && !stored.isEmpty()) {
                    config.putSingle(setting.field(), stored);
                }
            }
        }
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            if (form == null) {
                realm.addComponentModel(newForm(realm, config));
            } else if (!config.equals(form.getConfig())) {
                form.setConfig(config);
                realm.updateComponent(form);
            }
            moved.forEach(realm::removeAttribute);
        } finally {
            session.removeAttribute(SYNCING);
        }
    }

    /**
     * Stores {@code value} as the secret setting {@code setting} in the tenant's form (created when
     * missing), and removes the realm attribute an older version kept it in. {@link
     * TenantSetting#MASKED} keeps what is stored; empty removes it.
     */
    static void storeSecret(
            KeycloakSession session, RealmModel realm, TenantSetting setting, String value) {
        if (TenantSetting.MASKED.equals(value)) {
            return;
        }
        syncForm(session, realm);
        ComponentModel form = form(realm);
        if (form == null && (value == null || value.isEmpty())) {
            return;
        }
        boolean created = form == null;
        if (created) {
            // A realm not switched on yet has no form: one is made for the secret, which must not
            // be dropped.
            form = newForm(realm, new MultivaluedHashMap<>());
        }
        if (value == null || value.isEmpty()) {
            form.getConfig().remove(setting.field());
        } else {
            form.getConfig().putSingle(setting.field(), value);
        }
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            if (created) {
                realm.addComponentModel(form);
            } else {
                realm.updateComponent(form);
            }
        } finally {
            session.removeAttribute(SYNCING);
        }
        realm.removeAttribute(setting.attribute());
    }

    /** The tenant's form, or null. */
    private static ComponentModel form(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> ID.equals(c.getProviderId()))
                .findFirst()
                .orElse(null);
    }

    /** A new form of {@code realm} holding {@code config} (not stored yet). */
    private static ComponentModel newForm(
            RealmModel realm, MultivaluedHashMap<String, String> config) {
        ComponentModel form = new ComponentModel();
        form.setName(ID);
        form.setProviderId(ID);
        form.setProviderType(UiTabProvider.class.getName());
        form.setParentId(realm.getId());
        form.setConfig(config);
        return form;
    }

    static String report(KeycloakSession session, RealmModel realm) {
        List<HealthFinding> findings = new TenantHealth(session, realm).findings();
        if (findings.isEmpty()) {
            return "Nothing missing: this tenant is complete.";
        }
        return findings.stream()
                .map(f -> "• " + f.problem() + ". Fix: " + f.fix())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}
