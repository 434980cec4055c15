package dev.kcemporix.auth.it;

import static dev.kcemporix.auth.it.support.Storefront.assertInvalidToken;
import static dev.kcemporix.auth.it.support.Storefront.assertStandardError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcemporix.auth.it.support.ExternalProvider;
import dev.kcemporix.auth.it.support.HttpResult;
import dev.kcemporix.auth.it.support.Jwts;
import dev.kcemporix.auth.it.support.Server;
import dev.kcemporix.auth.it.support.Totp;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/**
 * Social login and token exchange (docs/endpoints.md, *Social login and token exchange*): a second
 * realm of the test Keycloak is the external OpenID provider; the tenant brokers it. The browser
 * part runs in headless Chromium: the storefront's page, Keycloak's authorization endpoint with
 * {@code kc_idp_hint}, the provider's login form, first-broker-login, back to the page with a code.
 */
abstract class SocialLoginScenarios extends MountScenarios {

    static final String PASSWORD = "provider-pass-1";
    static ExternalProvider provider;

    @BeforeAll
    static void provider() {
        provider = ExternalProvider.create(server);
    }

    @AfterAll
    static void closeProvider() {
        provider.close();
    }

    String tenant() {
        return provider.tenant();
    }

    String anonymousToken(String tenant) {
        return storefront.anonymous(tenant).get("access_token").asText();
    }

    JsonNode anonymousOf(String tenant) {
        return storefront.anonymous(tenant);
    }

    HttpResult socialLogin(String tenant, String anonymous, String query) {
        return server.send(
                "POST",
                storefront.url(tenant, "/customer/" + tenant + "/socialLogin?" + query),
                null,
                null,
                "Authorization",
                "Bearer " + anonymous);
    }

    HttpResult exchange(String tenant, String anonymous, String subjectToken, String config) {
        return server.send(
                "POST",
                storefront.url(
                        tenant,
                        "/customer/"
                                + tenant
                                + "/exchangeauthtoken?subjectAccessToken="
                                + Server.enc(subjectToken)
                                + (config == null ? "" : "&config=" + Server.enc(config))),
                null,
                null,
                "Authorization",
                "Bearer " + anonymous);
    }

    /**
     * A code from the whole browser flow for a new person at the provider, and its PKCE verifier.
     */
    String[] browserCode(String email) throws IOException {
        provider.person(email, PASSWORD, true);
        return browserCodeAgain(email);
    }

    /** A code from the whole browser flow for a person the provider has, and its PKCE verifier. */
    String[] browserCodeAgain(String email) throws IOException {
        String[] pkce = ExternalProvider.pkce();
        WebDriver browser = EmporixTabBrowserIT.chromium();
        try {
            return new String[] {provider.browserLogin(browser, email, PASSWORD, pkce[1]), pkce[0]};
        } finally {
            browser.quit();
        }
    }

