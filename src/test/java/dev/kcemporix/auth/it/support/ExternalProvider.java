package dev.kcemporix.auth.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An external OpenID provider for a tenant, made of the test Keycloak itself: a second realm with a
 * client the tenant's identity provider uses, and the tenant (a realm of its own) with that
 * identity provider and a storefront client that may run the authorization code flow back to a
 * storefront page served here (a JDK HTTP server on 127.0.0.1). Tokens of the provider are real:
 * the provider realm's password grant issues them.
 */
public final class ExternalProvider implements AutoCloseable {

    public static final String ALIAS = "provider";
    public static final String BROKER_CLIENT = "shop-broker";
    public static final String BROKER_SECRET = "broker-secret-1";

    /** Another client of the provider realm: its tokens are not issued to the broker client. */
    public static final String OTHER_CLIENT = "other-app";

    /**
     * The shop's own app at the provider: its access tokens name the broker client as their
     * audience (the standard way to say "for the shop").
     */
    public static final String SHOP_APP = "shop-app";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Server server;
    private final String providerRealm;
    private final String tenant;
    private final HttpServer storefrontPages;

    /**
     * Whether this instance made the provider realm and the pages (another tenant of it only
     * borrows them).
     */
    private final boolean owner;

    private ExternalProvider(
            Server server,
            String providerRealm,
            String tenant,
            HttpServer storefrontPages,
            boolean owner) {
        this.server = server;
        this.providerRealm = providerRealm;
        this.tenant = tenant;
        this.storefrontPages = storefrontPages;
        this.owner = owner;
    }

    /**
     * A new provider realm and tenant; {@code tenantAttributes} are further realm attributes of the
     * tenant, {@code providerConfig} overrides the identity provider's config ({@code trustEmail}
     * and {@code linkOnly} its own settings).
     */
    public static ExternalProvider create(
            Server server,
            Map<String, String> tenantAttributes,
            Map<String, String> providerConfig) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String providerRealm = "idp-" + id;
        String tenant = "social-" + id;
        HttpServer pages;
        try {
            pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pages.createContext(
                "/",
                exchange -> {
                    byte[] page =
                            ("<html><body><h1 id='page'>"
                                            + exchange.getRequestURI().getPath()
                                            + "</h1><a id='signin' href='about:blank'>Sign in with"
                                            + " the provider</a></body></html>")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(200, page.length);
                    exchange.getResponseBody().write(page);
                    exchange.close();
                });
        pages.start();
        ExternalProvider provider =
                new ExternalProvider(server, providerRealm, tenant, pages, true);

        server.ensureRealm(providerRealm, false);
        created(
                server.admin(
                        "POST",
                        "/" + providerRealm + "/clients",
                        Map.of(
                                "clientId",
                                BROKER_CLIENT,
                                "publicClient",
                                false,
                                "secret",
                                BROKER_SECRET,
                                "standardFlowEnabled",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "redirectUris",
                                List.of(
                                        server.baseUrl()
                                                + "/realms/"
                                                + tenant
                                                + "/broker/"
                                                + ALIAS
                                                + "/endpoint"))),
                "broker client");
        created(
                server.admin(
                        "POST",
                        "/" + providerRealm + "/clients",
                        Map.of(
                                "clientId",
                                OTHER_CLIENT,
                                "publicClient",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "standardFlowEnabled",
                                false)),
                "other client");
        created(
                server.admin(
                        "POST",
                        "/" + providerRealm + "/clients",
                        Map.of(
                                "clientId",
                                SHOP_APP,
                                "publicClient",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "standardFlowEnabled",
                                false,
                                "protocolMappers",
                                List.of(
                                        Map.of(
                                                "name",
                                                "for the shop",
                                                "protocol",
                                                "openid-connect",
                                                "protocolMapper",
                                                "oidc-audience-mapper",
                                                "config",
                                                Map.of(
                                                        "included.client.audience",
                                                        BROKER_CLIENT,
                                                        "access.token.claim",
                                                        "true",
                                                        "id.token.claim",
                                                        "false"))))),
                "shop app");

        provider.createTenant(tenantAttributes, providerConfig);
        return provider;
    }

    /**
     * Another tenant brokering the same provider realm, with its own settings: for token-exchange
     * cases (one realm fewer to create than {@link #create}); its browser login is not set up.
     */
    public ExternalProvider anotherTenant(
            Map<String, String> tenantAttributes, Map<String, String> providerConfig) {
        ExternalProvider other =
                new ExternalProvider(
                        server,
                        providerRealm,
                        "social-" + UUID.randomUUID().toString().substring(0, 8),
                        storefrontPages,
                        false);
        other.createTenant(tenantAttributes, providerConfig);
        return other;
    }

