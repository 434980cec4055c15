package dev.kcemporix.auth.mfa;

import static dev.kcemporix.auth.api.answer.Answers.json;

import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.login.Callers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /customer/{tenant}/me/mfa...}: a customer's one-time-code devices (docs/endpoints.md,
 * *One-time codes and the customer's sessions*), on either mount.
 */
public class MfaResource {

    static final Parameter CODE = Parameter.named("code").bodyOnly();
    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();
    static final Parameter LABEL = Parameter.named("label");
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static final String TAG = "One-time codes";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private MfaResource() {}

    /** The customer's one-time-code devices, below {@code /customer/{tenant}/me/mfa}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "GET",
                                "/customer/{tenant}/me/mfa",
                                TAG,
                                "The customer's one-time-code devices")
                        .inPath("tenant", TENANT)
                        .answers(200, new Route.ListOf(OtpDevice.class))
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, MfaResource::devices),
                Route.of(
                                "POST",
                                "/customer/{tenant}/me/mfa/otp",
                                TAG,
                                "Start adding a device: a new secret")
                        .describe(
                                "Needs the current password: a token alone adds no device. A wrong"
                                        + " password is a 401 and counts as a failed login. The"
                                        + " customer is told by mail once the device is added.")
                        .inPath("tenant", TENANT)
                        .secret("password", true, "The current password.")
                        .answers(200, OtpOffer.class)
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, MfaResource::offer),
                Route.of(
                                "POST",
                                "/customer/{tenant}/me/mfa/otp/confirm",
                                TAG,
                                "Finish adding a device with its first code")
                        .describe("A wrong code is a 400 and stores nothing.")
                        .inPath("tenant", TENANT)
                        .secret("code", true, "A code the app shows for the offered secret.")
                        .optional("label", "A name for the device.")
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, MfaResource::confirm),
                Route.of("DELETE", "/customer/{tenant}/me/mfa/{id}", TAG, "Remove a device")
                        .describe(
                                "Only with a token from a login that used a one-time code and with"
                                    + " the current password or a current code (else 403"
                                    + " `reauthentication_required`); a wrong one is a 401 and"
                                    + " counts as a failed login. Another customer's or no device:"
                                    + " 404. The customer is told by mail.")
                        .inPath("tenant", TENANT)
                        .inPath("id", "The device's `id`.", ID)
                        .secret("password", false, "The current password (or `code`).")
                        .secret(
                                "code",
                                false,
                                "A current one-time code of one of the customer's devices (or"
                                        + " `password`).")
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, MfaResource::remove));
    }

    private static Response offer(EmporixRequest request, AuthResult customer) {
        return json(
                new OtpEnrolment(request.session(), request.realm())
                        .offer(customer.user(), customer.client(), request.optional(PASSWORD)));
    }

    private static Response confirm(EmporixRequest request, AuthResult customer) {
        String code = request.required(CODE);
        new OtpEnrolment(request.session(), request.realm())
                .confirm(customer.user(), customer.client(), code.trim(), request.optional(LABEL));
        return Response.noContent().build();
    }

    private static Response devices(EmporixRequest request, AuthResult customer) {
        return json(new OtpEnrolment(request.session(), request.realm()).devices(customer.user()));
    }

    private static Response remove(EmporixRequest request, AuthResult customer) {
        String id = request.pathParameter("id");
        new OtpEnrolment(request.session(), request.realm())
                .remove(
                        customer.user(),
                        customer.session(),
                        customer.client(),
                        id,
                        request.optional(PASSWORD),
                        request.optional(CODE));
        return Response.noContent().build();
    }
}
