package dev.kcemporix.auth.tenant;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Tenant to realm, in one place: a tenant is the lowercased name of a realm that has the extension
 * switched on with the realm attribute {@value #ENABLED_ATTRIBUTE} = {@code true}. Every other
 * realm, {@code master} included, is treated as if it did not exist.
 */
public final class TenantRealms {

    public static final String ENABLED_ATTRIBUTE = TenantSetting.ENABLED.attribute();

    /**
     * The tenant's storefront clients (client ids, separated by commas or spaces): whose web
     * origins a CORS preflight allows, since a preflight names no client. Provisioning fills it in.
     */
    public static final String STOREFRONT_CLIENTS_ATTRIBUTE =
            TenantSetting.STOREFRONT_CLIENTS.attribute();

    private static final Set<String> KEYCLOAK_CLIENTS =
            Set.of(
                    Constants.ADMIN_CLI_CLIENT_ID,
                    Constants.ACCOUNT_MANAGEMENT_CLIENT_ID,
                    Constants.ACCOUNT_CONSOLE_CLIENT_ID,
                    Constants.ADMIN_CONSOLE_CLIENT_ID,
                    Constants.BROKER_SERVICE_CLIENT_ID,
                    Constants.REALM_MANAGEMENT_CLIENT_ID);

    /**
     * Realm names are at most 255 characters in Keycloak's store; anything longer is not a tenant.
     */
    private static final int MAX_TENANT_LENGTH = 255;

    private TenantRealms() {}

    /** The enabled realm serving {@code tenant}, or null when there is none. */
    public static RealmModel find(KeycloakSession session, String tenant) {
        String name = normalize(tenant);
        if (name == null) {
            return null;
        }
        RealmModel realm = session.realms().getRealmByName(name);
        return realm != null && isEnabled(realm) ? realm : null;
    }

    /** The lowercase tenant name, or null when the value cannot name a tenant at all. */
    public static String normalize(String tenant) {
        if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
            return null;
        }
        return tenant.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether no self-service answer may tell whether an address has an account (sign-up and e-mail
     * change answer a taken address as a free one, login does not tell a pending sign-up).
     */
    public static boolean isEnumerationSafe(RealmModel realm) {
        return TenantSetting.ENUMERATION_SAFE.flag(realm);
    }

    public static boolean isEnabled(RealmModel realm) {
        return TenantSetting.ENABLED.flag(realm);
    }

    /**
     * The client ids the tenant names as its storefronts; when it names none, every enabled public
     * client that can log customers in (direct access grants on), found by reading all clients.
     */
    public static List<String> storefrontClientIds(RealmModel realm) {
        String listed = realm.getAttribute(STOREFRONT_CLIENTS_ATTRIBUTE);
        if (listed != null && !listed.isBlank()) {
            return listedIds(listed);
        }
        return realm.getClientsStream()
                .filter(TenantRealms::isStorefront)
                .map(ClientModel::getClientId)
                .toList();
    }

    /** The tenant's enabled storefront clients. */
    public static Stream<ClientModel> storefrontClients(RealmModel realm) {
        return storefrontClientIds(realm).stream()
                .map(realm::getClientByClientId)
                .filter(Objects::nonNull)
                .filter(client -> isStorefrontClient(realm, client));
    }

    /**
     * Whether {@code client} is one of the tenant's storefront clients, the only clients anonymous
     * and customer tokens are issued to and accepted from: enabled, public, none of Keycloak's own,
     * and listed in {@value #STOREFRONT_CLIENTS_ATTRIBUTE} where the tenant has that list (else,
     * able to log customers in). A partner app, the account console or {@code admin-cli} is none,
     * so their tokens of a shopper are no customer tokens.
     */
    public static boolean isStorefrontClient(RealmModel realm, ClientModel client) {
        if (client == null
                || !client.isEnabled()
                || !client.isPublicClient()
                || client.isBearerOnly()
                || isKeycloaksOwn(client)) {
            return false;
        }
        String listed = realm.getAttribute(STOREFRONT_CLIENTS_ATTRIBUTE);
        if (listed == null || listed.isBlank()) {
            return client.isDirectAccessGrantsEnabled();
        }
        return listedIds(listed).contains(client.getClientId());
    }

    private static List<String> listedIds(String listed) {
        return Arrays.stream(listed.split("[,\\s]+")).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /**
     * A client customers log in through: enabled, public, with direct access grants, and none of
     * Keycloak's own.
     */
    public static boolean isStorefront(ClientModel client) {
        return client.isEnabled()
                && client.isPublicClient()
                && client.isDirectAccessGrantsEnabled()
                && !client.isBearerOnly()
                && !isKeycloaksOwn(client);
    }

    /** The clients Keycloak creates in every realm (admin-cli, account, the consoles, ...). */
    public static boolean isKeycloaksOwn(ClientModel client) {
        return KEYCLOAK_CLIENTS.contains(client.getClientId());
    }
}
