package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.assisted.ActorMapper;
import dev.kcemporix.auth.assisted.AssistedBuyingResource;
import dev.kcemporix.auth.customer.CustomerProfileAttributes;
import dev.kcemporix.auth.legal.LegalEntityMapper;
import dev.kcemporix.auth.login.SaasToken;
import dev.kcemporix.auth.migration.ImportResource;
import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.keys.GeneratedEcdsaKeyProviderFactory;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.config.UPConfigUtils;

/**
 * Makes a realm a complete tenant the moment it is switched on, so an admin has nothing else to set
 * up: the user profile keeps {@code customerNumber} (admins edit it, customers see it) and the
 * Emporix profile fields, self-service e-mails use the {@code emporix} e-mail theme, a realm
 * default client scope carries the legal-entity mapper to every storefront client (the ones there
 * and any created later), and the tenant lists its storefront clients for CORS preflights.
 *
 * <p>Only what is missing is created; nothing that exists is changed, so an admin's own changes
 * survive. One exception: where first and last name are required exactly as Keycloak's default user
 * profile has them, they become optional, since Emporix storefronts sign customers up with an
 * e-mail and a password only; names an admin made required any other way stay required.
 *
 * <p>The automatic triggers provision a realm once per version of this provisioning (the realm
 * attribute {@value #PROVISIONED_ATTRIBUTE} records the version), so what an admin deletes
 * afterwards stays deleted and shows in the health report; {@link #provision(RealmModel, boolean)
 * repairing} on the admin's request creates it again.
 */
public final class TenantProvisioning {

    public static final String CUSTOMER_NUMBER = CustomerProfileAttributes.CUSTOMER_NUMBER;
    public static final String EMAIL_THEME = "emporix";
    static final String PROVISIONED_ATTRIBUTE = "emporix.provisioned";

    /** The name of the key provider of the saas_token's EC key, in the realm's Keys tab. */
    static final String SAAS_TOKEN_KEY = "emporix-saas-token-es256";

    /**
     * Raised when provisioning gains a step: tenants provisioned by an earlier version get the new
     * steps once.
     */
    static final String VERSION = "4";

    private static final Logger LOG = Logger.getLogger(TenantProvisioning.class);

    private final KeycloakSession session;

