package dev.kcemporix.auth.selfservice;

import static dev.kcemporix.auth.api.answer.Answers.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.Answers;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.login.Callers;
import dev.kcemporix.auth.login.CustomerLogin;
import dev.kcemporix.auth.login.CustomerTokenResponse;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /customer/{tenant}/...}: the self-service calls of docs/endpoints.md, *Customer
 * self-service*, on either mount.
 */
public class SelfServiceResource {

    static final Parameter EMAIL = Parameter.named("email");
    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();
    static final Parameter SITE = Parameter.named("site");
    static final Parameter TOKEN = Parameter.named("token");
    static final Parameter CURRENT_PASSWORD = Parameter.named("currentPassword").bodyOnly();
    static final Parameter NEW_PASSWORD = Parameter.named("newPassword").bodyOnly();
    static final Parameter NEW_EMAIL = Parameter.named("newEmail");
    static final Parameter SYNC_CONTACT_EMAIL = Parameter.named("syncContactEmail");

    static final String TAG = "Self-service";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private SelfServiceResource() {}

    /** The self-service calls below {@code /customer/{tenant}}. */
    public static List<Route> routes() {
        return List.of(
                Route.of("POST", "/customer/{tenant}/signup", TAG, "Sign up a customer")
                        .describe(
                                "No tokens: with double opt-in on for the tenant, the account waits"
                                    + " for the link of the opt-in e-mail. 403 when the realm's"
                                    + " *User registration* is off; 409 `conflict_resource` for a"
                                    + " taken address (unless the tenant's enumeration-safe setting"
                                    + " is on: then the same 201, and the owner gets a mail).")
                        .inPath("tenant", TENANT)
                        .jsonBody(signUpBody())
                        .answers(201, SignUpResponse.class)
                        .refuses(401, 409)
                        .handledBy(Callers.VISITOR, SelfServiceResource::signUp),
                Route.of(
                                "GET",
                                "/customer/{tenant}/signup/optin/{token}",
                                TAG,
                                "Confirm a sign-up: activates and logs in")
                        .inPath("tenant", TENANT)
                        .inPath("token", "The one-time token of the opt-in e-mail.")
                        .answers(200, CustomerTokenResponse.class)
                        .refuses(401)
                        .handledBy(Callers.VISITOR, SelfServiceResource::optIn),
                Route.of(
                                "POST",
                                "/customer/{tenant}/signup/optin/refresh_token",
                                TAG,
                                "Send the opt-in e-mail again")
                        .describe("The same 202 whether or not such a waiting account exists.")
                        .inPath("tenant", TENANT)
                        .required("email", "The address signed up with.")
                        .answers(202, null)
                        .refuses(401)
                        .handledBy(Callers.VISITOR, SelfServiceResource::resendOptIn),
                Route.of(
                                "POST",
                                "/customer/{tenant}/password/reset",
                                TAG,
                                "Ask for a password-reset e-mail")
                        .describe(
                                "204 always; the e-mail goes out when the account exists. Clients"
                                        + " also send `/password/reset/` (a trailing slash is"
                                        + " ignored).")
                        .inPath("tenant", TENANT)
                        .required("email", "The login e-mail.")
                        .optional(
                                "site",
                                "Which shop's page the link opens, where a tenant has several.")
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Callers.VISITOR, SelfServiceResource::requestReset),
                Route.of(
                                "POST",
                                "/customer/{tenant}/password/reset/update",
                                TAG,
                                "Set a new password with the e-mailed token")
                        .describe(
                                "The token works once; the customer's sessions end. A refused"
                                        + " password uses up no token.")
                        .inPath("tenant", TENANT)
                        .required("token", "The one-time token of the reset e-mail.")
                        .secret(
                                "password",
                                true,
                                "The new password (the realm's password policy applies).")
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Callers.VISITOR, SelfServiceResource::reset),
                Route.of("POST", "/customer/{tenant}/password/change", TAG, "Change the password")
                        .describe(
                                "A wrong current password is a 401 and counts as a failed login."
                                    + " The customer's other sessions end, offline ones included,"
                                    + " and the customer is told by mail.")
                        .inPath("tenant", TENANT)
                        .secret("currentPassword", true, "The password now.")
                        .secret(
                                "newPassword",
                                true,
                                "The new password (the realm's password policy applies).")
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, SelfServiceResource::changePassword),
                Route.of(
                                "POST",
                                "/customer/{tenant}/me/accounts/internal/email/change",
                                TAG,
                                "Ask to change the login e-mail")
                        .describe(
                                "The one-time token goes to the new address; the old address is"
                                        + " told. A wrong password is a 401, counted.")
                        .inPath("tenant", TENANT)
                        .optional("email", "When sent, must be the current login e-mail.")
                        .secret("password", true, "The current password.")
                        .required("newEmail", "The new login e-mail.")
                        .flag(
                                "syncContactEmail",
                                "`true`: the contact e-mail follows (a JSON boolean, or the text"
                                        + " `true`).")
                        .answers(204, null)
                        .refuses(401, 409)
                        .handledBy(Callers.CUSTOMER, SelfServiceResource::requestEmailChange),
                Route.of(
                                "POST",
                                "/customer/{tenant}/me/accounts/internal/email/change/confirm",
                                TAG,
                                "Confirm the new login e-mail")
                        .inPath("tenant", TENANT)
                        .required("token", "The one-time token of the e-mail to the new address.")
                        .answers(204, null)
                        .refuses(401, 409)
                        .handledBy(Callers.VISITOR, SelfServiceResource::confirmEmailChange),
                Route.of("GET", "/customer/{tenant}/me", TAG, "The customer's profile")
                        .describe(
                                "An anonymous token gets the anonymous profile. `expand` is"
                                        + " accepted and ignored.")
                        .inPath("tenant", TENANT)
                        .answers(
                                200,
                                new Route.OneOf(
                                        ProfileResponse.class, AnonymousProfileResponse.class))
                        .refuses(401)
                        .handledBy(Callers.SHOPPER, SelfServiceResource::me),
                Route.of("PATCH,PUT", "/customer/{tenant}/me", TAG, "Change profile fields")
                        .describe(
                                "Only the fields sent change (PUT too: the TypeScript SDK sends PUT"
                                    + " with the changed fields). A field sent empty or null is"
                                    + " cleared; `contactEmail` cannot be. A field the customer may"
                                    + " not edit is a 400 `read_only`.")
                        .inPath("tenant", TENANT)
                        .jsonBody(profileChangeBody())
                        .answers(200, ProfileResponse.class)
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, SelfServiceResource::changeMe));
    }

    private static Response signUp(EmporixRequest request, AnonymousAccessToken anonymous) {
        ObjectNode body = request.json();
        JsonNode signup = body.path("signup");
        String email = text(signup, "email", request.optional(EMAIL));
        String password = text(signup, "password", request.optional(PASSWORD));
        if (email == null || email.isBlank()) {
            throw invalidSignUp(
                    request, new EmporixException.Detail("email", "required", "email is required"));
        }
        if (password == null || password.isEmpty()) {
            throw invalidSignUp(
                    request,
                    new EmporixException.Detail("password", "required", "password is required"));
        }
        if (email.length() > 255 || !email.contains("@")) {
            throw invalidSignUp(
                    request,
                    new EmporixException.Detail(
                            "email", "invalid", "email must be an e-mail address"));
        }
        JsonNode details = body.path("customerDetails");
        String site =
                request.optional(SITE) != null
                        ? request.optional(SITE)
                        : text(details, "preferredSite", null);
        String customerNumber =
                new SignUp(request.session(), request.realm())
                        .signUp(
                                new SignUp.Request(email.trim(), password, details, site),
                                request.client());
        return json(201, new SignUpResponse(customerNumber));
    }

    /**
     * A sign-up refused for its fields, recorded as Keycloak's registration form records one: a
     * REGISTER_ERROR.
     */
    private static EmporixException invalidSignUp(
            EmporixRequest request, EmporixException.Detail detail) {
        request.event(EventType.REGISTER)
                .detail(Details.REASON, detail.message())
                .error(Errors.INVALID_REGISTRATION);
        return EmporixException.badRequest("Invalid sign-up", detail);
    }

    private static Response optIn(EmporixRequest request, AnonymousAccessToken anonymous) {
        ClientModel client = request.client();
        UserModel user =
                new SignUp(request.session(), request.realm())
                        .optIn(request.pathParameter("token"), client);
        return json(
                new CustomerLogin(request.session(), request.realm())
                        .loginVerified(anonymous, client, user));
    }

    private static Response resendOptIn(EmporixRequest request, AnonymousAccessToken anonymous) {
        new SignUp(request.session(), request.realm())
                .resendOptIn(request.required(EMAIL).trim(), request.client());
        return Answers.accepted(request.session());
    }

    private static Response requestReset(EmporixRequest request, AnonymousAccessToken anonymous) {
        String email =
                request.required(EMAIL, EventType.SEND_RESET_PASSWORD, Errors.USERNAME_MISSING)
                        .trim();
        new Passwords(request.session(), request.realm())
                .requestReset(email, request.optional(SITE), request.client());
        return Response.noContent().build();
    }

    private static Response reset(EmporixRequest request, AnonymousAccessToken anonymous) {
        // Missing parts are recorded as Keycloak's reset flow records them.
        String token = request.required(TOKEN, EventType.RESET_PASSWORD, Errors.INVALID_CODE);
        String password =
                request.required(PASSWORD, EventType.RESET_PASSWORD, Errors.PASSWORD_MISSING);
        new Passwords(request.session(), request.realm()).reset(token, password, request.client());
        return Response.noContent().build();
    }

    private static Response changePassword(EmporixRequest request, AuthResult customer) {
        String current =
                request.required(
                        CURRENT_PASSWORD, EventType.UPDATE_PASSWORD, Errors.PASSWORD_MISSING);
        String next =
                request.required(NEW_PASSWORD, EventType.UPDATE_PASSWORD, Errors.PASSWORD_MISSING);
        new Passwords(request.session(), request.realm())
                .change(customer.user(), customer.session(), customer.client(), current, next);
        return Response.noContent().build();
    }

    private static Response requestEmailChange(EmporixRequest request, AuthResult customer) {
        EmailChange.Request change =
                new EmailChange.Request(
                        request.optional(EMAIL),
                        request.required(PASSWORD),
                        request.required(NEW_EMAIL).trim(),
                        "true".equalsIgnoreCase(request.optional(SYNC_CONTACT_EMAIL)));
        new EmailChange(request.session(), request.realm())
                .request(customer.user(), customer.client(), change);
        return Response.noContent().build();
    }

    private static Response confirmEmailChange(
            EmporixRequest request, AnonymousAccessToken anonymous) {
        String token = request.required(TOKEN, EventType.UPDATE_EMAIL, Errors.INVALID_CODE);
        new EmailChange(request.session(), request.realm()).confirm(token, request.client());
        return Response.noContent().build();
    }

    /** A customer's profile; a visitor's anonymous token gets the anonymous profile. */
    private static Response me(EmporixRequest request, Callers.Shopper shopper) {
        if (shopper.visitor() != null) {
            return json(AnonymousProfileResponse.VISITOR);
        }
        return json(
                new CustomerProfile(request.session(), request.realm())
                        .of(shopper.customer().user(), shopper.customer().session()));
    }

    /**
     * PUT as PATCH: the TypeScript SDK sends PUT with the fields it changes, not the whole profile.
     */
    private static Response changeMe(EmporixRequest request, AuthResult customer) {
        CustomerProfile profiles = new CustomerProfile(request.session(), request.realm());
        profiles.update(customer.user(), request.json());
        return json(profiles.of(customer.user(), customer.session()));
    }

    private static Map<String, Object> signUpBody() {
        Map<String, Object> login =
                Route.schema(
                        "email", Map.of("type", "string"), "password", Map.of("type", "string"));
        return Route.schema(
                "type",
                "object",
                "description",
                "`email` and `password` are required, here or in `signup`.",
                "properties",
                Route.schema(
                        "email",
                                Route.schema(
                                        "type",
                                        "string",
                                        "description",
                                        "The login e-mail (or `signup.email`)."),
                        "password",
                                Route.schema(
                                        "type",
                                        "string",
                                        "description",
                                        "At least 6 characters, and the realm's password policy."),
                        "customerDetails",
                                Route.schema(
                                        "type",
                                        "object",
                                        "description",
                                        "title, firstName, middleName, lastName, contactEmail,"
                                                + " contactPhone, company, preferredLanguage,"
                                                + " preferredCurrency, preferredSite,"
                                                + " b2b.companyRegistrationId, metadata, mixins."),
                        "customerAddress",
                                Route.schema(
                                        "type",
                                        "object",
                                        "description",
                                        "Accepted and not kept here."),
                        "signup",
                                Route.schema(
                                        "type",
                                        "object",
                                        "description",
                                        "Login credentials where they differ from `email` and"
                                                + " `password`.",
                                        "properties",
                                        login)));
    }

    private static Map<String, Object> profileChangeBody() {
        Map<String, Object> text = Route.schema("type", List.of("string", "null"));
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String field :
                List.of(
                        "title",
                        "firstName",
                        "middleName",
                        "lastName",
                        "contactEmail",
                        "contactPhone",
                        "company",
                        "preferredLanguage",
                        "preferredCurrency",
                        "preferredSite")) {
            properties.put(field, text);
        }
        properties.put(
                "b2b",
                Route.schema(
                        "type",
                        "object",
                        "properties",
                        Route.schema("companyRegistrationId", text)));
        return Route.schema(
                "type",
                "object",
                "description",
                "Any subset of the profile's fields.",
                "properties",
                properties);
    }

    private static String text(JsonNode from, String field, String fallback) {
        JsonNode value = from.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw EmporixException.badRequest(
                    "Invalid sign-up",
                    new EmporixException.Detail(field, "invalid", field + " must be a string"));
        }
        return value.asText();
    }
}