    static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void aShopperSignsInThroughTheProviderAndTheCodeBecomesACustomerSession() throws IOException {
        String email = email("social");
        String[] code = browserCode(email);
        JsonNode anonymous = anonymousOf(tenant());
        HttpResult r =
                socialLogin(
                        tenant(),
                        anonymous.get("access_token").asText(),
                        "code="
                                + Server.enc(code[0])
                                + "&redirect_uri="
                                + Server.enc(provider.callbackUrl())
                                + "&code_verifier="
                                + code[1]);
        assertEquals(200, r.status(), r::toString);
        JsonNode body = r.json();
        // Emporix sends these two lifetimes as strings here.
        assertTrue(
                body.get("expires_in").isTextual()
                        && body.get("refresh_token_expires_in").isTextual(),
                body::toString);
        assertTrue(Long.parseLong(body.get("expires_in").asText()) > 0);
        assertTrue(body.get("session_idle_time").isNumber(), body::toString);
        assertTrue(body.get("scope").asText().endsWith("tenant=" + tenant()), body::toString);
        String customerNumber = Jwts.claims(body.get("saas_token").asText()).get("sub").asText();
        assertTrue(
                customerNumber.matches("C\\d{12}"),
                "Keycloak's first broker login created a customer with a customer number: "
                        + customerNumber);
        // The provider stores tokens: its own access and ID token come along.
        assertEquals(
                provider.subjectOf(email),
                Jwts.claims(body.get("social_access_token").asText()).get("sub").asText());
        assertFalse(body.get("social_id_token").asText().isBlank());

        String accessToken = body.get("access_token").asText();
        HttpResult validated = storefront.validate(tenant(), accessToken);
        assertEquals(200, validated.status(), validated::toString);
        assertEquals(
                anonymous.get("sessionId").asText(),
                validated.json().get("sessionId").asText(),
                "the visitor's session is kept");
        HttpResult me =
                server.get(
                        storefront.url(tenant(), "/customer/" + tenant() + "/me"),
                        "Authorization",
                        "Bearer " + accessToken);
        assertEquals(200, me.status(), me::toString);
        assertTrue(
                me.json()
                        .get("accounts")
                        .toString()
                        .contains("\"providerId\":\"" + ExternalProvider.ALIAS + "\""),
                me::toString);
        HttpResult refreshed = storefront.refresh(tenant(), body.get("refresh_token").asText());
        assertEquals(200, refreshed.status(), refreshed::toString);
        assertEquals(
                204,
                storefront
                        .logout(tenant(), refreshed.json().get("access_token").asText())
                        .status());
        assertEquals(
                401,
                storefront
                        .refresh(tenant(), refreshed.json().get("refresh_token").asText())
                        .status());

        // The code is single use.
        HttpResult replayed =
                socialLogin(
                        tenant(),
                        anonymousToken(tenant()),
                        "code="
                                + Server.enc(code[0])
                                + "&redirect_uri="
                                + Server.enc(provider.callbackUrl())
                                + "&code_verifier="
                                + code[1]);
        assertStandardError(400, replayed);
        assertEquals("invalid_grant", replayed.json().get("type").asText());
    }

    @Test
    void whatRealClientsSendWorksTooTheAnonymousTokenAndStateInTheQueryAndNoRedirectUri()
            throws IOException {
        String[] code = browserCode(email("variant"));
        String anonymous = anonymousToken(tenant());
        HttpResult r =
                server.send(
                        "POST",
                        storefront.url(
                                tenant(),
                                "/customer/"
                                        + tenant()
                                        + "/socialLogin?code="
                                        + Server.enc(code[0])
                                        + "&code_verifier="
                                        + code[1]
                                        + "&state=xyz&anonymous_token="
                                        + Server.enc(anonymous)),
                        null,
                        null);
        assertEquals(200, r.status(), r::toString);
        assertFalse(r.json().get("access_token").asText().isBlank());
    }

    @Test
    void aWrongOrMissingVerifierAWrongRedirectUriOrAForgedCodeIssueNothing() throws IOException {
        String redirect = "&redirect_uri=" + Server.enc(provider.callbackUrl());
        // Each case with a code of its own: Keycloak spends a code on any attempt, so a second case
        // on one code would prove nothing.
        for (String refusedPart :
                new String[] {
                    "&code_verifier=" + ExternalProvider.pkce()[0], "", "&redirect_uri-other"
                }) {
            String[] code = browserCode(email("refused"));
            String query =
                    "code="
                            + Server.enc(code[0])
                            + (refusedPart.equals("&redirect_uri-other")
                                    ? "&redirect_uri="
                                            + Server.enc(provider.callbackUrl() + "/other")
                                            + "&code_verifier="
                                            + code[1]
                                    : redirect + refusedPart);
            HttpResult r = socialLogin(tenant(), anonymousToken(tenant()), query);
            assertStandardError(400, r);
            assertEquals("invalid_grant", r.json().get("type").asText(), query);
            assertFalse(
                    r.body().contains(code[0]) || r.body().contains(code[1]),
                    "the answer echoes no code or verifier");
            // And the code is spent: the right request afterwards is refused too.
            assertStandardError(
                    400,
                    socialLogin(
                            tenant(),
                            anonymousToken(tenant()),
                            "code="
                                    + Server.enc(code[0])
                                    + redirect
                                    + "&code_verifier="
                                    + code[1]));
        }
        String forged = UUID.randomUUID() + "." + UUID.randomUUID() + "." + UUID.randomUUID();
        HttpResult r =
                socialLogin(
                        tenant(),
                        anonymousToken(tenant()),
                        "code="
                                + forged
                                + redirect
                                + "&code_verifier="
                                + ExternalProvider.pkce()[0]);
        assertStandardError(400, r);
        assertEquals("invalid_grant", r.json().get("type").asText());
        // No anonymous token: the gateway's 401, and the code not even tried.
        assertInvalidToken(
                server.send(
                        "POST",
                        storefront.url(
                                tenant(),
                                "/customer/" + tenant() + "/socialLogin?code=" + forged + redirect),
                        null,
                        null));
    }

