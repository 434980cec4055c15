package dev.kcemporix.auth.apidoc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kcemporix.auth.anonymous.AnonymousTokenResponse;
import dev.kcemporix.auth.apidoc.Operation.Caller;
import dev.kcemporix.auth.customer.CustomerTokenResponse;
import dev.kcemporix.auth.customer.ValidationResponse;
import dev.kcemporix.auth.mfa.MfaResource;
import dev.kcemporix.auth.mfa.OtpDevice;
import dev.kcemporix.auth.mfa.OtpOffer;
import dev.kcemporix.auth.migration.ImportResult;
import dev.kcemporix.auth.migration.RetentionConfig;
import dev.kcemporix.auth.selfservice.AnonymousProfileResponse;
import dev.kcemporix.auth.selfservice.ProfileResponse;
import dev.kcemporix.auth.selfservice.SignUpResponse;
import dev.kcemporix.auth.service.ServiceTokenResponse;
import dev.kcemporix.auth.sessions.CustomerSession;
import dev.kcemporix.auth.sessions.SessionsResource;
import dev.kcemporix.auth.social.SocialLoginResponse;
import dev.kcemporix.auth.social.TokenExchangeResponse;

/**
 * Every call the jar serves, in the README's words and the order a storefront meets them. The
 * bodies are the records the features answer with, so a renamed field changes the document too.
 */
final class ApiOperations {

    static final String ANONYMOUS = "Anonymous token";
    static final String LOGIN = "Customer login";
    static final String SELF_SERVICE = "Self-service";
    static final String MFA = "One-time codes";
    static final String SESSIONS = "Sessions";
    static final String SERVICE = "Service token";
    static final String SOCIAL = "Social login and token exchange";
    static final String MIGRATION = "Import and migration";