    public TenantProvisioning(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Provisions {@code realm} if it is a tenant; {@code repair} also when it was provisioned
     * before (an admin asked for it). Returns what was created, for the admin and the log.
     */
    public List<String> provision(RealmModel realm, boolean repair) {
        String provisioned = realm.getAttribute(PROVISIONED_ATTRIBUTE);
        if (!TenantRealms.isEnabled(realm) || (!repair && isCurrentOrNewer(provisioned))) {
            return List.of();
        }
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            List<String> created = new ArrayList<>();
            boolean everything = repair || provisioned == null;
            // Version 2's step, once per tenant (not on repair: names an admin required again stay
            // required).
            userProfile(created, everything, provisioned == null || "1".equals(provisioned));
            // Version 3's.
            saasTokenKey(realm, provisioned, created);
            // Version 4's, once per tenant.
            if (everything || !isCurrentOrNewer(provisioned)) {
                assistedBuying(realm, created);
            }
            if (everything) {
                emailTheme(realm, created);
                legalEntityScope(realm, created);
                importScopes(realm, created);
                storefrontClients(realm, created);
            }
            if (!isCurrentOrNewer(provisioned)) {
                realm.setAttribute(PROVISIONED_ATTRIBUTE, VERSION);
            }
            if (!created.isEmpty()) {
                LOG.infof("Tenant %s provisioned: %s", realm.getName(), String.join("; ", created));
            }
            return created;
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    /**
     * Whether {@code provisioned} is this version or a later one: while a cluster rolls to a newer
     * jar, a node of this one leaves a tenant the newer one provisioned as it is.
     */
    static boolean isCurrentOrNewer(String provisioned) {
        if (provisioned == null) {
            return false;
        }
        try {
            return Integer.parseInt(provisioned.trim()) >= Integer.parseInt(VERSION);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The user profile, read and written once (of two writes in the transaction of a realm import,
     * only one survived): with {@code declare}, the customer number (customers see it, admins edit
     * it) and the Emporix profile fields (customers see and edit them), each one that is not
     * declared yet; with {@code optionalNames}, first and last name become optional where they are
     * required exactly as Keycloak's default user profile requires them.
     */
    private void userProfile(List<String> created, boolean declare, boolean optionalNames) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPConfig config = profiles.getConfiguration();
        List<String> declared = declare ? declare(config) : List.of();
        List<String> optional = optionalNames ? optionalNames(config) : List.of();
        if (!declared.isEmpty() || !optional.isEmpty()) {
            profiles.setConfiguration(config);
        }
        if (!declared.isEmpty()) {
            created.add("user profile attributes " + declared);
        }
        if (!optional.isEmpty()) {
            created.add(
                    "optional "
                            + optional
                            + " (required as in Keycloak's default profile; Emporix sign-up sends"
                            + " e-mail and password only)");
        }
    }

    private static List<String> declare(UPConfig config) {
        List<String> declared = new ArrayList<>();
        if (config.getAttribute(CUSTOMER_NUMBER) == null) {
            UPAttribute number =
                    new UPAttribute(
                            CUSTOMER_NUMBER,
                            new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
            number.setDisplayName("Customer number");
            config.addOrReplaceAttribute(number);
            declared.add(CUSTOMER_NUMBER);
        }
        for (String name : CustomerProfileAttributes.EDITABLE) {
            if (config.getAttribute(name) == null) {
                config.addOrReplaceAttribute(
                        new UPAttribute(
                                name,
                                new UPAttributePermissions(
                                        Set.of("admin", "user"), Set.of("admin", "user"))));
                declared.add(name);
            }
        }
        return declared;
    }

    private static List<String> optionalNames(UPConfig config) {
        UPConfig keycloakDefault = UPConfigUtils.parseSystemDefaultConfig();
        List<String> optional = new ArrayList<>();
        for (String name : List.of(UserModel.FIRST_NAME, UserModel.LAST_NAME)) {
            UPAttribute attribute = config.getAttribute(name);
            UPAttribute asShipped = keycloakDefault.getAttribute(name);
            if (attribute != null
                    && asShipped != null
                    && attribute.getRequired() != null
                    && attribute.getRequired().equals(asShipped.getRequired())) {
                attribute.setRequired(null);
                optional.add(name);
            }
        }
        return optional;
    }

    /**
     * The e-mails of self-service come from the {@value #EMAIL_THEME} theme, unless the admin chose
     * one.
     */
    private static void emailTheme(RealmModel realm, List<String> created) {
        if (realm.getEmailTheme() == null || realm.getEmailTheme().isBlank()) {
            realm.setEmailTheme(EMAIL_THEME);
            created.add("e-mail theme " + EMAIL_THEME);
        }
    }

    private void legalEntityScope(RealmModel realm, List<String> created) {
        storefrontMapperScope(
                realm,
                LegalEntityMapper.SCOPE,
                "Emporix: the legal entity a customer chose at refresh, as the access token claim"
                        + " legalEntityId",
                legalEntityMapper(),
                created);
    }

    /**
     * A client scope carrying {@code mapper} to every storefront client: a realm default scope
     * (clients created later get it) added to the storefront clients there are.
     */
    private static void storefrontMapperScope(
            RealmModel realm,
            String name,
            String description,
            ProtocolMapperModel mapper,
            List<String> created) {
        if (realm.getClientScopesStream().anyMatch(s -> name.equals(s.getName()))) {
            return;
        }
        ClientScopeModel scope = realm.addClientScope(name);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription(description);
        scope.setIncludeInTokenScope(false);
        scope.setDisplayOnConsentScreen(false);
        scope.addProtocolMapper(mapper);
        realm.addDefaultClientScope(scope, true);
        int clients = 0;
        for (ClientModel client :
                realm.getClientsStream().filter(TenantRealms::isStorefront).toList()) {
            client.addClientScope(scope, true);
            clients++;
        }
        created.add(
                "client scope "
                        + name
                        + " (realm default, added to "
                        + clients
                        + " storefront clients)");
    }

    /**
     * What assisted buying needs, switched off until an admin turns it on: the staff scope {@value
     * AssistedBuyingResource#MANAGE} (assigned to no client), granted only to holders of the realm
     * role {@value AssistedBuyingResource#STAFF_ROLE} (its role scope mapping: Keycloak leaves the
     * scope out of anyone else's token), and the scope carrying the actor mapper to every
     * storefront client.
     */
    private static void assistedBuying(RealmModel realm, List<String> created) {
        RoleModel role = realm.getRole(AssistedBuyingResource.STAFF_ROLE);
        if (role == null) {
            role = realm.addRole(AssistedBuyingResource.STAFF_ROLE);
            role.setDescription(
                    "Emporix: staff who may open customers' sessions (assisted buying)");
            created.add("realm role " + AssistedBuyingResource.STAFF_ROLE + " (held by no one)");
        }
        ClientScopeModel staff =
                unassignedScope(
                        realm,
                        AssistedBuyingResource.MANAGE,
                        "Emporix: open customers' sessions (assisted buying); granted to holders of"
                                + " the role "
                                + AssistedBuyingResource.STAFF_ROLE
                                + " only",
                        created);
        if (staff != null) {
            staff.addScopeMapping(role);
        }
        storefrontMapperScope(
                realm,
                ActorMapper.SCOPE,
                "Emporix: names the staff member in the tokens of a session they opened for a"
                        + " customer (act) and ends them at the assisted-buying cap",
                actorMapper(),
                created);
    }

    static ProtocolMapperModel actorMapper() {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName("assisted buying actor");
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(ActorMapper.PROVIDER_ID);
        mapper.setConfig(Map.of());
        return mapper;
    }

    /**
     * The saas_token's algorithm and key. A tenant without the setting gets it once: on when first
     * provisioned, off when an earlier version provisioned it (its tokens keep their algorithm
     * until an admin switches it on). Where it is on and the realm has no active ES256 key, an EC
     * key (P-256) is added; until then the token takes the realm's default algorithm.
     */
    private void saasTokenKey(RealmModel realm, String provisioned, List<String> created) {
        String setting = TenantSetting.SAAS_TOKEN_ES256.attribute();
        if (realm.getAttribute(setting) == null) {
            realm.setAttribute(setting, Boolean.toString(provisioned == null));
            created.add(
                    provisioned == null
                            ? "saas_token signed with ES256"
                            : "saas_token kept on the realm's default algorithm");
        }
        if (!TenantSetting.SAAS_TOKEN_ES256.flag(realm)
                || SaasToken.es256Key(session, realm) != null) {
            return;
        }
        ComponentModel key = new ComponentModel();
        key.setName(SAAS_TOKEN_KEY);
        key.setParentId(realm.getId());
        key.setProviderId(GeneratedEcdsaKeyProviderFactory.ID);
        key.setProviderType(KeyProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", "100");
        config.putSingle("enabled", "true");
        config.putSingle("active", "true");
        config.putSingle(GeneratedEcdsaKeyProviderFactory.ECDSA_ELLIPTIC_CURVE_KEY, "P-256");
        key.setConfig(config);
        realm.addComponentModel(key);
        created.add("key " + SAAS_TOKEN_KEY + " (ES256)");
    }

    /**
     * The client scopes a service client needs for Emporix's import API: created, assigned to no
     * client (the admin decides who imports).
     */
    private static void importScopes(RealmModel realm, List<String> created) {
        unassignedScope(
                realm,
                ImportResource.MANAGE,
                "Emporix: import customers and set the password-migration retention",
                created);
        unassignedScope(
                realm,
                ImportResource.READ,
                "Emporix: read the password-migration retention",
                created);
    }

    /**
     * A client scope named in tokens and assigned to no client (the admin decides who gets it),
     * unless the realm has one of that name; the scope created, or null.
     */
    private static ClientScopeModel unassignedScope(
            RealmModel realm, String name, String description, List<String> created) {
        if (realm.getClientScopesStream().anyMatch(s -> name.equals(s.getName()))) {
            return null;
        }
        ClientScopeModel scope = realm.addClientScope(name);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription(description);
        scope.setIncludeInTokenScope(true);
        scope.setDisplayOnConsentScreen(false);
        created.add("client scope " + name + " (assigned to no client)");
        return scope;
    }

    static ProtocolMapperModel legalEntityMapper() {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName("legal entity");
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(LegalEntityMapper.PROVIDER_ID);
        mapper.setConfig(
                Map.of(
                        OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN,
                        "true",
                        OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION,
                        "true"));
        return mapper;
    }

    /**
     * Adds the tenant's storefront clients that the list of storefront clients lacks (a client an
     * admin created or made a storefront); a list an admin emptied stays empty.
     */
    public void listStorefrontClients(RealmModel realm) {
        String listed = realm.getAttribute(TenantRealms.STOREFRONT_CLIENTS_ATTRIBUTE);
        if (!TenantRealms.isEnabled(realm) || listed == null || listed.isBlank()) {
            return;
        }
        List<String> ids = new ArrayList<>(TenantRealms.storefrontClientIds(realm));
        realm.getClientsStream()
                .filter(TenantRealms::isStorefront)
                .map(ClientModel::getClientId)
                .filter(id -> !ids.contains(id))
                .forEach(ids::add);
        String updated = String.join(",", ids);
        if (!updated.equals(listed)) {
            realm.setAttribute(TenantRealms.STOREFRONT_CLIENTS_ATTRIBUTE, updated);
        }
    }

    private void storefrontClients(RealmModel realm, List<String> created) {
        String listed = realm.getAttribute(TenantRealms.STOREFRONT_CLIENTS_ATTRIBUTE);
        if (listed != null && !listed.isBlank()) {
            return;
        }
        List<String> storefronts = TenantRealms.storefrontClientIds(realm);
        if (!storefronts.isEmpty()) {
            realm.setAttribute(
                    TenantRealms.STOREFRONT_CLIENTS_ATTRIBUTE, String.join(",", storefronts));
            created.add("storefront clients " + storefronts);
        }
    }
}
