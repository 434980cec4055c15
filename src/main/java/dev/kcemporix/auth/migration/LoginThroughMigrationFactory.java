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
 * The {@code emporix-migration} user-federation provider (console: *User federation*, or
 * {@code POST /admin/realms/{t}/components} with provider type
 * {@code org.keycloak.storage.UserStorageProvider}): where the customers of a running Emporix tenant
 * come from when they first log in here ({@link LoginThroughMigration}).
 */
public final class LoginThroughMigrationFactory implements UserStorageProviderFactory<LoginThroughMigration> {

    public static final String ID = "emporix-migration";
    static final String BASE_URL = "baseUrl";
    static final String TENANT = "tenant";
    static final String CLIENT_ID = "clientId";
    private static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public LoginThroughMigration create(KeycloakSession session, ComponentModel model) {
        return new LoginThroughMigration(session, model,
                new SourceShop(session, model.get(BASE_URL), model.get(TENANT), model.get(CLIENT_ID)));
    }

    @Override
    public String getHelpText() {
        return "Customers of a running Emporix tenant move in on their first login: an e-mail unknown to this realm is tried "
                + "at the source with the password typed; when the source accepts it, the customer is created here with their "
                + "profile, customer number and legal entities, and the source is never asked about them again.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(BASE_URL).label("Source API base URL").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("The base URL of the Emporix API the customers live in now, e.g. https://api.emporix.io (http only to this machine). "
                        + "Asked at /customerlogin/auth/anonymous/login, /customer/{tenant}/login and /customer/{tenant}/me, "
                        + "within 2 seconds for the three calls; a source that does not answer makes the login a 503.")
                .add()
                .property().name(TENANT).label("Source tenant").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("The Emporix tenant the customers live in now (lowercase).")
                .add()
                .property().name(CLIENT_ID).label("Source storefront client ID").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("A storefront client ID of the source tenant: the one its shop uses for anonymous tokens and logins.")
                .add()
                .build();
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String baseUrl = model.get(BASE_URL);
        URI uri;
        try {
            uri = baseUrl == null ? null : new URI(baseUrl.trim());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && isLoopback(uri.getHost()))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            // Passwords travel to the source: in clear text only to this machine.
            throw new ComponentValidationException("baseUrl must be an https URL (http only to this machine) without query, fragment or credentials");
        }
        String tenant = model.get(TENANT);
        if (tenant == null || !TENANT_NAME.matcher(tenant).matches()) {
            throw new ComponentValidationException("tenant must be an Emporix tenant name: lowercase letters, digits, '-' and '_'");
        }
        String clientId = model.get(CLIENT_ID);
        if (clientId == null || clientId.isBlank() || clientId.length() > 255) {
            throw new ComponentValidationException("clientId is required");
        }
    }
}
