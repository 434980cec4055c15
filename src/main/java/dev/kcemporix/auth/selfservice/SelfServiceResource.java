package dev.kcemporix.auth.selfservice;

import static dev.kcemporix.auth.http.Answers.json;

import java.util.Set;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.anonymous.AnonymousTokenService;
import dev.kcemporix.auth.customer.CustomerAuthentication;
import dev.kcemporix.auth.customer.CustomerLogin;
import dev.kcemporix.auth.http.Answers;
import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.http.Parameter;

/** {@code /customer/{tenant}/...}: the self-service calls of README, *Customer self-service*, on either mount. */
public class SelfServiceResource {

    static final Parameter EMAIL = Parameter.named("email");
    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();
    static final Parameter SITE = Parameter.named("site");
    static final Parameter TOKEN = Parameter.named("token");
    static final Parameter CURRENT_PASSWORD = Parameter.named("currentPassword").bodyOnly();
    static final Parameter NEW_PASSWORD = Parameter.named("newPassword").bodyOnly();
    static final Parameter NEW_EMAIL = Parameter.named("newEmail");
    static final Parameter SYNC_CONTACT_EMAIL = Parameter.named("syncContactEmail");
    static final Set<String> ME_METHODS = Set.of("GET", "PATCH", "PUT");
    static final String OPT_IN_PREFIX = "signup/optin/";
    static final String RESEND_OPT_IN = "signup/optin/refresh_token";

    private final Mount mount;
    private final String tenant;

    public SelfServiceResource(Mount mount, String tenant) {
        this.mount = mount;
        this.tenant = tenant;
    }

    /** The self-service paths below {@code /customer/{tenant}}. */
    public Endpoint route(String path) {
        return switch (path) {
            case "signup" -> Endpoint.of(mount, tenant, Endpoint.POST, this::signUp);
            // The resend path, not an opt-in whose token reads "refresh_token" (tokens are JWTs): GET is a 405.
            case RESEND_OPT_IN -> Endpoint.of(mount, tenant, Endpoint.POST, this::resendOptIn);
            case "password/reset", "password/reset/" -> Endpoint.of(mount, tenant, Endpoint.POST, this::requestReset);
            case "password/reset/update" -> Endpoint.of(mount, tenant, Endpoint.POST, this::reset);
            case "password/change" -> Endpoint.of(mount, tenant, Endpoint.POST, this::changePassword);
            case "me/accounts/internal/email/change" -> Endpoint.of(mount, tenant, Endpoint.POST, this::requestEmailChange);
            case "me/accounts/internal/email/change/confirm" -> Endpoint.of(mount, tenant, Endpoint.POST, this::confirmEmailChange);
            case "me" -> Endpoint.of(mount, tenant, ME_METHODS, this::me);
            default -> path.startsWith(OPT_IN_PREFIX) && path.indexOf('/', OPT_IN_PREFIX.length()) < 0
                    ? Endpoint.of(mount, tenant, Endpoint.GET, r -> optIn(r, path))
                    : Endpoint.none(mount);
        };
    }

    private Response signUp(EmporixRequest request) {
        AnonymousAccessToken anonymous = anonymous(request);
        ObjectNode body = request.json();
        JsonNode signup = body.path("signup");
        String email = text(signup, "email", request.optional(EMAIL));
        String password = text(signup, "password", request.optional(PASSWORD));
        if (email == null || email.isBlank()) {
            throw invalidSignUp(request, new EmporixException.Detail("email", "required", "email is required"));
        }
        if (password == null || password.isEmpty()) {
            throw invalidSignUp(request, new EmporixException.Detail("password", "required", "password is required"));
        }
        if (email.length() > 255 || !email.contains("@")) {
            throw invalidSignUp(request, new EmporixException.Detail("email", "invalid", "email must be an e-mail address"));
        }
        JsonNode details = body.path("customerDetails");
        String site = request.optional(SITE) != null ? request.optional(SITE) : text(details, "preferredSite", null);
        String customerNumber = new SignUp(request.session(), request.realm())
                .signUp(new SignUp.Request(email.trim(), password, details, site), clientOf(request, anonymous));
        return json(201, new SignUpResponse(customerNumber));
    }

    /** A sign-up refused for its fields, recorded as Keycloak's registration form records one: a REGISTER_ERROR. */
    private static EmporixException invalidSignUp(EmporixRequest request, EmporixException.Detail detail) {
        request.event(EventType.REGISTER).detail(Details.REASON, detail.message()).error(Errors.INVALID_REGISTRATION);
        return EmporixException.badRequest("Invalid sign-up", detail);
    }

