package dev.kcemporix.auth.sessions;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.kcemporix.auth.customer.CustomerAuthentication;
import dev.kcemporix.auth.http.Answers;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;

/** {@code /customer/{tenant}/me/sessions...}: the customer's own sessions (README, *One-time codes and the customer's sessions*), on either mount. */
public class SessionsResource {

    static final String SESSION_PREFIX = "me/sessions/";
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Mount mount;
    private final String tenant;

    public SessionsResource(Mount mount, String tenant) {
        this.mount = mount;
        this.tenant = tenant;
    }

    public Endpoint route(String path) {
        if (path.equals("me/sessions")) {
            return Endpoint.of(mount, tenant, Endpoint.GET_OR_DELETE, r -> r.method().equals("GET") ? list(r) : endOthers(r));
        }
        String id = path.startsWith(SESSION_PREFIX) ? path.substring(SESSION_PREFIX.length()) : "";
        // Keycloak's session ids: anything else is no session of anyone's, before any lookup.
        return ID.matcher(id).matches() ? Endpoint.of(mount, tenant, Endpoint.DELETE_ONLY, r -> end(r, id)) : Endpoint.none(mount);
    }

    private Response list(EmporixRequest request) {
        AuthResult customer = CustomerAuthentication.of(request);
        return Answers.json(new CustomerSessions(request.session(), request.realm()).list(customer.user(), customer.session()));
    }

    private Response end(EmporixRequest request, String id) {
        AuthResult customer = CustomerAuthentication.of(request);
        new CustomerSessions(request.session(), request.realm()).end(customer.user(), customer.client(), id);
        return Response.noContent().build();
    }

    private Response endOthers(EmporixRequest request) {
        AuthResult customer = CustomerAuthentication.of(request);
        new CustomerSessions(request.session(), request.realm()).endOthers(customer.user(), customer.client(), customer.session());
        return Response.noContent().build();
    }
}
