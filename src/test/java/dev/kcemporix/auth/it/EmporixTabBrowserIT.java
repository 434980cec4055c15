package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Jwts;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Emporix tab of the admin console, in a real browser: headless Chromium (Debian's chromium and
 * chromium-driver) driven by Selenium logs into the console, opens the tab of a realm that is no
 * tenant, switches it on, and the realm then serves anonymous tokens. The screenshot of the tab is
 * kept as {@code target/emporix-tab.png}.
 */
@ExtendWith(KeycloakExtension.class)
class EmporixTabBrowserIT {

    static final String REALM = "browsershop";

    @Test
    void anAdminSwitchesARealmOnInTheTabAndItServesAnonymousTokens(Server server) throws Exception {
        if (server.admin("GET", "/" + REALM, null).status() != 200) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("realm", REALM);
            rep.put("enabled", true);
            rep.put(
                    "clients",
                    List.of(
                            Map.of(
                                    "clientId",
                                    "storefront",
                                    "publicClient",
                                    true,
                                    "directAccessGrantsEnabled",
                                    true)));
            assertEquals(
                    201,
                    server.send(
                                    "POST",
                                    server.baseUrl() + "/admin/realms",
                                    "application/json",
                                    Server.toJson(rep),
                                    "Authorization",
                                    "Bearer " + server.adminToken())
                            .status());
        }
        assertEquals(
                404,
                server.get(
                                server.baseUrl()
                                        + "/customerlogin/auth/anonymous/login?tenant="
                                        + REALM
                                        + "&client_id=storefront")
                        .status());

        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(
                    server.baseUrl()
                            + "/admin/master/console/#/"
                            + REALM
                            + "/realm-settings/emporix");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")))
                    .sendKeys("admin");
            browser.findElement(By.id("password")).sendKeys("admin");
            browser.findElement(By.id("kc-login")).click();

            WebElement enabled =
                    wait.until(
                            ExpectedConditions.presenceOfElementLocated(
                                    By.cssSelector("[data-testid='enabled']")));
            assertFalse(enabled.isSelected(), "the realm is no tenant yet");
            // The switch's checkbox is hidden behind its styled label: click the label, as a user
            // does.
            browser.findElement(By.xpath("//label[.//input[@data-testid='enabled']]")).click();
            WebElement url = browser.findElement(By.cssSelector("[data-testid='storefrontUrl']"));
            url.clear();
            url.sendKeys("https://browser-shop.example");
            browser.findElement(By.cssSelector("[data-testid='save']")).click();
            wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(
                            By.cssSelector("[data-testid='global-alerts']"), "Saved successfully"));

            HttpResult anonymous =
                    server.get(
                            server.baseUrl()
                                    + "/customerlogin/auth/anonymous/login?tenant="
                                    + REALM
                                    + "&client_id=storefront");
            assertEquals(200, anonymous.status(), anonymous::toString);
            assertEquals(
                    "https://browser-shop.example",
                    server.adminJson("/" + REALM).at("/attributes/emporix.storefrontUrl").asText());
            // A tenant switched on in the tab signs its saas_token with its own EC key, as one
            // switched on any other way.
            String email = "tab-" + System.nanoTime() + "@example.com";
            server.createCustomer(REALM, email, "tab-pass-1");
            String saas =
                    new Storefront(server, MountUnderTest.ROOT)
                            .customer(REALM, email, "tab-pass-1")
                            .get("saas_token")
                            .asText();
            Jwts.verified(server, REALM, saas, "ES256");

            // Opened again, the tab shows the tenant as it is now, with its health report.
            browser.navigate().refresh();
            WebElement health =
                    wait.until(
                            ExpectedConditions.presenceOfElementLocated(
                                    By.cssSelector("[data-testid='healthReport']")));
            wait.until(d -> !health.getAttribute("value").isBlank());
            assertTrue(browser.findElement(By.cssSelector("[data-testid='enabled']")).isSelected());
            assertTrue(health.getAttribute("value").contains("SMTP"), health.getAttribute("value"));
            ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "emporix-tab.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    /**
     * Debian's headless Chromium and its driver; on a machine without them: apt-get install
     * chromium chromium-driver.
     */
    static WebDriver chromium() throws IOException {
        Path binary = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(binary) || !Files.isExecutable(driver)) {
            throw new IllegalStateException(
                    "Chromium is needed for this test: apt-get install chromium chromium-driver"
                            + " (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1100",
                "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(driver.toFile())
                        .usingAnyFreePort()
                        .build();
        return new ChromeDriver(service, options);
    }
}
