package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Server;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The self-service calls as a storefront makes them, on the mount of the subclass: shared by the
 * self-service scenarios.
 */
abstract class SelfServiceCalls extends MountScenarios {

    /**
     * {@code base} with the key/value pairs of {@code more} added: realm settings for a scenario's
     * realm.
     */
    static Map<String, Object> with(Map<String, Object> base, Object... more) {
        Map<String, Object> all = new LinkedHashMap<>(base);
        for (int i = 0; i + 1 < more.length; i += 2) {
            all.put((String) more[i], more[i + 1]);
        }
        return all;
    }

    /** A new address, {@code prefix} first. */
    static String address(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    String url(String tenant, String path) {
        return storefront.url(tenant, "/customer/" + tenant + path);
    }

    /** A fresh anonymous access token of {@code tenant}. */
    String anonymous(String tenant) {
        return storefront.anonymous(tenant).get("access_token").asText();
    }

    HttpResult post(String tenant, String path, String bearer, Object body) {
        return server.post(
                url(tenant, path),
                "application/json",
                Server.toJson(body),
                "Authorization",
                "Bearer " + bearer);
    }

    /** A call of {@code tenant} with a bearer token; {@code body}, when not null, as JSON. */
    HttpResult send(String tenant, String method, String path, String token, Object body) {
        return server.send(
                method,
                url(tenant, path),
                body == null ? null : "application/json",
                body == null ? null : Server.toJson(body),
                "Authorization",
                "Bearer " + token);
    }

    /** The access token of a login answer; fails the test when the login is not a 200. */
    static String accessToken(HttpResult login) {
        assertEquals(200, login.status(), login::toString);
        return login.json().get("access_token").asText();
    }

    HttpResult login(String tenant, String email, String password) {
        return storefront.login(tenant, anonymous(tenant), email, password);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
