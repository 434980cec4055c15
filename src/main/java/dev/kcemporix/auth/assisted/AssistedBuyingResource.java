package dev.kcemporix.auth.assisted;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.Answers;
import dev.kcemporix.auth.login.Callers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/**
 * {@code /customer/{tenant}/assisted-buying-login} and {@code
 * /customer/{tenant}/assisted-buying/token} (docs/endpoints.md, *Assisted buying*), on either
 * mount: a staff member opens a customer's session, handed over as tokens (Emporix's way) or as a
 * one-time code the storefront redeems.
 */
public class AssistedBuyingResource {

    /** The client scope a staff member's token carries (Emporix's name). */
    public static final String MANAGE = "customer.assistedBuying_manage";

    /** The realm role the scope is granted for (provisioned with the scope). */
    public static final String STAFF_ROLE = "assisted-buying-agent";

    static final Parameter CUSTOMER_NUMBER = Parameter.named("customerNumber");
    static final Parameter HANDOFF = Parameter.named("handoff");
    static final Parameter SITE = Parameter.named("site");

    /** A credential: in the body only, never in a URL. */
    static final Parameter HANDOFF_CODE = Parameter.named("handoffCode").bodyOnly();

    static final String TAG = "Assisted buying";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private AssistedBuyingResource() {}

    /** The assisted-buying calls below {@code /customer/{tenant}}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "POST",
                                "/customer/{tenant}/assisted-buying-login",
                                TAG,
                                "A staff member opens a customer's session")
                        .describe(
                                "Off until the tenant switches assisted buying on (403). The"
                                    + " customer's tokens name the staff member (`act`), and the"
                                    + " session ends at the tenant's cap. With `handoff: true` (or"
                                    + " the header `Prefer: handoff=code`) the answer is a one-time"
                                    + " code for the storefront instead of tokens. A disabled"
                                    + " customer (or one Keycloak would not let in now): 400. 503"
                                    + " `not_configured` when the tenant names no storefront client"
                                    + " for it.")
                        .inPath("tenant", TENANT)
                        .required("customerNumber", "The customer's number.")
                        .flag(
                                "handoff",
                                "`true`: a hand-off code for the storefront instead of tokens.")
                        .optional(
                                "site",
                                "The site whose storefront URL the hand-off names (else the"
                                        + " customer's preferred site).")
                        .answers(
                                200,
                                new Route.OneOf(AssistedLoginResponse.class, HandoffResponse.class))
                        .refuses(400, 401, 403, 404, 503)
                        .handledBy(Employee.CALLER, AssistedBuyingResource::login),
                Route.of(
                                "POST",
                                "/customer/{tenant}/assisted-buying/token",
                                TAG,
                                "The storefront redeems a hand-off code")
                        .describe(
                                "With the visitor's anonymous token of the storefront client the"
                                        + " tenant names for assisted buying: the login answer, the"
                                        + " visitor's `sessionId` kept. A used, expired, unknown or"
                                        + " other tenant's or client's code: 400.")
                        .inPath("tenant", TENANT)
                        .secret("handoffCode", true, "The code of `assisted-buying-login`.")
                        .answers(200, dev.kcemporix.auth.login.CustomerTokenResponse.class)
                        .refuses(400, 401)
                        .handledBy(Callers.VISITOR, AssistedBuyingResource::redeem));
    }

    private static Response login(EmporixRequest request, Employee employee) {
        AssistedBuying assisted = new AssistedBuying(request.session(), request.realm());
        String customerNumber = request.required(CUSTOMER_NUMBER);
        if (wantsHandoff(request)) {
            return Answers.json(assisted.handoff(employee, customerNumber, request.optional(SITE)));
        }
        return Answers.json(assisted.login(employee, customerNumber));
    }

    private static Response redeem(EmporixRequest request, AnonymousAccessToken visitor) {
        return Answers.json(
                new AssistedBuying(request.session(), request.realm())
                        .redeem(visitor, request.client(), request.required(HANDOFF_CODE)));
    }

    /** {@code handoff: true}, or RFC 7240's {@code Prefer: handoff=code}. */
    private static boolean wantsHandoff(EmporixRequest request) {
        if ("true".equalsIgnoreCase(request.optional(HANDOFF))) {
            return true;
        }
        String prefer = request.header("Prefer");
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            String p = preference.trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (p.equals("handoff=code") || p.startsWith("handoff=code;")) {
                return true;
            }
        }
        return false;
    }
}
