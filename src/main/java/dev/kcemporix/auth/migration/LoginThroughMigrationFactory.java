package dev.kcemporix.auth.migration;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProviderFactory;

/**
 * The {@code emporix-migration} user-federation provider (console: *User federation*, or {@code
 * POST /admin/realms/{t}/components} with provider type {@code
 * org.keycloak.storage.UserStorageProvider}): where the customers of a running Emporix tenant come
 * from when they first log in here ({@link LoginThroughMigration}).
 */
public final class LoginThroughMigrationFactory
        implements UserStorageProviderFactory<LoginThroughMigration> {

    public static final String ID = "emporix-migration";
    static final String BASE_URL = "baseUrl";
    static final String TENANT = "tenant";
    static final String CLIENT_ID = "clientId";
    static final String MAX_CALLS = "maxConcurrentCalls";
    static final String FAILURES_TO_OPEN = "failuresToOpen";
    static final String OPEN_SECONDS = "openSeconds";
    static final String TRUST_LEGAL_ENTITIES = "trustLegalEntities";
    static final int DEFAULT_MAX_CALLS = 10;
    static final int DEFAULT_FAILURES_TO_OPEN = 5;
    static final int DEFAULT_OPEN_SECONDS = 30;

    /**
     * The calls to each source under way on this node: a bound per node by nature (it keeps this
     * node's threads), so the one state of the extension that lives in a node's memory.
     */
    private final java.util.Map<String, java.util.concurrent.Semaphore> calls =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public LoginThroughMigration create(KeycloakSession session, ComponentModel model) {
        int maxCalls = number(model, MAX_CALLS, DEFAULT_MAX_CALLS);
        return new LoginThroughMigration(
                session,
                model,
                new SourceShop(
                        session, model.get(BASE_URL), model.get(TENANT), model.get(CLIENT_ID)),
                calls.computeIfAbsent(
                        model.getId() + ":" + maxCalls,
                        key -> new java.util.concurrent.Semaphore(maxCalls)),
                new SourceCircuit(
                        session,
                        model.getParentId(),
                        model.getId(),
                        number(model, FAILURES_TO_OPEN, DEFAULT_FAILURES_TO_OPEN),
                        number(model, OPEN_SECONDS, DEFAULT_OPEN_SECONDS)),
                !"false".equals(model.get(TRUST_LEGAL_ENTITIES)));
    }

    /** A positive whole-number setting of the provider, else {@code fallback}. */
    static int number(ComponentModel model, String name, int fallback) {
        String value = model.get(name);
        try {
            int n = value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
            return n > 0 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String getHelpText() {
        return "Customers of a running Emporix tenant move in on their first login: an e-mail"
                + " unknown to this realm is tried at the source with the password typed; when"
                + " the source accepts it, the customer is created here with their profile,"
                + " customer number and legal entities, and the source is never asked about them"
                + " again.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(BASE_URL)
                .label("Source API base URL")
                .type(ProviderConfigProperty.STRING_TYPE)
                .required(true)
                .helpText(
                        "The base URL of the Emporix API the customers live in now, e.g."
                            + " https://api.emporix.io (http only to this machine). Asked at"
                            + " /customerlogin/auth/anonymous/login, /customer/{tenant}/login and"
                            + " /customer/{tenant}/me, within 2 seconds for the three calls; a"
                            + " source that does not answer makes the login a 503.")
                .add()
                .property()
                .name(TENANT)
                .label("Source tenant")
                .type(ProviderConfigProperty.STRING_TYPE)
                .required(true)
                .helpText("The Emporix tenant the customers live in now (lowercase).")
                .add()
                .property()
                .name(CLIENT_ID)
                .label("Source storefront client ID")
                .type(ProviderConfigProperty.STRING_TYPE)
                .required(true)
                .helpText(
                        "A storefront client ID of the source tenant: the one its shop uses for"
                                + " anonymous tokens and logins.")
                .add()
                .property()
                .name(TRUST_LEGAL_ENTITIES)
                .label("Take legal entities from the source")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .helpText(
                        "On: a customer who moves in becomes a member of the legal entities"
                            + " (organizations of this realm with that legalEntityId) the source"
                            + " lists for them, so B2B buyers keep their entities. Off: no"
                            + " membership comes from the source; an admin assigns them.")
                .add()
                .property()
                .name(MAX_CALLS)
                .label("Calls to the source at once (per node)")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULT_MAX_CALLS))
                .helpText(
                        "At most this many logins of unknown addresses ask the source at the same"
                            + " time on one node; more are answered 503 at once instead of holding"
                            + " a thread.")
                .add()
                .property()
                .name(FAILURES_TO_OPEN)
                .label("Failures before the source is left alone")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULT_FAILURES_TO_OPEN))
                .helpText(
                        "After this many calls in a row (within a minute) that the source did not"
                            + " answer, logins of unknown addresses answer 503 at once, on every"
                            + " node, until one probe gets an answer.")
                .add()
                .property()
                .name(OPEN_SECONDS)
                .label("Seconds the source is left alone")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULT_OPEN_SECONDS))
                .helpText(
                        "How long the source is not asked after it failed repeatedly;"
                                + " then one login probes it.")
                .add()
                .build();
    }

    /**
     * Whether {@code host}, as the URL parser read it, is this machine: {@code localhost}, or a
     * literal loopback address ({@code 127.0.0.0/8}, {@code ::1}). Never looked up in DNS: a name
     * is loopback only when it is {@code localhost}, so {@code 127.attacker.example} is not.
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name =
                host.startsWith("[") && host.endsWith("]")
                        ? host.substring(1, host.length() - 1)
                        : host;
        if (name.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] octets = name.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        if (name.indexOf(':') < 0 || !name.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // With a colon Java reads an IPv6 literal, never a name to look up.
            return java.net.InetAddress.getByName(name).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void validateConfiguration(
            KeycloakSession session, RealmModel realm, ComponentModel model) {
        String baseUrl = model.get(BASE_URL);
        URI uri;
        try {
            uri = baseUrl == null ? null : new URI(baseUrl.trim());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || !("https".equals(uri.getScheme())
                        || "http".equals(uri.getScheme()) && isLoopback(uri.getHost()))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            // Passwords travel to the source: in clear text only to this machine.
            throw new ComponentValidationException(
                    "baseUrl must be an https URL (http only to this machine) without query,"
                            + " fragment or credentials");
        }
        String tenant = model.get(TENANT);
        if (tenant == null || !TENANT_NAME.matcher(tenant).matches()) {
            throw new ComponentValidationException(
                    "tenant must be an Emporix tenant name: lowercase letters, digits, '-' and"
                            + " '_'");
        }
        String clientId = model.get(CLIENT_ID);
        if (clientId == null || clientId.isBlank() || clientId.length() > 255) {
            throw new ComponentValidationException("clientId is required");
        }
        for (String name : List.of(MAX_CALLS, FAILURES_TO_OPEN, OPEN_SECONDS)) {
            String value = model.get(name);
            if (value != null && !value.isBlank() && number(model, name, -1) < 0) {
                throw new ComponentValidationException(name + " must be a whole number above 0");
            }
        }
    }
}