    @Test
    void aCodeOfOneStorefrontIsRefusedToAnother() throws IOException {
        String other = "storefront-b";
        if (server.adminJson("/" + tenant() + "/clients?clientId=" + other).isEmpty()) {
            assertEquals(
                    201,
                    server.admin(
                                    "POST",
                                    "/" + tenant() + "/clients",
                                    Map.of(
                                            "clientId",
                                            other,
                                            "publicClient",
                                            true,
                                            "directAccessGrantsEnabled",
                                            true,
                                            "standardFlowEnabled",
                                            true,
                                            "redirectUris",
                                            java.util.List.of(provider.callbackUrl())))
                            .status());
        }
        String[] code = browserCode(email("foreign"));
        HttpResult anonymousOfOther =
                storefront.anonymousLogin(tenant(), "tenant=" + tenant() + "&client_id=" + other);
        assertEquals(200, anonymousOfOther.status(), anonymousOfOther::toString);
        HttpResult r =
                socialLogin(
                        tenant(),
                        anonymousOfOther.json().get("access_token").asText(),
                        "code="
                                + Server.enc(code[0])
                                + "&redirect_uri="
                                + Server.enc(provider.callbackUrl())
                                + "&code_verifier="
                                + code[1]);
        assertStandardError(400, r);
        assertEquals("invalid_grant", r.json().get("type").asText());
    }

    @Test
    void anIdTokenOfTheProviderBecomesACustomerTheSameEachTime() {
        String email = provider.person(email("exchange"), PASSWORD, true);
        Map<String, String> tokens =
                provider.tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD);
        JsonNode anonymous = anonymousOf(tenant());
        HttpResult r =
                exchange(
                        tenant(),
                        anonymous.get("access_token").asText(),
                        tokens.get("id_token"),
                        ExternalProvider.ALIAS);
        assertEquals(200, r.status(), r::toString);
        JsonNode body = r.json();
        assertEquals(tokens.get("id_token"), body.get("subject_access_token").asText());
        assertTrue(
                body.get("expires_in").isNumber()
                        && body.get("refresh_token_expires_in").isNumber(),
                body::toString);
        assertEquals(anonymous.get("sessionId").asText(), body.get("session_id").asText());
        String customer = Jwts.claims(body.get("saas_token").asText()).get("sub").asText();
        assertTrue(
                customer.matches("C\\d{12}"), "a new customer gets a customer number: " + customer);

        HttpResult validated = storefront.validate(tenant(), body.get("access_token").asText());
        assertEquals(200, validated.status(), validated::toString);
        assertEquals(
                anonymous.get("sessionId").asText(), validated.json().get("sessionId").asText());
        String userId =
                server.adminJson("/" + tenant() + "/users?exact=true&email=" + Server.enc(email))
                        .get(0)
                        .get("id")
                        .asText();
        assertEquals(
                1,
                server.events(tenant(), "TOKEN_EXCHANGE", userId).size(),
                "the exchange is a Keycloak event of this customer");

