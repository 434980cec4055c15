package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.Demo;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.Server;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API document and its "try it" page (docs/endpoints.md, *The API described and tried*): served
 * on both mounts without authentication, and the page, in headless Chromium, runs an anonymous
 * login against this Keycloak the way a storefront developer tries it.
 */
@ExtendWith(KeycloakExtension.class)
class ApiDocsBrowserIT {

    @Test
    void aDeveloperRunsAnAnonymousLoginFromThePageOnEitherMount(Server server) throws IOException {
        WebDriver browser = EmporixTabBrowserIT.chromium();
        try {
            for (String mount : new String[] {"/emporix", "/realms/" + Demo.TENANT + "/emporix"}) {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(server.baseUrl() + mount + "/docs");
                WebElement call =
                        wait.until(
                                ExpectedConditions.presenceOfElementLocated(
                                        By.cssSelector(
                                                "[id$='-getCustomerloginAuthAnonymousLogin']")));
                call.findElement(By.cssSelector(".opblock-summary")).click();
                wait.until(
                                ExpectedConditions.elementToBeClickable(
                                        call.findElement(By.cssSelector("button.try-out__btn"))))
                        .click();
                call.findElement(By.cssSelector("tr[data-param-name='tenant'] input"))
                        .sendKeys(Demo.TENANT);
                call.findElement(By.cssSelector("tr[data-param-name='client_id'] input"))
                        .sendKeys(Demo.STOREFRONT);
                call.findElement(By.cssSelector("button.execute")).click();

                WebElement status =
                        wait.until(
                                ExpectedConditions.presenceOfNestedElementLocatedBy(
                                        call,
                                        By.cssSelector(
                                                ".live-responses-table .response"
                                                        + " .response-col_status")));
                assertEquals("200", status.getText().trim(), mount);
                String body =
                        call.findElement(
                                        By.cssSelector(
                                                ".live-responses-table .response"
                                                        + " .response-col_description"))
                                .getText();
                assertTrue(
                        body.contains("\"access_token\"")
                                && body.contains("\"sessionId\"")
                                && body.contains("tenant=" + Demo.TENANT),
                        body);
                // The request went to the mount the page was opened on (the relative server,
                // resolved by the browser).
                String url = call.findElement(By.cssSelector(".request-url pre")).getText();
                assertTrue(
                        url.startsWith(
                                server.baseUrl()
                                        + (mount.equals("/emporix") ? "" : mount)
                                        + "/customerlogin/auth/anonymous/login?"),
                        url);
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    void theDocumentIsServedOnBothMountsEachListingItselfFirst(Server server) {
        HttpResult root = server.get(server.baseUrl() + "/emporix/openapi.json");
        assertEquals(200, root.status(), root::toString);
        JsonNode document = root.json();
        assertEquals("3.1.0", document.get("openapi").asText());
        assertEquals("..", document.at("/servers/0/url").asText());
        assertTrue(document.at("/paths/~1customer~1{tenant}~1login/post").isObject());

        HttpResult realm =
                server.get(server.baseUrl() + "/realms/" + Demo.TENANT + "/emporix/openapi.json");
        assertEquals(200, realm.status(), realm::toString);
        assertEquals(".", realm.json().at("/servers/0/url").asText());
        assertEquals(Demo.TENANT, realm.json().at("/servers/0/variables/realm/default").asText());
        assertEquals(document.get("paths"), realm.json().get("paths"));
    }

    @Test
    void thePageAndItsFilesLoadOnBothMounts(Server server) {
        for (String base :
                new String[] {
                    server.baseUrl() + "/emporix",
                    server.baseUrl() + "/realms/" + Demo.TENANT + "/emporix"
                }) {
            HttpResult page = server.get(base + "/docs");
            assertEquals(200, page.status(), base);
            assertTrue(
                    page.header("Content-Type").startsWith("text/html"),
                    page.header("Content-Type"));
            // A third-party script on Keycloak's origin: scripts and calls to this origin only.
            assertTrue(
                    page.header("Content-Security-Policy").contains("script-src 'self'")
                            && page.header("Content-Security-Policy")
                                    .contains("connect-src 'self'"),
                    page.header("Content-Security-Policy"));
            HttpResult slash = server.get(base + "/docs/");
            assertEquals(303, slash.status(), base + "/docs/");
            assertTrue(
                    slash.header("Location")
                            .endsWith(base.substring(server.baseUrl().length()) + "/docs"),
                    slash.header("Location"));
            for (String file : new String[] {"swagger-ui-bundle.js", "swagger-ui.css", "init.js"}) {
                assertTrue(page.body().contains("docs/" + file), "the page does not load " + file);
                HttpResult asset = server.get(base + "/docs/" + file);
                assertEquals(200, asset.status(), base + "/docs/" + file);
                assertTrue(asset.body().length() > 100, file);
            }
        }
    }

    @Test
    void onlyThePagesOwnFilesAreServedAndOnlyForATenant(Server server) {
        for (String path :
                new String[] {
                    "/emporix/docs/..%2F..%2FMETA-INF%2Fbeans.xml",
                    "/emporix/docs/beans.xml",
                    "/emporix/docs/docs.html",
                    "/realms/" + Demo.PLAIN_REALM + "/emporix/openapi.json",
                    "/realms/" + Demo.PLAIN_REALM + "/emporix/docs"
                }) {
            HttpResult r = server.get(server.baseUrl() + path);
            assertEquals(404, r.status(), path + ": " + r);
        }
    }
}
