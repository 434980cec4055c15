package dev.kcemporix.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.it.support.DocumentedCall;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.KeycloakExtension;
import dev.kcemporix.auth.it.support.MountUnderTest;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Storefront;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every call of the served API document, sent alike to both mounts, answers alike: the same status,
 * the same fields, the same error type. The scenario families run on one mount each; this is what
 * shows that the other mount routes every call, checks it and answers it the same way.
 *
 * <p>A call gets the token its security names first (a fresh customer's, a visitor's anonymous
 * token, a service token with the import scopes) and, where the document gives it a body, an empty
 * JSON one: most calls answer their 400 for what is missing, the token calls their 200 or 204;
 * either way both mounts must.
 */
@ExtendWith(KeycloakExtension.class)
class MountParityIT {

    static final String TENANT = "parityshop";
    static final String PASSWORD = "parity-pass-1";
    static final String SERVICE = "parity-importer";

    @Test
    void everyDocumentedCallAnswersAlikeOnBothMounts(Server server) {
        if (server.admin("GET", "/" + TENANT, null).status() != 200) {
            // Cheap hashing: a fresh customer per call and mount.
            server.ensureRealm(
                    TENANT,
                    true,
                    Map.of(
                            "passwordPolicy",
                            "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)",
                            "registrationAllowed",
                            true),
                    Map.of("emporix.storefrontUrl", "https://parity.example"));
            server.createServiceClient(TENANT, SERVICE, "customer.import_manage");
        }
        List<String> compared = new ArrayList<>();
        for (DocumentedCall documented : DocumentedCall.served(server)) {
            String call = documented.toString();
            HttpResult root = send(server, MountUnderTest.ROOT, documented);
            HttpResult realm = send(server, MountUnderTest.REALM, documented);
            assertEquals(
                    root.status(),
                    realm.status(),
                    () -> call + ": root " + root + " | realm " + realm);
            assertEquals(
                    shape(root), shape(realm), () -> call + ": root " + root + " | realm " + realm);
            compared.add(call + " " + root.status());
        }
        System.out.printf(
                "MountParityIT: %d calls answered alike on both mounts: %s%n",
                compared.size(), compared);
        assertTrue(compared.size() >= 30, "the document lists every call: " + compared);
    }

    /**
     * The call as a client sends it to {@code mount}: its token, a sample for each path parameter,
     * an empty body.
     */
    private static HttpResult send(Server server, MountUnderTest mount, DocumentedCall call) {
        Storefront storefront = new Storefront(server, mount);
        String path =
                call.template()
                        .replace("{tenant}", TENANT)
                        .replace("{token}", "not.a.token")
                        .replace("{id}", "no-such-id");
        String query =
                path.startsWith("/customerlogin") || path.startsWith("/oauth")
                        ? "?tenant=" + TENANT + "&client_id=storefront"
                        : "";
        String url = mount.url(server, TENANT, path) + query;
        String token = token(server, storefront, call.scheme());
        String[] headers =
                token == null ? new String[0] : new String[] {"Authorization", "Bearer " + token};
        if (!call.operation().has("requestBody")) {
            return server.send(call.method(), url, null, null, headers);
        }
        String body = path.endsWith("/customers/import") ? "[]" : "{}";
        return server.send(call.method(), url, "application/json", body, headers);
    }

    /**
     * The token a call's security names first: a fresh customer's, an anonymous one, a service
     * token; none.
     */
    private static String token(Server server, Storefront storefront, String scheme) {
        switch (scheme) {
            case "customerToken" -> {
                String email =
                        "parity-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
                server.createCustomer(TENANT, email, PASSWORD);
                return storefront.customer(TENANT, email, PASSWORD).get("access_token").asText();
            }
            case "anonymousToken" -> {
                return storefront.anonymous(TENANT).get("access_token").asText();
            }
            case "serviceToken" -> {
                return server.serviceToken(TENANT, SERVICE);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * What must be alike: the top-level fields of a JSON answer (of its first item for a list) and
     * an error's type.
     */
    private static String shape(HttpResult result) {
        if (result.body().isEmpty()) {
            return "no body";
        }
        JsonNode body = result.json();
        JsonNode fields = body.isArray() && !body.isEmpty() ? body.get(0) : body;
        TreeSet<String> names = new TreeSet<>();
        fields.fieldNames().forEachRemaining(names::add);
        return names + (body.has("type") ? " type=" + body.get("type").asText() : "");
    }
}
