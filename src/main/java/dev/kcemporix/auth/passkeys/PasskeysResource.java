package dev.kcemporix.auth.passkeys;

import static dev.kcemporix.auth.api.answer.Answers.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.login.Callers;
import dev.kcemporix.auth.login.CustomerTokenResponse;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /customer/{tenant}/me/passkeys...} and {@code /customer/{tenant}/passkey/...}: a
 * customer's passkeys and the passkey login (docs/endpoints.md, *Passkeys*), on either mount.
 */
public class PasskeysResource {

    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();
    static final Parameter CEREMONY = Parameter.named("ceremonyId").bodyOnly();
    static final Parameter LABEL = Parameter.named("label");
    static final Parameter CODE = Parameter.named("code").bodyOnly();
    static final Parameter OTP = Parameter.named("otp").bodyOnly();
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static final String TAG = "Passkeys";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";
    private static final String SWITCH =
            " Off (403 `passkeys_disabled`) until the realm's WebAuthn Passwordless Policy has"
                    + " *Enable Passkeys* on.";

    private PasskeysResource() {}

    /** The passkey calls below {@code /customer/{tenant}}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "POST",
                                "/customer/{tenant}/me/passkeys/registration-options",
                                TAG,
                                "Start adding a passkey")
                        .describe(
                                "Needs the current password, or a passkey login within the maximum"
                                        + " age of Keycloak's *register passkey* action (300 s"
                                        + " unless set): a token alone adds no passkey. A wrong"
                                        + " password is a 401 and counts as a failed login. The"
                                        + " options follow the realm's passwordless policy."
                                        + SWITCH)
                        .inPath("tenant", TENANT)
                        .secret("password", false, "The current password.")
                        .secret(
                                "code",
                                false,
                                "A current one-time code: needed when the customer has a"
                                        + " one-time-code device and this session was started"
                                        + " without one (else 401 `otp_required`).")
                        .answers(200, RegistrationOptions.class)
                        .refuses(400, 401, 403)
                        .handledBy(Callers.CUSTOMER, PasskeysResource::registrationOptions),
                Route.of("POST", "/customer/{tenant}/me/passkeys", TAG, "Finish adding a passkey")
                        .describe(
                                "Keycloak's *register passkey* action checks the new credential"
                                        + " against the ceremony and the realm's policy and"
                                        + " stores it. A used, expired or foreign ceremony, or a"
                                        + " credential that does not match it: 400"
                                        + " `invalid_passkey`; a passkey the customer has"
                                        + " already: 409. The customer is told by mail."
                                        + SWITCH)
                        .inPath("tenant", TENANT)
                        .jsonBody(registrationBody())
                        .answers(201, Passkey.class)
                        .refuses(400, 401, 403, 409)
                        .handledBy(Callers.CUSTOMER, PasskeysResource::register),
                Route.of("GET", "/customer/{tenant}/me/passkeys", TAG, "The customer's passkeys")
                        .inPath("tenant", TENANT)
                        .answers(200, new Route.ListOf(Passkey.class))
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, PasskeysResource::list),
                Route.of("DELETE", "/customer/{tenant}/me/passkeys/{id}", TAG, "Remove a passkey")
                        .describe(
                                "Needs the current password, or a passkey login within the maximum"
                                        + " age; a wrong password is a 401 and counts as a failed"
                                        + " login. Another customer's or no passkey: 404. The"
                                        + " customer is told by mail.")
                        .inPath("tenant", TENANT)
                        .inPath("id", "The passkey's `id`.", ID)
                        .secret("password", false, "The current password.")
                        .answers(204, null)
                        .refuses(400, 401, 404)
                        .handledBy(Callers.CUSTOMER, PasskeysResource::remove),
                Route.of(
                                "POST",
                                "/customer/{tenant}/passkey/login-options",
                                TAG,
                                "Start a passkey login")
                        .describe(
                                "For a discoverable passkey: no address is asked and no"
                                        + " credential listed, so nothing tells who has an"
                                        + " account."
                                        + SWITCH)
                        .inPath("tenant", TENANT)
                        .jsonBody(Route.objectSchema("Empty: `{}`.", Route.schema()))
                        .answers(200, LoginOptions.class)
                        .refuses(401, 403)
                        .handledBy(Callers.VISITOR, PasskeysResource::loginOptions),
                Route.of("POST", "/customer/{tenant}/passkey/login", TAG, "Log in with a passkey")
                        .describe(
                                "Keycloak's credential provider checks the assertion (signature,"
                                        + " challenge, origin, relying party, user verification,"
                                        + " counter). The login answer, the visitor's `sessionId`"
                                        + " kept. A passkey that verified its holder (PIN,"
                                        + " biometric) is two factors: `acr` 2, no one-time code"
                                        + " asked; one that did not counts as a password. A used,"
                                        + " expired or foreign ceremony or a malformed credential:"
                                        + " 400 `invalid_passkey`; an unknown or disabled"
                                        + " customer, an unknown passkey, a bad signature, a"
                                        + " counter that went back: 401, counted like a wrong"
                                        + " password."
                                        + SWITCH)
                        .inPath("tenant", TENANT)
                        .jsonBody(loginBody())
                        .answers(200, CustomerTokenResponse.class)
                        .refuses(400, 401, 403)
                        .handledBy(Callers.VISITOR, PasskeysResource::login));
    }

    private static java.util.Map<String, Object> registrationBody() {
        return Route.objectSchema(
                null,
                Route.schema(
                        "ceremonyId",
                        Route.stringSchema("The `ceremonyId` of `registration-options`."),
                        "credential",
                        Route.objectSchema(
                                "WebAuthn's `RegistrationResponseJSON` (`credential.toJSON()`).",
                                null),
                        "label",
                        Route.stringSchema("A name for the passkey.")));
    }

    private static java.util.Map<String, Object> loginBody() {
        return Route.objectSchema(
                null,
                Route.schema(
                        "ceremonyId",
                        Route.stringSchema("The `ceremonyId` of `login-options`."),
                        "credential",
                        Route.objectSchema(
                                "WebAuthn's `AuthenticationResponseJSON` (`credential.toJSON()`).",
                                null),
                        "otp",
                        Route.stringSchema(
                                "A current one-time code: asked (401 `otp_required`) only of a"
                                        + " customer with a device whose passkey did not verify"
                                        + " its holder (no PIN or biometric).")));
    }

    private static Response registrationOptions(EmporixRequest request, AuthResult customer) {
        return json(
                new Passkeys(request.session(), request.realm())
                        .registrationOptions(
                                customer, request.optional(PASSWORD), request.optional(CODE)));
    }

    private static Response register(EmporixRequest request, AuthResult customer) {
        JsonNode body = request.json();
        Passkey added =
                new Passkeys(request.session(), request.realm())
                        .register(
                                customer,
                                request.optional(CEREMONY),
                                body.get("credential"),
                                request.optional(LABEL));
        return json(201, added);
    }

    private static Response list(EmporixRequest request, AuthResult customer) {
        return json(new Passkeys(request.session(), request.realm()).list(customer.user()));
    }

    private static Response remove(EmporixRequest request, AuthResult customer) {
        new Passkeys(request.session(), request.realm())
                .remove(customer, request.pathParameter("id"), request.optional(PASSWORD));
        return Response.noContent().build();
    }

    private static Response loginOptions(EmporixRequest request, AnonymousAccessToken visitor) {
        return json(
                new Passkeys(request.session(), request.realm())
                        .loginOptions(visitor, request.client()));
    }

    private static Response login(EmporixRequest request, AnonymousAccessToken visitor) {
        JsonNode body = request.json();
        return json(
                new Passkeys(request.session(), request.realm())
                        .login(
                                visitor,
                                request.client(),
                                request.optional(CEREMONY),
                                body.get("credential"),
                                request.optional(OTP)));
    }
}
