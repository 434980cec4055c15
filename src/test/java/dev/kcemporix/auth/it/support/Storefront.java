package dev.kcemporix.auth.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a storefront sends, through one mount: every contract call, plus the checks of the two error
 * shapes.
 */
public final class Storefront {

    private final Server server;
    private final MountUnderTest mount;

    public Storefront(Server server, MountUnderTest mount) {
        this.server = server;
        this.mount = mount;
    }

    public Server server() {
        return server;
    }

    public MountUnderTest mount() {
        return mount;
    }

    /**
     * URL of a contract path on this mount; on the realm mount the path names {@code pathRealm}.
     */
    public String url(String pathRealm, String pathAndQuery) {
        return mount.url(server, pathRealm, pathAndQuery);
    }

    public HttpResult anonymousLogin(String tenant, String query, String... headers) {
        return server.get(url(tenant, "/customerlogin/auth/anonymous/login?" + query), headers);
    }

    public HttpResult anonymousLogin(String tenant) {
        return anonymousLogin(tenant, "tenant=" + tenant + "&client_id=" + Demo.STOREFRONT);
    }

    public HttpResult anonymousRefresh(
            String tenant, String clientId, String refreshToken, String... headers) {
        return server.get(
                url(
                        tenant,
                        "/customerlogin/auth/anonymous/refresh?tenant="
                                + tenant
                                + "&client_id="
                                + clientId
                                + "&refresh_token="
                                + Server.enc(refreshToken)),
                headers);
    }

    /** A fresh anonymous login's body; fails the test when it is not a 200. */
    public JsonNode anonymous(String tenant) {
        HttpResult r = anonymousLogin(tenant);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    public HttpResult login(String tenant, String anonymousToken, String email, String password) {
        return loginWithBody(tenant, anonymousToken, "application/json", json(email, password));
    }

    public HttpResult loginWithBody(
            String tenant, String anonymousToken, String contentType, String body) {
        return anonymousToken == null
                ? server.post(url(tenant, "/customer/" + tenant + "/login"), contentType, body)
                : server.post(
                        url(tenant, "/customer/" + tenant + "/login"),
                        contentType,
                        body,
                        "Authorization",
                        "Bearer " + anonymousToken);
    }

    /**
     * Anonymous login, then customer login; the login body, failing the test when it is not a 200.
     */
    public JsonNode customer(String tenant, String email, String password) {
        HttpResult r =
                login(tenant, anonymous(tenant).get("access_token").asText(), email, password);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    public HttpResult refresh(String tenant, String refreshToken, String... headers) {
        return server.get(
                url(
                        tenant,
                        "/customer/"
                                + tenant
                                + "/refreshauthtoken?refreshToken="
                                + Server.enc(refreshToken)),
                headers);
    }

    public HttpResult refresh(String tenant, String refreshToken, String legalEntityId) {
        return server.get(
                url(
                        tenant,
                        "/customer/"
                                + tenant
                                + "/refreshauthtoken?refreshToken="
                                + Server.enc(refreshToken)
                                + "&legalEntityId="
                                + Server.enc(legalEntityId)));
    }

    public HttpResult validate(String tenant, String accessToken) {
        return accessToken == null
                ? server.get(url(tenant, "/customer/" + tenant + "/validateauthtoken"))
                : server.get(
                        url(tenant, "/customer/" + tenant + "/validateauthtoken"),
                        "Authorization",
                        "Bearer " + accessToken);
    }

    public HttpResult logout(String tenant, String accessToken) {
        return server.get(
                url(
                        tenant,
                        "/customer/" + tenant + "/logout?accessToken=" + Server.enc(accessToken)),
                "Authorization",
                "Bearer " + accessToken);
    }

    public static String json(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    public static void assertInvalidToken(HttpResult r) {
        assertEquals(401, r.status(), r::toString);
        assertEquals(
                "oauth.v2.InvalidAccessToken",
                r.json().at("/fault/detail/errorcode").asText(),
                r::toString);
        assertEquals(
                "Invalid access token", r.json().at("/fault/faultstring").asText(), r::toString);
    }

    public static void assertExpiredToken(HttpResult r) {
        assertEquals(401, r.status(), r::toString);
        assertEquals(
                "keymanagement.service.access_token_expired",
                r.json().at("/fault/detail/errorcode").asText(),
                r::toString);
        assertEquals(
                "Access Token expired", r.json().at("/fault/faultstring").asText(), r::toString);
    }

    public static void assertStandardError(int status, HttpResult r) {
        assertEquals(status, r.status(), r::toString);
        JsonNode body = r.json();
        assertEquals(status, body.get("status").asInt(), r::toString);
        assertTrue(body.get("type").asText().matches("[a-z]+(_[a-z]+)*"), r::toString);
        assertFalse(body.get("message").asText().isBlank(), r::toString);
    }
}
