package dev.kcemporix.auth.sessions;

import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.Answers;
import dev.kcemporix.auth.login.Callers;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /customer/{tenant}/me/sessions...}: the customer's own sessions (docs/endpoints.md,
 * *One-time codes and the customer's sessions*), on either mount.
 */
public class SessionsResource {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final String TAG = "Sessions";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private SessionsResource() {}

    /** The customer's sessions, below {@code /customer/{tenant}/me/sessions}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "GET",
                                "/customer/{tenant}/me/sessions",
                                TAG,
                                "Where the customer is logged in")
                        .inPath("tenant", TENANT)
                        .answers(200, new Route.ListOf(CustomerSession.class))
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, SessionsResource::list),
                Route.of("DELETE", "/customer/{tenant}/me/sessions", TAG, "Log out everywhere else")
                        .describe("Every session but the token's own ends.")
                        .inPath("tenant", TENANT)
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, SessionsResource::endOthers),
                Route.of("DELETE", "/customer/{tenant}/me/sessions/{id}", TAG, "End one session")
                        .describe("Another customer's session, or none: 404.")
                        .inPath("tenant", TENANT)
                        .inPath("id", "The session's `id`.", ID)
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(Callers.CUSTOMER, SessionsResource::end));
    }

    private static Response list(EmporixRequest request, AuthResult customer) {
        return Answers.json(
                new CustomerSessions(request.session(), request.realm())
                        .list(customer.user(), customer.session()));
    }

    private static Response end(EmporixRequest request, AuthResult customer) {
        new CustomerSessions(request.session(), request.realm())
                .end(customer.user(), customer.client(), request.pathParameter("id"));
        return Response.noContent().build();
    }

    private static Response endOthers(EmporixRequest request, AuthResult customer) {
        new CustomerSessions(request.session(), request.realm())
                .endOthers(customer.user(), customer.client(), customer.session());
        return Response.noContent().build();
    }
}