    private Response optIn(EmporixRequest request, String path) {
        AnonymousAccessToken anonymous = anonymous(request);
        ClientModel client = clientOf(request, anonymous);
        String token = path.substring(OPT_IN_PREFIX.length());
        UserModel user = new SignUp(request.session(), request.realm()).optIn(token, client);
        return json(new CustomerLogin(request.session(), request.realm()).loginVerified(anonymous, client, user));
    }

    private Response resendOptIn(EmporixRequest request) {
        AnonymousAccessToken anonymous = anonymous(request);
        new SignUp(request.session(), request.realm()).resendOptIn(request.required(EMAIL).trim(), clientOf(request, anonymous));
        return Answers.accepted(request.session());
    }

    private Response requestReset(EmporixRequest request) {
        AnonymousAccessToken anonymous = anonymous(request);
        new Passwords(request.session(), request.realm()).requestReset(request.required(EMAIL, EventType.SEND_RESET_PASSWORD, Errors.USERNAME_MISSING).trim(), request.optional(SITE), clientOf(request, anonymous));
        return Response.noContent().build();
    }

    private Response reset(EmporixRequest request) {
        AnonymousAccessToken anonymous = anonymous(request);
        // Missing parts are recorded as Keycloak's reset flow records them.
        String token = request.required(TOKEN, EventType.RESET_PASSWORD, Errors.INVALID_CODE);
        String password = request.required(PASSWORD, EventType.RESET_PASSWORD, Errors.PASSWORD_MISSING);
        new Passwords(request.session(), request.realm()).reset(token, password, clientOf(request, anonymous));
        return Response.noContent().build();
    }

    private Response changePassword(EmporixRequest request) {
        AuthResult customer = customer(request);
        String current = request.required(CURRENT_PASSWORD, EventType.UPDATE_PASSWORD, Errors.PASSWORD_MISSING);
        String next = request.required(NEW_PASSWORD, EventType.UPDATE_PASSWORD, Errors.PASSWORD_MISSING);
        new Passwords(request.session(), request.realm()).change(customer.user(), customer.session(), customer.client(), current, next);
        return Response.noContent().build();
    }

    private Response requestEmailChange(EmporixRequest request) {
        AuthResult customer = customer(request);
        EmailChange.Request change = new EmailChange.Request(request.optional(EMAIL), request.required(PASSWORD), request.required(NEW_EMAIL).trim(),
                "true".equalsIgnoreCase(request.optional(SYNC_CONTACT_EMAIL)));
        new EmailChange(request.session(), request.realm()).request(customer.user(), customer.client(), change);
        return Response.noContent().build();
    }

    private Response confirmEmailChange(EmporixRequest request) {
        AnonymousAccessToken anonymous = anonymous(request);
        new EmailChange(request.session(), request.realm()).confirm(request.required(TOKEN, EventType.UPDATE_EMAIL, Errors.INVALID_CODE), clientOf(request, anonymous));
        return Response.noContent().build();
    }

    /** A customer token gets the customer's profile (GET) or changes it (PATCH, PUT); an anonymous token the anonymous profile. */
    private Response me(EmporixRequest request) {
        CustomerProfile profiles = new CustomerProfile(request.session(), request.realm());
        if (request.method().equals("GET") && isAnonymous(request)) {
            anonymous(request);
            return json(AnonymousProfileResponse.VISITOR);
        }
        AuthResult customer = customer(request);
        if (!request.method().equals("GET")) {
            // PUT as PATCH: the TypeScript SDK sends PUT with the fields it changes, not the whole profile.
            profiles.update(customer.user(), request.json());
        }
        return json(profiles.of(customer.user(), customer.session()));
    }

    /** The visitor's anonymous token (the storefront client it names becomes the request's client). */
    private static AnonymousAccessToken anonymous(EmporixRequest request) {
        AnonymousAccessToken anonymous = new AnonymousTokenService(request.session(), request.realm()).verifyAccessToken(request.bearerToken());
        request.client(request.realm().getClientByClientId(anonymous.getClientId()));
        return anonymous;
    }

    private static ClientModel clientOf(EmporixRequest request, AnonymousAccessToken anonymous) {
        return request.realm().getClientByClientId(anonymous.getClientId());
    }

    /** The customer of the customer token. */
    private static AuthResult customer(EmporixRequest request) {
        return CustomerAuthentication.of(request);
    }

    private static boolean isAnonymous(EmporixRequest request) {
        String token = request.bearerToken();
        return token != null && AnonymousTokenService.looksAnonymous(token);
    }

    private static String text(JsonNode from, String field, String fallback) {
        JsonNode value = from.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw EmporixException.badRequest("Invalid sign-up", new EmporixException.Detail(field, "invalid", field + " must be a string"));
        }
        return value.asText();
    }

}