        // The provider's access token (issued to the broker client) names the same person: the same
        // customer, no second account.
        HttpResult again =
                exchange(tenant(), anonymousToken(tenant()), tokens.get("access_token"), null);
        assertEquals(200, again.status(), again::toString);
        assertEquals(
                customer, Jwts.claims(again.json().get("saas_token").asText()).get("sub").asText());
        assertEquals(
                1,
                server.adminJson("/" + tenant() + "/users?exact=true&email=" + Server.enc(email))
                        .size());

        HttpResult refreshed =
                storefront.refresh(tenant(), again.json().get("refresh_token").asText());
        assertEquals(200, refreshed.status(), refreshed::toString);
        assertEquals(
                204,
                storefront
                        .logout(tenant(), refreshed.json().get("access_token").asText())
                        .status());
        assertInvalidToken(
                storefront.validate(tenant(), refreshed.json().get("access_token").asText()));
    }

    @Test
    void forgedUnsignedTamperedOrForeignTokensAreRefused() {
        String email = provider.person(email("forged"), PASSWORD, true);
        String idToken =
                provider.tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD).get("id_token");
        ObjectNode claims = Jwts.claims(idToken);
        String victim = email("victim");
        ObjectNode otherPerson =
                claims.deepCopy().put("sub", UUID.randomUUID().toString()).put("email", victim);
        String otherClientToken =
                provider.tokens(ExternalProvider.OTHER_CLIENT, email, PASSWORD).get("access_token");
        for (String token :
                new String[] {
                    Jwts.signedByStranger(Jwts.header(idToken), claims),
                    Jwts.unsigned(claims),
                    Jwts.tampered(idToken, otherPerson),
                    otherClientToken,
                    "not-a-jwt",
                    idToken + "x"
                }) {
            HttpResult r =
                    exchange(tenant(), anonymousToken(tenant()), token, ExternalProvider.ALIAS);
            assertInvalidToken(r);
            assertFalse(r.body().contains(token), "the answer does not echo the token");
        }
        assertEquals(
                0,
                server.adminJson("/" + tenant() + "/users?exact=true&email=" + Server.enc(email))
                        .size(),
                "nobody was created");
        assertEquals(
                0,
                server.adminJson("/" + tenant() + "/users?exact=true&email=" + Server.enc(victim))
                        .size(),
                "nobody was created for the tampered token's address");
    }

    @Test
    void anUnknownProviderIs400AndADisabledCustomerIs401() {
        String email = provider.person(email("disabled"), PASSWORD, true);
        String idToken =
                provider.tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD).get("id_token");
        HttpResult unknown =
                exchange(tenant(), anonymousToken(tenant()), idToken, "no-such-provider");
        assertStandardError(400, unknown);
        assertEquals(
                200,
                exchange(tenant(), anonymousToken(tenant()), idToken, ExternalProvider.ALIAS)
                        .status());
        String userId =
                server.adminJson("/" + tenant() + "/users?exact=true&email=" + Server.enc(email))
                        .get(0)
                        .get("id")
                        .asText();
        Map<String, Object> user =
                Server.fromJson(server.adminJson("/" + tenant() + "/users/" + userId));
        user.put("enabled", false);
        assertEquals(204, server.admin("PUT", "/" + tenant() + "/users/" + userId, user).status());
        String laterIdToken =
                provider.tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD).get("id_token");
        HttpResult refused =
                exchange(tenant(), anonymousToken(tenant()), laterIdToken, ExternalProvider.ALIAS);
        assertEquals(401, refused.status(), refused::toString);
        HttpResult noAnonymous =
                server.send(
                        "POST",
                        storefront.url(
                                tenant(),
                                "/customer/"
                                        + tenant()
                                        + "/exchangeauthtoken?subjectAccessToken="
                                        + Server.enc(idToken)),
                        null,
                        null);
        assertInvalidToken(noAnonymous);
    }

    @Test
    void aWrongIssuerAnExpiredTokenAndADisabledProviderAreRefused() throws InterruptedException {
        ExternalProvider elsewhere =
                provider.anotherTenant(
                        Map.of(), Map.of("issuer", "https://elsewhere.example/realms/x"));
        try {
            String email = elsewhere.person(email("issuer"), PASSWORD, true);
            String idToken =
                    elsewhere
                            .tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD)
                            .get("id_token");
            assertInvalidToken(
                    exchange(
                            elsewhere.tenant(),
                            anonymousToken(elsewhere.tenant()),
                            idToken,
                            ExternalProvider.ALIAS));
        } finally {
            elsewhere.close();
        }
        ExternalProvider shortLived = ExternalProvider.create(server);
        try {
            String clientId =
                    server.adminJson(
                                    "/"
                                            + shortLived.providerRealm()
                                            + "/clients?clientId="
                                            + ExternalProvider.BROKER_CLIENT)
                            .get(0)
                            .get("id")
                            .asText();
            Map<String, Object> client =
                    Server.fromJson(
                            server.adminJson(
                                    "/" + shortLived.providerRealm() + "/clients/" + clientId));
            client.put("attributes", Map.of("access.token.lifespan", "1"));
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/" + shortLived.providerRealm() + "/clients/" + clientId,
                                    client)
                            .status());
            String email = shortLived.person(email("expired"), PASSWORD, true);
            String idToken =
                    shortLived
                            .tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD)
                            .get("id_token");
            Thread.sleep(2500);
            assertInvalidToken(
                    exchange(
                            shortLived.tenant(),
                            anonymousToken(shortLived.tenant()),
                            idToken,
                            ExternalProvider.ALIAS));

            String fresh =
                    shortLived
                            .tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD)
                            .get("id_token");
            JsonNode idp =
                    server.adminJson(
                            "/"
                                    + shortLived.tenant()
                                    + "/identity-provider/instances/"
                                    + ExternalProvider.ALIAS);
            Map<String, Object> disabled = Server.fromJson(idp);
            disabled.put("enabled", false);
            assertEquals(
                    204,
                    server.admin(
                                    "PUT",
                                    "/"
                                            + shortLived.tenant()
                                            + "/identity-provider/instances/"
                                            + ExternalProvider.ALIAS,
                                    disabled)
                            .status());
            assertEquals(
                    401,
                    exchange(shortLived.tenant(), anonymousToken(shortLived.tenant()), fresh, null)
                            .status());
        } finally {
            shortLived.close();
        }
    }

    @Test
    void anUnverifiedEmailIsNeverTakenOverAndWithoutAutoProvisioningAnUnknownIdentityIs404() {
        ExternalProvider byEmail =
                provider.anotherTenant(
                        Map.of(
                                "emporix.exchange.identifier",
                                "EMAIL",
                                "emporix.exchange.autoProvisioning",
                                "false"),
                        Map.of());
        try {
            String tenant = byEmail.tenant();
            // A customer of the shop; at the provider, someone registers the same address without
            // proving it.
            String victim = email("victim");
            String victimId = server.createCustomer(tenant, victim, "victim-pass-1");
            byEmail.person(victim, PASSWORD, false);
            String unverified =
                    byEmail.tokens(ExternalProvider.BROKER_CLIENT, victim, PASSWORD)
                            .get("id_token");
            HttpResult refused = exchange(tenant, anonymousToken(tenant), unverified, null);
            assertStandardError(404, refused);
            assertEquals(
                    0,
                    server.adminJson("/" + tenant + "/users/" + victimId + "/federated-identity")
                            .size(),
                    "not linked");

            // The same address verified at the provider: the shop's verified customer is linked,
            // not duplicated.
            String owner = email("owner");
            String ownerId = server.createCustomer(tenant, owner, "owner-pass-1");
            byEmail.person(owner, PASSWORD, true);
            HttpResult linked =
                    exchange(
                            tenant,
                            anonymousToken(tenant),
                            byEmail.tokens(ExternalProvider.BROKER_CLIENT, owner, PASSWORD)
                                    .get("id_token"),
                            null);
            assertEquals(200, linked.status(), linked::toString);
            assertEquals(
                    1,
                    server.adminJson("/" + tenant + "/users/" + ownerId + "/federated-identity")
                            .size());
            assertEquals(
                    ownerId,
                    Jwts.claims(linked.json().get("access_token").asText()).get("sub").asText());

            // Nobody in the shop has this address, and creating customers is off.
            String stranger = byEmail.person(email("stranger"), PASSWORD, true);
            assertStandardError(
                    404,
                    exchange(
                            tenant,
                            anonymousToken(tenant),
                            byEmail.tokens(ExternalProvider.BROKER_CLIENT, stranger, PASSWORD)
                                    .get("id_token"),
                            null));
            assertEquals(
                    0,
                    server.adminJson(
                                    "/"
                                            + tenant
                                            + "/users?exact=true&email="
                                            + Server.enc(stranger))
                            .size());
        } finally {
            byEmail.close();
        }
    }

    @Test
    void trustEmailTakesOverNoAccountAndALinkOnlyProviderLogsNobodyIn() {
        ExternalProvider trusting =
                provider.anotherTenant(
                        Map.of("emporix.exchange.identifier", "EMAIL"),
                        Map.of("trustEmail", "true"));
        try {
            String tenant = trusting.tenant();
            // The provider lets anyone set an address without proving it, and the admin trusts its
            // e-mails.
            String victim = email("trusted");
            String victimId = server.createCustomer(tenant, victim, "victim-pass-1");
            trusting.person(victim, PASSWORD, false);
            HttpResult r =
                    exchange(
                            tenant,
                            anonymousToken(tenant),
                            trusting.tokens(ExternalProvider.BROKER_CLIENT, victim, PASSWORD)
                                    .get("id_token"),
                            null);
            // "Trust email" makes the address count as verified for a new customer only: the taken
            // address is a conflict, no takeover.
            assertStandardError(409, r);
            assertEquals("conflict_resource", r.json().get("type").asText(), r::toString);
            assertEquals(
                    1,
                    server.adminJson("/" + tenant + "/users?exact=true&email=" + Server.enc(victim))
                            .size());
            assertEquals(
                    0,
                    server.adminJson("/" + tenant + "/users/" + victimId + "/federated-identity")
                            .size(),
                    "not linked");
        } finally {
            trusting.close();
        }
        ExternalProvider linkOnly = provider.anotherTenant(Map.of(), Map.of("linkOnly", "true"));
        try {
            String person = linkOnly.person(email("linkonly"), PASSWORD, true);
            assertInvalidToken(
                    exchange(
                            linkOnly.tenant(),
                            anonymousToken(linkOnly.tenant()),
                            linkOnly.tokens(ExternalProvider.BROKER_CLIENT, person, PASSWORD)
                                    .get("id_token"),
                            null));
        } finally {
            linkOnly.close();
        }
    }

    @Test
    void withAutoProvisioningAnAddressOfAnUnlinkedCustomerIsAConflictNotATakeover() {
        String victim = email("taken");
        String victimId = server.createCustomer(tenant(), victim, "victim-pass-1");
        provider.person(victim, PASSWORD, true);
        HttpResult r =
                exchange(
                        tenant(),
                        anonymousToken(tenant()),
                        provider.tokens(ExternalProvider.BROKER_CLIENT, victim, PASSWORD)
                                .get("id_token"),
                        null);
        assertStandardError(409, r);
        assertEquals(
                0,
                server.adminJson("/" + tenant() + "/users/" + victimId + "/federated-identity")
                        .size());

        // Where the tenant hides who has an account, the answer is that of an identity without a
        // customer.
        ExternalProvider hiding =
                provider.anotherTenant(Map.of("emporix.signup.enumerationSafe", "true"), Map.of());
        try {
            String hidden = email("hidden");
            server.createCustomer(hiding.tenant(), hidden, "hidden-pass-1");
            hiding.person(hidden, PASSWORD, true);
            assertStandardError(
                    404,
                    exchange(
                            hiding.tenant(),
                            anonymousToken(hiding.tenant()),
                            hiding.tokens(ExternalProvider.BROKER_CLIENT, hidden, PASSWORD)
                                    .get("id_token"),
                            null));
        } finally {
            hiding.close();
        }
    }

    @Test
    void aTokenOfTheShopsAppNamingTheProvidersClientAsAudienceIsExchanged() {
        String email = provider.person(email("app"), PASSWORD, true);
        String appToken =
                provider.tokens(ExternalProvider.SHOP_APP, email, PASSWORD).get("access_token");
        assertEquals(ExternalProvider.SHOP_APP, Jwts.claims(appToken).get("azp").asText());
        HttpResult r =
                exchange(tenant(), anonymousToken(tenant()), appToken, ExternalProvider.ALIAS);
        assertEquals(
                200,
                r.status(),
                "a token meant for the shop (aud) is exchanged though its azp is the app: " + r);
    }

    @Test
    void aSubjectTokenExchangesOnce() {
        String email = provider.person(email("once"), PASSWORD, true);
        String idToken =
                provider.tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD).get("id_token");
        assertEquals(
                200,
                exchange(tenant(), anonymousToken(tenant()), idToken, ExternalProvider.ALIAS)
                        .status());
        HttpResult replayed =
                exchange(tenant(), anonymousToken(tenant()), idToken, ExternalProvider.ALIAS);
        assertInvalidToken(replayed);
    }

    @Test
    void aTenantNamingTheIssuingClientsTakesTokensOfThoseOnly() {
        ExternalProvider restricted =
                provider.anotherTenant(
                        Map.of("emporix.exchange.tokenClientIds", ExternalProvider.SHOP_APP),
                        Map.of());
        String email = provider.person(email("issuers"), PASSWORD, true);
        String brokerIdToken =
                provider.tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD).get("id_token");
        assertInvalidToken(
                exchange(
                        restricted.tenant(),
                        anonymousToken(restricted.tenant()),
                        brokerIdToken,
                        ExternalProvider.ALIAS));
        String appToken =
                provider.tokens(ExternalProvider.SHOP_APP, email, PASSWORD).get("access_token");
        HttpResult r =
                exchange(
                        restricted.tenant(),
                        anonymousToken(restricted.tenant()),
                        appToken,
                        ExternalProvider.ALIAS);
        assertEquals(200, r.status(), r::toString);
    }

    HttpResult withBody(String path, String tenant, String anonymous, Map<String, String> body) {
        return server.send(
                "POST",
                storefront.url(tenant, "/customer/" + tenant + path),
                "application/json",
                Server.toJson(body),
                "Authorization",
                "Bearer " + anonymous);
    }

    /**
     * Gives the customer {@code email} of {@code tenant} a password (admin) and a one-time-code
     * device (the API); its Base32 secret.
     */
    String withDevice(String tenant, String email, String password) {
        String userId = server.userId(tenant, email);
        assertEquals(
                204,
                server.admin(
                                "PUT",
                                "/" + tenant + "/users/" + userId + "/reset-password",
                                Map.of("type", "password", "value", password, "temporary", false))
                        .status());
        String token = storefront.customer(tenant, email, password).get("access_token").asText();
        HttpResult offer =
                server.post(
                        storefront.url(tenant, "/customer/" + tenant + "/me/mfa/otp"),
                        "application/json",
                        Server.toJson(Map.of("password", password)),
                        "Authorization",
                        "Bearer " + token);
        assertEquals(200, offer.status(), offer::toString);
        String secret = offer.json().get("secret").asText();
        HttpResult confirmed =
                server.post(
                        storefront.url(tenant, "/customer/" + tenant + "/me/mfa/otp/confirm"),
                        "application/json",
                        Server.toJson(Map.of("code", Totp.now(secret))),
                        "Authorization",
                        "Bearer " + token);
        assertEquals(204, confirmed.status(), confirmed::toString);
        return secret;
    }

    /** A code of the next period (Keycloak takes it, and it is not the one the enrolment used). */
    static String nextCode(String secret) {
        return Totp.code(secret, System.currentTimeMillis() / 1000 + 30, 6, 30, "SHA1");
    }

    @Test
    void anExchangeOfACustomerWithADeviceNeedsTheCodeTooAndTheSameCallWithItCompletes() {
        ExternalProvider byEmail =
                provider.anotherTenant(Map.of("emporix.exchange.identifier", "EMAIL"), Map.of());
        try {
            String tenant = byEmail.tenant();
            String email = byEmail.person(email("exchange-otp"), PASSWORD, true);
            server.createCustomer(tenant, email, "local-pass-1");
            String secret = withDevice(tenant, email, "local-pass-1");
            String idToken =
                    byEmail.tokens(ExternalProvider.BROKER_CLIENT, email, PASSWORD).get("id_token");
            String query = "/exchangeauthtoken?subjectAccessToken=" + Server.enc(idToken);
            HttpResult asked = exchange(tenant, anonymousToken(tenant), idToken, null);
            assertStandardError(401, asked);
            assertEquals("otp_required", asked.json().get("type").asText(), asked::toString);
            HttpResult wrong =
                    withBody(
                            query,
                            tenant,
                            anonymousToken(tenant),
                            Map.of("otp", "000000".equals(nextCode(secret)) ? "111111" : "000000"));
            assertStandardError(401, wrong);
            assertEquals("invalid_otp", wrong.json().get("type").asText(), wrong::toString);
            HttpResult done =
                    withBody(
                            query, tenant, anonymousToken(tenant), Map.of("otp", nextCode(secret)));
            assertEquals(200, done.status(), done::toString);
            HttpResult validated =
                    storefront.validate(tenant, done.json().get("access_token").asText());
            assertEquals(
                    "2",
                    validated.json().path("acr").asText(),
                    "a login with the code: " + validated);
        } finally {
            byEmail.close();
        }
    }

    @Test
    void aSocialLoginOfACustomerWithADeviceAsksForTheCodeAndTheSameCallWithItCompletes()
            throws IOException {
        String email = email("social-otp");
        String[] first = browserCode(email);
        String callback = "&redirect_uri=" + Server.enc(provider.callbackUrl());
        assertEquals(
                200,
                socialLogin(
                                tenant(),
                                anonymousToken(tenant()),
                                "code="
                                        + Server.enc(first[0])
                                        + callback
                                        + "&code_verifier="
                                        + first[1])
                        .status());
        String secret = withDevice(tenant(), email, "local-pass-2");

        String[] again = browserCodeAgain(email);
        String query =
                "/socialLogin?code="
                        + Server.enc(again[0])
                        + callback
                        + "&code_verifier="
                        + again[1];
        String anonymous = anonymousToken(tenant());
        HttpResult asked =
                socialLogin(tenant(), anonymous, query.substring("/socialLogin?".length()));
        assertStandardError(401, asked);
        assertEquals("otp_required", asked.json().get("type").asText(), asked::toString);
        assertFalse(asked.body().contains("access_token"), asked::toString);
        HttpResult done = withBody(query, tenant(), anonymous, Map.of("otp", nextCode(secret)));
        assertEquals(200, done.status(), done::toString);
        assertEquals(
                200,
                storefront.validate(tenant(), done.json().get("access_token").asText()).status());
        HttpResult replayed = withBody(query, tenant(), anonymous, Map.of("otp", nextCode(secret)));
        assertStandardError(400, replayed);

        // The same brokered login's code redeemed at Keycloak's own token endpoint instead: its
        // tokens are no customer's here.
        String[] third = browserCodeAgain(email);
        HttpResult keycloaks =
                server.postForm(
                        server.baseUrl() + "/realms/" + tenant() + "/protocol/openid-connect/token",
                        Map.of(
                                "grant_type",
                                "authorization_code",
                                "client_id",
                                "storefront",
                                "code",
                                third[0],
                                "redirect_uri",
                                provider.callbackUrl(),
                                "code_verifier",
                                third[1]));
        assertEquals(200, keycloaks.status(), keycloaks::toString);
        assertInvalidToken(
                storefront.validate(tenant(), keycloaks.json().get("access_token").asText()));
        assertInvalidToken(
                storefront.refresh(tenant(), keycloaks.json().get("refresh_token").asText()));
    }
}
