package dev.kcemporix.auth.mfa;


import static dev.kcemporix.auth.http.Answers.json;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.kcemporix.auth.customer.CustomerAuthentication;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.http.Parameter;

/** {@code /customer/{tenant}/me/mfa...}: a customer's one-time-code devices (README, *One-time codes and the customer's sessions*), on either mount. */
public class MfaResource {

    static final Parameter CODE = Parameter.named("code").bodyOnly();
    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();
    static final Parameter LABEL = Parameter.named("label");
    static final String DEVICE_PREFIX = "me/mfa/";
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Mount mount;
    private final String tenant;

    public MfaResource(Mount mount, String tenant) {
        this.mount = mount;
        this.tenant = tenant;
    }

    public Endpoint route(String path) {
        return switch (path) {
            case "me/mfa" -> Endpoint.of(mount, tenant, Endpoint.GET, this::devices);
            case "me/mfa/otp" -> Endpoint.of(mount, tenant, Endpoint.POST, this::offer);
            case "me/mfa/otp/confirm" -> Endpoint.of(mount, tenant, Endpoint.POST, this::confirm);
            // Keycloak's credential ids: anything else is no device of anyone's, before any lookup.
            default -> path.startsWith(DEVICE_PREFIX) && ID.matcher(path.substring(DEVICE_PREFIX.length())).matches()
                    ? Endpoint.of(mount, tenant, Endpoint.DELETE_ONLY, r -> remove(r, path.substring(DEVICE_PREFIX.length())))
                    : Endpoint.none(mount);
        };
    }

    private Response offer(EmporixRequest request) {
        AuthResult customer = CustomerAuthentication.of(request);
        return json(new OtpEnrolment(request.session(), request.realm()).offer(customer.user(), customer.client(), request.optional(PASSWORD)));
    }

    private Response confirm(EmporixRequest request) {
        AuthResult customer = CustomerAuthentication.of(request);
        String code = request.required(CODE);
        new OtpEnrolment(request.session(), request.realm()).confirm(customer.user(), customer.client(), code.trim(), request.optional(LABEL));
        return Response.noContent().build();
    }

    private Response devices(EmporixRequest request) {
        AuthResult customer = CustomerAuthentication.of(request);
        return json(new OtpEnrolment(request.session(), request.realm()).devices(customer.user()));
    }

    private Response remove(EmporixRequest request, String id) {
        AuthResult customer = CustomerAuthentication.of(request);
        new OtpEnrolment(request.session(), request.realm()).remove(customer.user(), customer.session(), customer.client(), id,
                request.optional(PASSWORD), request.optional(CODE));
        return Response.noContent().build();
    }

}
