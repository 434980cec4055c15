package dev.kcemporix.auth.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

/**
 * The running Emporix tenant customers move from, asked the way a storefront asks it: an anonymous
 * token for the source's storefront client, the customer's login with the password they typed, then
 * their profile ({@code /me}). Through Keycloak's own outgoing HTTP client (its truststore and
 * proxy settings), with short timeouts and one deadline for the three calls together: Keycloak
 * interrupts a user-storage lookup that takes longer than its storage-provider timeout (3 s by
 * default), and a source that does not answer must not hold a login thread.
 */
final class SourceShop {

    /**
     * The three calls together; below Keycloak's storage-provider timeout, leaving room to create
     * the customer.
     */
    static final int DEADLINE_MILLIS = 2000;

    static final int CONNECT_TIMEOUT_MILLIS = 1000;

    /** A profile is a few KiB; a source answering more is not an Emporix tenant. */
    private static final int MAX_BODY_BYTES = 256 * 1024;

    /**
     * The source did not answer, or not as an Emporix tenant does. The message never carries a
     * password or token.
     */
    static final class Unavailable extends Exception {
        /**
         * Whether the source is down for anyone (no connection, no answer in time, no anonymous
         * token), not just for this login.
         */
        private final boolean down;

        Unavailable(String reason, boolean down) {
            super(reason, null, false, false);
            this.down = down;
        }

        Unavailable(String reason) {
            this(reason, true);
        }

        boolean down() {
            return down;
        }
    }

    private record Answer(int status, JsonNode body) {}

    private final KeycloakSession session;
    private final String baseUrl;
    private final String tenant;
    private final String clientId;

    SourceShop(KeycloakSession session, String baseUrl, String tenant, String clientId) {
        this.session = session;
        String trimmed = baseUrl == null ? "" : baseUrl.trim();
        this.baseUrl = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        this.tenant = tenant;
        this.clientId = clientId;
    }

    /**
     * The customer's profile as the source's {@code /me} answers it when the source accepts {@code
     * email} and {@code password}; null when it refuses them (400 or 401 at its login).
     */
    JsonNode customer(String email, String password) throws Unavailable {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        Answer anonymous =
                call(
                        new HttpGet(
                                uri(
                                        "/customerlogin/auth/anonymous/login?tenant="
                                                + encode(tenant)
                                                + "&client_id="
                                                + encode(clientId))),
                        deadline);
        String anonymousToken = token(anonymous, "anonymous login", true);

        HttpPost login = new HttpPost(uri("/customer/" + encode(tenant) + "/login"));
        login.setHeader("Authorization", "Bearer " + anonymousToken);
        login.setEntity(
                new StringEntity(
                        json(Map.of("email", email, "password", password)),
                        ContentType.APPLICATION_JSON));
        Answer loggedIn = call(login, deadline);
        if (loggedIn.status() == 400 || loggedIn.status() == 401) {
            return null;
        }
        // From here on what the source answers may depend on the customer: no sign that it is down
        // for everyone.
        String customerToken = token(loggedIn, "login", false);

        HttpGet me = new HttpGet(uri("/customer/" + encode(tenant) + "/me"));
        me.setHeader("Authorization", "Bearer " + customerToken);
        Answer profile = call(me, deadline);
        if (profile.status() != 200 || profile.body() == null || !profile.body().isObject()) {
            throw new Unavailable("the source's /me answered " + profile.status(), false);
        }
        return profile.body();
    }

    private java.net.URI uri(String pathAndQuery) throws Unavailable {
        try {
            return java.net.URI.create(baseUrl + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("the source's base URL is not a URL");
        }
    }

    private static String token(Answer answer, String call, boolean forAnyone) throws Unavailable {
        JsonNode token = answer.body() == null ? null : answer.body().get("access_token");
        if (answer.status() != 200 || token == null || !token.isTextual()) {
            throw new Unavailable(
                    "the source's " + call + " answered " + answer.status(), forAnyone);
        }
        return token.asText();
    }

    private Answer call(HttpRequestBase request, long deadline) throws Unavailable {
        int left = (int) (deadline - System.currentTimeMillis());
        if (left <= 0) {
            throw new Unavailable("the source took longer than " + DEADLINE_MILLIS + " ms");
        }
        request.setHeader("Accept", "application/json");
        request.setConfig(
                RequestConfig.custom()
                        .setConnectTimeout(Math.min(CONNECT_TIMEOUT_MILLIS, left))
                        .setConnectionRequestTimeout(Math.min(CONNECT_TIMEOUT_MILLIS, left))
                        .setSocketTimeout(left)
                        .setRedirectsEnabled(false)
                        .build());
        // Timeouts are per read: a source dripping bytes would outlast them. At the deadline the
        // call is aborted.
        CompletableFuture<Void> abort =
                CompletableFuture.runAsync(
                        request::abort,
                        CompletableFuture.delayedExecutor(left, TimeUnit.MILLISECONDS));
        try (CloseableHttpResponse response =
                session.getProvider(HttpClientProvider.class).getHttpClient().execute(request)) {
            return new Answer(response.getStatusLine().getStatusCode(), body(response.getEntity()));
        } catch (IOException e) {
            // The exception's class says enough (refused, timed out, aborted, TLS); its message may
            // quote the URL only.
            throw new Unavailable(
                    request.getMethod()
                            + " "
                            + request.getURI().getPath()
                            + " failed: "
                            + e.getClass().getSimpleName());
        } finally {
            abort.cancel(false);
        }
    }

    private static JsonNode body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
            }
            try {
                return JsonSerialization.mapper.readTree(bytes);
            } catch (IOException notJson) {
                return null;
            }
        }
    }

    private static String json(Map<String, String> body) {
        try {
            return JsonSerialization.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