    private void createTenant(
            Map<String, String> tenantAttributes, Map<String, String> providerConfig) {
        server.ensureRealm(tenant, true, Map.of("eventsEnabled", true), tenantAttributes);
        String storefrontId =
                server.adminJson("/" + tenant + "/clients?clientId=storefront")
                        .get(0)
                        .get("id")
                        .asText();
        Map<String, Object> storefront =
                Server.fromJson(server.adminJson("/" + tenant + "/clients/" + storefrontId));
        storefront.put("standardFlowEnabled", true);
        storefront.put("redirectUris", List.of(callbackUrl()));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes =
                new LinkedHashMap<>(
                        (Map<String, Object>) storefront.getOrDefault("attributes", Map.of()));
        attributes.put("pkce.code.challenge.method", "S256");
        storefront.put("attributes", attributes);
        assertEquals(
                204,
                server.admin("PUT", "/" + tenant + "/clients/" + storefrontId, storefront)
                        .status());

        String issuer = server.baseUrl() + "/realms/" + providerRealm;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clientId", BROKER_CLIENT);
        config.put("clientSecret", BROKER_SECRET);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("authorizationUrl", issuer + "/protocol/openid-connect/auth");
        config.put("tokenUrl", issuer + "/protocol/openid-connect/token");
        config.put("jwksUrl", issuer + "/protocol/openid-connect/certs");
        config.put("userInfoUrl", issuer + "/protocol/openid-connect/userinfo");
        config.put("issuer", issuer);
        config.put("validateSignature", "true");
        config.put("useJwksUrl", "true");
        config.put("syncMode", "IMPORT");
        config.put("defaultScope", "openid email profile");
        config.putAll(providerConfig);
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", ALIAS);
        idp.put("providerId", "keycloak-oidc");
        idp.put("enabled", true);
        idp.put("storeToken", true);
        idp.put("trustEmail", false);
        // Settings of the provider itself rather than of its config.
        for (String field : List.of("trustEmail", "linkOnly")) {
            String value = config.remove(field);
            if (value != null) {
                idp.put(field, Boolean.parseBoolean(value));
            }
        }
        idp.put("config", config);
        created(
                server.admin("POST", "/" + tenant + "/identity-provider/instances", idp),
                "identity provider");
    }

    public static ExternalProvider create(Server server) {
        return create(server, Map.of(), Map.of());
    }

    public String tenant() {
        return tenant;
    }

    public String providerRealm() {
        return providerRealm;
    }

    public String callbackUrl() {
        return "http://127.0.0.1:" + storefrontPages.getAddress().getPort() + "/callback";
    }

    /** A person with an account at the provider; returns their e-mail. */
    public String person(String email, String password, boolean emailVerified) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", email);
        user.put("email", email);
        user.put("emailVerified", emailVerified);
        user.put("enabled", true);
        user.put("firstName", "Pat");
        user.put("lastName", "Provider");
        user.put(
                "credentials",
                List.of(Map.of("type", "password", "value", password, "temporary", false)));
        created(
                server.admin("POST", "/" + providerRealm + "/users", user),
                "provider user " + email);
        return email;
    }

    /** The provider's tokens for {@code email}, from its password grant for {@code clientId}. */
    public Map<String, String> tokens(String clientId, String email, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (clientId.equals(BROKER_CLIENT)) {
            form.put("client_secret", BROKER_SECRET);
        }
        form.put("username", email);
        form.put("password", password);
        form.put("scope", "openid email profile");
        HttpResult r =
                server.postForm(
                        server.baseUrl()
                                + "/realms/"
                                + providerRealm
                                + "/protocol/openid-connect/token",
                        form);
        assertEquals(200, r.status(), r::toString);
        return Map.of(
                "access_token",
                r.json().get("access_token").asText(),
                "id_token",
                r.json().get("id_token").asText());
    }

    /** The subject's id at the provider. */
    public String subjectOf(String email) {
        return server.userId(providerRealm, email);
    }

    /** A PKCE pair: verifier, S256 challenge. */
    public static String[] pkce() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new String[] {
                verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the storefront's "Sign in with the provider" button sends the shopper. */
    public String authorizationUrl(String challenge, String state) {
        return server.baseUrl()
                + "/realms/"
                + tenant
                + "/protocol/openid-connect/auth?client_id=storefront&response_type=code&scope=o"
                + "penid"
                + "&redirect_uri="
                + Server.enc(callbackUrl())
                + "&code_challenge="
                + challenge
                + "&code_challenge_method=S256"
                + "&state="
                + state
                + "&kc_idp_hint="
                + ALIAS;
    }

    /**
     * The whole browser flow in {@code browser} (a fresh one: no session cookie of an earlier
     * login): the storefront page, its sign-in link to the tenant's authorization endpoint, the
     * provider's login form, Keycloak's first-broker-login (the profile review, where it asks),
     * back to the storefront's callback page: returns the code it received.
     */
    public String browserLogin(WebDriver browser, String email, String password, String challenge) {
        String state = UUID.randomUUID().toString();
        browser.get("http://127.0.0.1:" + storefrontPages.getAddress().getPort() + "/shop");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript(
                        "document.getElementById('signin').href = arguments[0]",
                        authorizationUrl(challenge, state));
        browser.findElement(By.id("signin")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertTrue(
                browser.getCurrentUrl().contains("/realms/" + providerRealm + "/"),
                browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        wait.until(
                d ->
                        d.getCurrentUrl().startsWith(callbackUrl())
                                || !d.findElements(
                                                By.cssSelector(
                                                        "#kc-page-title, input[type=submit]"))
                                        .isEmpty());
        if (!browser.getCurrentUrl().startsWith(callbackUrl())) {
            // First-broker-login's profile review, where the tenant's user profile asks for more
            // than the provider sent.
            browser.findElement(By.cssSelector("input[type=submit], button[type=submit]")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(callbackUrl()));
        }
        String url = browser.getCurrentUrl();
        assertTrue(url.contains("state=" + state), url);
        String code = url.replaceAll(".*[?&]code=([^&]+).*", "$1");
        assertTrue(!code.equals(url) && !code.isBlank(), url);
        return java.net.URLDecoder.decode(code, StandardCharsets.UTF_8);
    }

    private static void created(HttpResult r, String what) {
        assertEquals(201, r.status(), () -> "creating " + what + ": " + r);
    }

    @Override
    public void close() {
        if (owner) {
            storefrontPages.stop(0);
        }
    }
}
