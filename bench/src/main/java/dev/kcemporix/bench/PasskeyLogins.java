package dev.kcemporix.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcemporix.auth.it.support.SoftPasskey;
import dev.kcemporix.bench.Wrk.Request;

/**
 * Passkey logins of the demo tenant for the benchmark: customers who each added a passkey through
 * the API (the tests' software authenticator, ES256), and for each measurement a pool of logins
 * signed beforehand, one login ceremony and one anonymous token each. A ceremony is single-use, so
 * such a pool is sent once (a one-shot pair); every assertion carries the signature counter 0
 * (WebAuthn's "no counter", as synced passkeys send it), so two logins of one customer in any order
 * both pass, as they would for a real shopper's phone.
 */
final class PasskeyLogins {

    /** Customers with a passkey; more than the highest concurrency, so no two in flight are one customer's. */
    static final int CUSTOMERS = 64;
    /** The storefront's origin in the demo tenant's passkey policy (its extra origin). */
    static final String ORIGIN = "http://localhost:3000";

    private final Bench bench;
    private final List<Customer> customers;

    private record Customer(String email, SoftPasskey passkey) {
    }

    /** Adds a passkey to each of {@link #CUSTOMERS} new customers (a run's own: a passkey's private key lives in this process). */
    PasskeyLogins(Bench bench) {
        this.bench = bench;
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.customers = Bench.parallel(CUSTOMERS, i -> enrol("passkey-" + run + "-" + i + "@example.com"));
    }

    private Customer enrol(String email) {
        bench.adminSend("POST", "/admin/realms/demo/users", Bench.user(email));
        String anonymous = bench.get("/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront").get("access_token").asText();
        String token = bench.post("/customer/demo/login", json(Map.of("email", email, "password", Bench.PASSWORD)), "application/json", anonymous)
                .get("access_token").asText();
        JsonNode options = bench.post("/customer/demo/me/passkeys/registration-options", json(Map.of("password", Bench.PASSWORD)),
                "application/json", token);
        SoftPasskey passkey = new SoftPasskey(ORIGIN);
        bench.post("/customer/demo/me/passkeys", json(Map.of("ceremonyId", options.get("ceremonyId").asText(),
                "credential", passkey.register(options.get("publicKey")), "label", "bench")), "application/json", token);
        return new Customer(email, passkey);
    }

    /** {@code n} passkey logins, customer by customer in turn, each with its own visitor and ceremony, signed now. */
    List<Request> pool(int n) {
        List<JsonNode> ceremonies = Bench.parallel(n, i -> {
            String anonymous = bench.get("/customerlogin/auth/anonymous/login?tenant=demo&client_id=storefront").get("access_token").asText();
            return Bench.JSON.createObjectNode().put("anonymous", anonymous)
                    .set("options", bench.post("/customer/demo/passkey/login-options", "{}", "application/json", anonymous));
        });
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> {
            JsonNode ceremony = ceremonies.get(i);
            SoftPasskey passkey = customers.get(i % CUSTOMERS).passkey();
            passkey.nextCounter = 0;
            String body = json(Map.of("ceremonyId", ceremony.at("/options/ceremonyId").asText(),
                    "credential", passkey.assert_(ceremony.at("/options/publicKey"))));
            return new Request("POST", "/customer/demo/passkey/login", Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + ceremony.get("anonymous").asText()), body);
        }).toList();
    }

    private static String json(Object value) {
        try {
            return Bench.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
