package dev.kcemporix.auth.anonymous;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import dev.kcemporix.auth.error.EmporixException;
import dev.kcemporix.auth.mount.Exchange;
import dev.kcemporix.auth.mount.Fallback;
import dev.kcemporix.auth.mount.Mount;
import dev.kcemporix.auth.mount.Params;

/** {@code /customerlogin/auth/anonymous/...}: contract section 1, on either mount. */
public class AnonymousResource {

    private final Mount mount;

    public AnonymousResource(Mount mount) {
        this.mount = mount;
    }

    @GET
    @Path("login")
    @Produces(MediaType.APPLICATION_JSON)
    public Response login() {
        return new Exchange(mount).respond(exchange -> {
            Params params = queryParams();
            ClientModel client = storefrontClient(exchange, params);
            SessionNotes notes = notes(params);
            return tokens(new AnonymousTokenService(exchange.session(), exchange.realm()).login(client, notes));
        });
    }

    @GET
    @Path("refresh")
    @Produces(MediaType.APPLICATION_JSON)
    public Response refresh() {
        return new Exchange(mount).respond(exchange -> {
            Params params = queryParams();
            ClientModel client = storefrontClient(exchange, params);
            // The deprecated anonymous_token may come along; the refresh token alone proves the session.
            String refreshToken = params.required("refresh_token");
            SessionNotes notes = notes(params);
            return tokens(new AnonymousTokenService(exchange.session(), exchange.realm()).refresh(client, refreshToken, notes));
        });
    }

    /** CORS preflight of any endpoint here; reached through {@link #fallback}, which takes every OPTIONS. */
    public Response preflight() {
        String tenant;
        String clientId;
        try {
            Params params = queryParams();
            tenant = params.optional("tenant", "hybris-tenant");
            clientId = params.optional("client_id");
        } catch (EmporixException e) {
            return Response.ok().build();
        }
        return new Exchange(mount).preflight(tenant, clientId);
    }

    private static final Map<String, Set<String>> METHODS = Map.of("login", Set.of("GET"), "refresh", Set.of("GET"));

    /** Unknown paths and wrong methods, answered in the contract's shape. */
    @Path("{path:.*}")
    public Fallback fallback(@PathParam("path") String path) {
        return Fallback.of(path, METHODS, this::preflight);
    }

    private Params queryParams() {
        return new Params(mount.session().getContext().getUri().getQueryParameters());
    }

    /** Tenant, then the enabled public client of that tenant the visitor's storefront is. */
    private static ClientModel storefrontClient(Exchange exchange, Params params) {
        RealmModel realm = exchange.tenant(params.required("tenant", "hybris-tenant"));
        String clientId = params.required("client_id");
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled() || !client.isPublicClient()) {
            throw EmporixException.unauthorized("Invalid client_id");
        }
        return exchange.client(client);
    }

    private static SessionNotes notes(Params params) {
        return SessionNotes.of(params.optional("currency"), params.optional("siteCode"),
                params.optional("language"), params.optional("targetLocation"));
    }

    private static Response tokens(AnonymousTokenResponse body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }
}