    private static final String TENANT = "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private ApiOperations() {
    }

    static List<Operation> all() {
        return List.of(
                Operation.of("GET,POST", "/customerlogin/auth/anonymous/login", ANONYMOUS, "An anonymous token for a visitor")
                        .describe("The first call of a storefront. The `sessionId` is the visitor's session: a login with this token keeps it. "
                                + "An `Authorization` header (SDKs send their last token on every call) is ignored.")
                        .caller(Caller.ANY_TOKEN_OR_NONE)
                        .optional("tenant", TENANT + " Required at the root unless the `Emporix-Tenant` header names it (also `hybris-tenant`); "
                                + "on the realm mount the realm of the path.")
                        .required("client_id", "A storefront client of the tenant (a public Keycloak client).")
                        .optional("currency", "Kept with the visitor's session.")
                        .optional("siteCode", "Kept with the visitor's session.")
                        .optional("language", "Kept with the visitor's session.")
                        .optional("targetLocation", "Kept with the visitor's session.")
                        .answers(200, AnonymousTokenResponse.class).refuses(401),
                Operation.of("GET,POST", "/customerlogin/auth/anonymous/refresh", ANONYMOUS, "A new anonymous token, same session")
                        .describe("The deprecated `anonymous_token` may be sent too; it is ignored when `refresh_token` is present, and so is an "
                                + "`Authorization` header.")
                        .caller(Caller.ANY_TOKEN_OR_NONE)
                        .optional("tenant", TENANT + " As for the anonymous login.")
                        .required("client_id", "The storefront client the refresh token was issued to.")
                        .required("refresh_token", "The anonymous refresh token (also `refreshToken`).")
                        .answers(200, AnonymousTokenResponse.class).refuses(401),

                Operation.of("POST", "/customer/{tenant}/login", LOGIN, "Customer login with e-mail and password")
                        .describe("With a one-time-code device, send `otp` too: without it (and only when the password is right) the answer is "
                                + "401 `otp_required`; a wrong code is 401 `invalid_otp`. On a 401, SDKs refresh the anonymous token and send the "
                                + "same login again: that works. Where the tenant moves customers in by login-through migration, an e-mail "
                                + "unknown here is tried at the source shop; a source that does not answer is 503 `migration_unavailable`.")
                        .caller(Caller.ANONYMOUS).inPath("tenant", TENANT)
                        .required("email", "The login e-mail.")
                        .secret("password", true, "At least 6 characters.")
                        .secret("otp", false, "A one-time code, for a customer with a device.")
                        .answers(200, CustomerTokenResponse.class).refuses(401, 503),
                Operation.of("GET,POST", "/customer/{tenant}/refreshauthtoken", LOGIN, "New customer tokens; optionally for a legal entity")
                        .describe("The refresh token proves the customer; the `Authorization` header may carry the anonymous token, the customer "
                                + "token, or nothing. With `legalEntityId` the new tokens carry that legal entity (403 unless the customer belongs "
                                + "to it); without it they carry none. 503 `not_configured` when the storefront client cannot carry one.")
                        .caller(Caller.ANY_TOKEN_OR_NONE).inPath("tenant", TENANT)
                        .required("refreshToken", "The customer refresh token.")
                        .optional("legalEntityId", "A legal entity of the customer, as `/me` lists them.")
                        .answers(200, CustomerTokenResponse.class).refuses(401, 503),
                Operation.of("GET,POST", "/customer/{tenant}/validateauthtoken", LOGIN, "What a customer token stands for")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .answers(200, ValidationResponse.class).refuses(401),
                Operation.of("GET,POST", "/customer/{tenant}/logout", LOGIN, "End the customer's session")
                        .describe("Afterwards the token fails validation and its refresh token fails refresh.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .optional("accessToken", "The customer access token (also `access_token`); may be left out when the `Authorization` header carries it.")
                        .answers(204, null).refuses(401),

                Operation.of("POST", "/customer/{tenant}/signup", SELF_SERVICE, "Sign up a customer")
                        .describe("No tokens: with double opt-in on for the tenant, the account waits for the link of the opt-in e-mail. "
                                + "403 when the realm's *User registration* is off; 409 `conflict_resource` for a taken address (unless the "
                                + "tenant's enumeration-safe setting is on: then the same 201, and the owner gets a mail).")
                        .caller(Caller.ANONYMOUS).inPath("tenant", TENANT)
                        .jsonBody(signUpBody())
                        .answers(201, SignUpResponse.class).refuses(401, 409),
                Operation.of("GET", "/customer/{tenant}/signup/optin/{token}", SELF_SERVICE, "Confirm a sign-up: activates and logs in")
                        .caller(Caller.ANONYMOUS).inPath("tenant", TENANT).inPath("token", "The one-time token of the opt-in e-mail.")
                        .answers(200, CustomerTokenResponse.class).refuses(401),
                Operation.of("POST", "/customer/{tenant}/signup/optin/refresh_token", SELF_SERVICE, "Send the opt-in e-mail again")
                        .describe("The same 202 whether or not such a waiting account exists.")
                        .caller(Caller.ANONYMOUS).inPath("tenant", TENANT)
                        .required("email", "The address signed up with.")
                        .answers(202, null).refuses(401),
                Operation.of("POST", "/customer/{tenant}/password/reset", SELF_SERVICE, "Ask for a password-reset e-mail")
                        .describe("204 always; the e-mail goes out when the account exists. Clients also send `/password/reset/` (a trailing slash is ignored).")
                        .caller(Caller.ANONYMOUS).inPath("tenant", TENANT)
                        .required("email", "The login e-mail.")
                        .optional("site", "Which shop's page the link opens, where a tenant has several.")
                        .answers(204, null).refuses(401),
                Operation.of("POST", "/customer/{tenant}/password/reset/update", SELF_SERVICE, "Set a new password with the e-mailed token")
                        .describe("The token works once; the customer's sessions end. A refused password uses up no token.")
                        .caller(Caller.ANONYMOUS).inPath("tenant", TENANT)
                        .required("token", "The one-time token of the reset e-mail.")
                        .secret("password", true, "The new password (the realm's password policy applies).")
                        .answers(204, null).refuses(401),
                Operation.of("POST", "/customer/{tenant}/password/change", SELF_SERVICE, "Change the password")
                        .describe("A wrong current password is a 401 and counts as a failed login. The customer's other sessions end, offline "
                                + "ones included, and the customer is told by mail.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .secret("currentPassword", true, "The password now.")
                        .secret("newPassword", true, "The new password (the realm's password policy applies).")
                        .answers(204, null).refuses(401),
                Operation.of("POST", "/customer/{tenant}/me/accounts/internal/email/change", SELF_SERVICE, "Ask to change the login e-mail")
                        .describe("The one-time token goes to the new address; the old address is told. A wrong password is a 401, counted.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .optional("email", "When sent, must be the current login e-mail.")
                        .secret("password", true, "The current password.")
                        .required("newEmail", "The new login e-mail.")
                        .flag("syncContactEmail", "`true`: the contact e-mail follows (a JSON boolean, or the text `true`).")
                        .answers(204, null).refuses(401, 409),
                Operation.of("POST", "/customer/{tenant}/me/accounts/internal/email/change/confirm", SELF_SERVICE, "Confirm the new login e-mail")
                        .caller(Caller.ANONYMOUS).inPath("tenant", TENANT)
                        .required("token", "The one-time token of the e-mail to the new address.")
                        .answers(204, null).refuses(401, 409),
                Operation.of("GET", "/customer/{tenant}/me", SELF_SERVICE, "The customer's profile")
                        .describe("An anonymous token gets the anonymous profile. `expand` is accepted and ignored.")
                        .caller(Caller.ANONYMOUS_OR_CUSTOMER).inPath("tenant", TENANT)
                        .answers(200, new Operation.OneOf(ProfileResponse.class, AnonymousProfileResponse.class)).refuses(401),
                Operation.of("PATCH,PUT", "/customer/{tenant}/me", SELF_SERVICE, "Change profile fields")
                        .describe("Only the fields sent change (PUT too: the TypeScript SDK sends PUT with the changed fields). A field sent empty "
                                + "or null is cleared; `contactEmail` cannot be. A field the customer may not edit is a 400 `read_only`.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .jsonBody(profileChangeBody())
                        .answers(200, ProfileResponse.class).refuses(401),

                Operation.of("GET", "/customer/{tenant}/me/mfa", MFA, "The customer's one-time-code devices")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .answers(200, new Operation.ListOf(OtpDevice.class)).refuses(401),
                Operation.of("POST", "/customer/{tenant}/me/mfa/otp", MFA, "Start adding a device: a new secret")
                        .describe("Needs the current password: a token alone adds no device. A wrong password is a 401 and counts as a failed "
                                + "login. The customer is told by mail once the device is added.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .secret("password", true, "The current password.")
                        .answers(200, OtpOffer.class).refuses(401),
                Operation.of("POST", "/customer/{tenant}/me/mfa/otp/confirm", MFA, "Finish adding a device with its first code")
                        .describe("A wrong code is a 400 and stores nothing.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .secret("code", true, "A code the app shows for the offered secret.")
                        .optional("label", "A name for the device.")
                        .answers(204, null).refuses(401),
                Operation.of("DELETE", "/customer/{tenant}/me/mfa/{id}", MFA, "Remove a device")
                        .describe("Only with a token from a login that used a one-time code and with the current password or a current code "
                                + "(else 403 `reauthentication_required`); a wrong one is a 401 and counts as a failed login. Another customer's or "
                                + "no device: 404. The customer is told by mail.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT).inPath("id", "The device's `id`.", MfaResource.ID)
                        .secret("password", false, "The current password (or `code`).")
                        .secret("code", false, "A current one-time code of one of the customer's devices (or `password`).")
                        .answers(204, null).refuses(401),

                Operation.of("GET", "/customer/{tenant}/me/sessions", SESSIONS, "Where the customer is logged in")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .answers(200, new Operation.ListOf(CustomerSession.class)).refuses(401),
                Operation.of("DELETE", "/customer/{tenant}/me/sessions", SESSIONS, "Log out everywhere else")
                        .describe("Every session but the token's own ends.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT)
                        .answers(204, null).refuses(401),
                Operation.of("DELETE", "/customer/{tenant}/me/sessions/{id}", SESSIONS, "End one session")
                        .describe("Another customer's session, or none: 404.")
                        .caller(Caller.CUSTOMER).inPath("tenant", TENANT).inPath("id", "The session's `id`.", SessionsResource.ID)
                        .answers(204, null).refuses(401),

                Operation.of("POST", "/customer/{tenant}/socialLogin", SOCIAL, "Log in with the code of a login through an identity provider")
                        .describe("The storefront sent the shopper to Keycloak's authorization endpoint for its storefront client (PKCE S256, "
                                + "`kc_idp_hint` = the provider's alias); Keycloak brokered the login and sent a code to the storefront's page, "
                                + "which posts it here. The code is redeemed by Keycloak's `authorization_code` grant: a used, expired, forged or "
                                + "foreign code, a wrong `code_verifier` or `redirect_uri` is a 400 `invalid_grant`. A customer with a one-time-code "
                                + "device whose brokered login asked for no code gets 401 `otp_required`; the same call with `otp` in a JSON body "
                                + "then completes the login (within 5 minutes).")
                        .caller(Caller.ANONYMOUS_TOKEN_OR_PARAMETER).inPath("tenant", TENANT)
                        .required("code", "The authorization code the storefront's page received.")
                        .optional("redirect_uri", "The `redirect_uri` of the authorization request; left out: the storefront client's one redirect URI.")
                        .optional("code_verifier", "The PKCE verifier of the authorization request.")
                        .optional("anonymous_token", "The anonymous token, where the `Authorization` header does not carry it.")
                        .optional("state", "Accepted and ignored (the storefront checks its own `state`).")
                        .secret("otp", false, "A current one-time code, for a customer with a device (after a 401 `otp_required`).")
                        .answers(200, SocialLoginResponse.class).refuses(401),
                Operation.of("POST", "/customer/{tenant}/exchangeauthtoken", SOCIAL, "A customer session for a token of an identity provider")
                        .describe("The JWT must be valid for the identity provider `config` names (signature by its keys, issuer, expiry, issued "
                                + "to its client), else 401. The customer is the one linked to the token's subject; else (tenant setting) the one "
                                + "whose verified e-mail it is; else a new customer, unless the tenant turned that off: 404. An e-mail taken by a "
                                + "customer not linked to the identity: 409. One token exchanges once. A customer with a one-time-code device "
                                + "gets 401 `otp_required`; the same call with `otp` in a JSON body completes it.")
                        .caller(Caller.ANONYMOUS_TOKEN_OR_PARAMETER).inPath("tenant", TENANT)
                        .required("subjectAccessToken", "The provider's JWT (an ID token or a JWT access token).")
                        .optional("config", "The alias of the identity provider; left out: the tenant's default, else the realm's only one.")
                        .optional("anonymous_token", "The anonymous token, where the `Authorization` header does not carry it.")
                        .secret("otp", false, "A current one-time code, for a customer with a device (after a 401 `otp_required`).")
                        .answers(200, TokenExchangeResponse.class).refuses(401, 409),

                Operation.of("POST", "/customer/{tenant}/customers/import", MIGRATION, "Import customers, with their legacy password hashes")
                        .describe("At most 200 customers per call; each item is created or refused on its own (207, one entry per item in the "
                                + "request's order). Needs a service token whose client has the client scope `customer.import_manage`. An item "
                                + "with `legacyAuth` needs an active retention configuration.")
                        .caller(Caller.SERVICE).inPath("tenant", TENANT)
                        .jsonBody(importBody())
                        .answers(207, new Operation.ListOf(ImportResult.class)).refuses(401),
                Operation.of("GET", "/customer/{tenant}/config/password-migration-retention", MIGRATION, "The retention window of legacy hashes")
                        .describe("404 when none is set. `customer.import_read` suffices.")
                        .caller(Caller.SERVICE).inPath("tenant", TENANT)
                        .answers(200, RetentionConfig.class).refuses(401),
                Operation.of("POST", "/customer/{tenant}/config/password-migration-retention", MIGRATION, "Set the retention window")
                        .describe("`emailReminderDate` defaults to 7 days before the end (tomorrow when that is not in the future), "
                                + "`emailNotificationsEnabled` to `true`.")
                        .caller(Caller.SERVICE).inPath("tenant", TENANT)
                        .required("retentionEndDate", "A future day, `YYYY-MM-DD` (UTC).")
                        .optional("emailReminderDate", "A future day up to the end, `YYYY-MM-DD`.")
                        .flag("emailNotificationsEnabled", "`true` or `false` (a JSON boolean, or the text).")
                        .answers(200, RetentionConfig.class).refuses(401),
                Operation.of("DELETE", "/customer/{tenant}/config/password-migration-retention", MIGRATION, "Remove the retention window")
                        .describe("400 while any customer still has a legacy hash.")
                        .caller(Caller.SERVICE).inPath("tenant", TENANT)
                        .answers(204, null).refuses(401),

                Operation.of("POST", "/oauth/token", SERVICE, "A service access token (client credentials)")
                        .describe("Form, JSON or query parameters alike. The tenant: the realm of the realm mount, else `tenant`, else a `tenant=T` "
                                + "entry in `scope`, else (root mount) the one tenant that has this client id; several: 400 saying so.")
                        .caller(Caller.CLIENT)
                        .required("grant_type", "`client_credentials`.")
                        .required("client_id", "A confidential client with a service account (or HTTP Basic).")
                        .secret("client_secret", false, "Its secret (or HTTP Basic).")
                        .optional("scope", "Scopes wanted, space separated; those the client lacks are left out.")
                        .optional("tenant", "The tenant, where the client id alone does not name it.")
                        .answers(200, ServiceTokenResponse.class).refuses(401));
    }

    private static Map<String, Object> signUpBody() {
        Map<String, Object> login = ordered("email", Map.of("type", "string"), "password", Map.of("type", "string"));
        return ordered("type", "object", "description", "`email` and `password` are required, here or in `signup`.", "properties", ordered(
                "email", ordered("type", "string", "description", "The login e-mail (or `signup.email`)."),
                "password", ordered("type", "string", "description", "At least 6 characters, and the realm's password policy."),
                "customerDetails", ordered("type", "object", "description", "title, firstName, middleName, lastName, contactEmail, contactPhone, "
                        + "company, preferredLanguage, preferredCurrency, preferredSite, b2b.companyRegistrationId, metadata, mixins."),
                "customerAddress", ordered("type", "object", "description", "Accepted and not kept here."),
                "signup", ordered("type", "object", "description", "Login credentials where they differ from `email` and `password`.",
                        "properties", login)));
    }

    private static Map<String, Object> importBody() {
        Map<String, Object> text = ordered("type", "string");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", ordered("type", "string", "pattern", "^[\\w-]{1,66}$", "description", "The customer number; left out: one is assigned."));
        for (String field : List.of("title", "firstName", "middleName", "lastName", "contactPhone", "company", "preferredLanguage",
                "preferredCurrency", "preferredSite")) {
            item.put(field, text);
        }
        item.put("contactEmail", ordered("type", "string", "description", "Must equal `account.email` (ignoring case)."));
        item.put("metadata", ordered("type", "object", "description", "Accepted and not kept here."));
        item.put("mixins", ordered("type", "object", "description", "Accepted and not kept here."));
        item.put("account", ordered("type", "object", "description", "`email`, and exactly one of `passwordHash` (refused: Emporix's format "
                + "is not published) or `legacyAuth`.", "properties", ordered(
                "email", text,
                "passwordHash", text,
                "legacyAuth", ordered("type", "object", "properties", ordered(
                        "algorithm", ordered("type", "string", "enum", List.of("hybris-sha512-uid-salt", "hybris-sha256-uid-salt",
                                "hybris-md5-uid-salt", "hybris-pbkdf2")),
                        "hash", ordered("type", "string", "description", "Hex or Base64; for `hybris-pbkdf2` `iterations:hexSalt:hexHash`."),
                        "context", ordered("type", "object", "properties", ordered("originalUid", ordered("type", "string",
                                "description", "The customer's uid in SAP Commerce (the salted digests' salt)."))))))));
        item.put("b2b", ordered("type", "object", "properties", ordered("legalEntities", ordered("type", "array",
                "description", "Legal entities (existing organizations) the customer becomes a member of.",
                "items", ordered("type", "object", "properties", ordered("id", text))))));
        return ordered("type", "array", "maxItems", 200, "items", ordered("type", "object", "properties", item));
    }

    private static Map<String, Object> profileChangeBody() {
        Map<String, Object> text = ordered("type", List.of("string", "null"));
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String field : List.of("title", "firstName", "middleName", "lastName", "contactEmail", "contactPhone", "company",
                "preferredLanguage", "preferredCurrency", "preferredSite")) {
            properties.put(field, text);
        }
        properties.put("b2b", ordered("type", "object", "properties", ordered("companyRegistrationId", text)));
        return ordered("type", "object", "description", "Any subset of the profile's fields.", "properties", properties);
    }

    /** A map in the order given, so every node writes the same document, byte for byte. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
