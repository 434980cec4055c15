package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcemporix.auth.it.support.Demo;
import dev.kcemporix.auth.it.support.Jwts;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.Server;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * docs/endpoints.md, *Passkeys*, in a real browser: headless Chromium with a virtual platform
 * authenticator (Chrome's WebAuthn test API, as Keycloak tests its own pages) runs the ceremony a
 * storefront page runs, through {@code navigator.credentials} and WebAuthn's JSON forms, against
 * both mounts of the demo tenant (passkeys on, relying party {@code localhost}); then signs in on
 * Keycloak's own login page with the same passkey.
 */
@ExtendWith(KeycloakExtension.class)
class PasskeysBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keycloak's LOGIN event of the customer at its account console, or null. */
    private static JsonNode accountConsoleLogin(Server server, String userId) {
        for (JsonNode event : server.events(Demo.TENANT, "LOGIN", userId)) {
            if ("account-console".equals(event.path("clientId").asText())) {
                return event;
            }
        }
        return null;
    }

    /**
     * The storefront page's part: a password login, a passkey added, then a passkey login on each
     * mount. Runs in the page; answers a JSON summary.
     */
    private static final String CEREMONIES =
            """
            const [tenant, email, password, done] = arguments;
            const call = async (method, path, token, body) => {
              const headers = {"Content-Type": "application/json"};
              if (token) headers.Authorization = "Bearer " + token;
              const r = await fetch(path, {method, headers,
                  body: body === undefined ? undefined : JSON.stringify(body)});
              return {status: r.status, body: await r.json().catch(() => null)};
            };
            const visit = () => call("GET",
                `/customerlogin/auth/anonymous/login?tenant=${tenant}&client_id=storefront`);
            const anonymous = async () => (await visit()).body.access_token;
            const passkeyLogin = async (base) => {
              const visitor = await visit();
              const token = visitor.body.access_token;
              const options = await call("POST", `${base}/passkey/login-options`, token, {});
              const request =
                  PublicKeyCredential.parseRequestOptionsFromJSON(options.body.publicKey);
              const got = await navigator.credentials.get({publicKey: request});
              const login = await call("POST", `${base}/passkey/login`, token,
                  {ceremonyId: options.body.ceremonyId, credential: got.toJSON()});
              return {status: login.status, sessionId: visitor.body.sessionId,
                      session_id: login.body && login.body.session_id,
                      access_token: login.body && login.body.access_token, body: login.body};
            };
            try {
              const root = `/customer/${tenant}`;
              const login =
                  await call("POST", `${root}/login`, await anonymous(), {email, password});
              const customer = login.body.access_token;
              const reg = await call("POST", `${root}/me/passkeys/registration-options`,
                  customer, {password});
              const creation = PublicKeyCredential.parseCreationOptionsFromJSON(reg.body.publicKey);
              const made = await navigator.credentials.create({publicKey: creation});
              const added = await call("POST", `${root}/me/passkeys`, customer,
                  {ceremonyId: reg.body.ceremonyId, credential: made.toJSON(), label: "browser"});
              const onRoot = await passkeyLogin(root);
              const onRealm = await passkeyLogin(`/realms/${tenant}/emporix${root}`);
              done(JSON.stringify({added, onRoot, onRealm}));
            } catch (e) {
              done(JSON.stringify({error: String(e)}));
            }
            """;

    @Test
    void aShopperAddsAPasskeyInTheBrowserAndSignsInWithItOnBothMountsAndOnKeycloaksPage(
            Server server) throws Exception {
        String email = "browser-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "browser-pass-123";
        String userId = server.createCustomer(Demo.TENANT, email, password);
        // Keycloak's own host name as the browser reaches it: the relying party id is localhost.
        String origin = server.baseUrl().replace("127.0.0.1", "localhost");
        WebDriver browser = EmporixTabBrowserIT.chromium();
        try {
            VirtualAuthenticator authenticator =
                    ((HasVirtualAuthenticator) browser)
                            .addVirtualAuthenticator(
                                    new VirtualAuthenticatorOptions()
                                            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                                            .setTransport(
                                                    VirtualAuthenticatorOptions.Transport.INTERNAL)
                                            .setHasResidentKey(true)
                                            .setHasUserVerification(true)
                                            .setIsUserVerified(true));
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            browser.get(origin + "/emporix/openapi.json");
            JsonNode result =
                    JSON.readTree(
                            (String)
                                    ((JavascriptExecutor) browser)
                                            .executeAsyncScript(
                                                    CEREMONIES, Demo.TENANT, email, password));
            assertTrue(result.path("error").isMissingNode(), result::toString);
            assertEquals(201, result.at("/added/status").asInt(), result::toString);
            assertEquals(1, authenticator.getCredentials().size(), "one discoverable passkey");
            for (String mount : new String[] {"onRoot", "onRealm"}) {
                JsonNode login = result.get(mount);
                assertEquals(200, login.get("status").asInt(), mount + ": " + login);
                assertEquals(login.get("sessionId"), login.get("session_id"), mount);
                // The customer's session: the demo's storefront tokens carry the Emporix scopes
                // and the session id (`sid`), which Keycloak lists among the customer's sessions.
                String sid = Jwts.claims(login.get("access_token").asText()).path("sid").asText();
                assertTrue(
                        server.adminJson("/" + Demo.TENANT + "/users/" + userId + "/sessions")
                                .findValuesAsText("id")
                                .contains(sid),
                        mount + ": session " + sid);
            }

            // Keycloak's own login page takes the same passkey, no password typed: its passkey
            // autofill (conditional mediation) answers at once with the one discoverable
            // passkey; where the page waits instead, its passkey button is pressed.
            browser.get(origin + "/realms/" + Demo.TENANT + "/account/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(
                    d -> {
                        if (accountConsoleLogin(server, userId) != null) {
                            return true;
                        }
                        d.findElements(By.id("authenticateWebAuthnButton")).stream()
                                .filter(b -> b.isDisplayed() && b.isEnabled())
                                .findFirst()
                                .ifPresent(b -> b.click());
                        return false;
                    });
            JsonNode login = accountConsoleLogin(server, userId);
            assertEquals(
                    "webauthn-passwordless",
                    login.at("/details/credential_type").asText(),
                    () -> "signed in with the passkey: " + login);
        } finally {
            browser.quit();
        }
    }
}
