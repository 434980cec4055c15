package dev.kcemporix.auth.mount;

import java.util.Set;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcemporix.auth.cors.StorefrontCors;
import dev.kcemporix.auth.error.EmporixException;
import dev.kcemporix.auth.error.ErrorResponses;

/**
 * One request through one endpoint: resolves the tenant, remembers the storefront client once it
 * is known, turns every failure into the contract's error shape and puts CORS headers on whatever
 * goes back. Every endpoint of both mounts runs through {@link #respond}.
 */
public final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);

    private final Mount mount;
    private RealmModel realm;
    private ClientModel client;
    /** The allowed origins, resolved once per request and only for a browser request (one with an Origin). */
    private Set<String> origins;

    public Exchange(Mount mount) {
        this.mount = mount;
    }

    public KeycloakSession session() {
        return mount.session();
    }

    public Mount mount() {
        return mount;
    }

    public RealmModel tenant(String tenant) {
        realm = mount.resolveTenant(tenant);
        return realm;
    }

    public RealmModel realm() {
        return realm;
    }

    /**
     * Records the storefront client the request acts for and refuses a browser origin that client
     * does not allow, before anything else happens.
     */
    public ClientModel client(ClientModel storefront) {
        client = storefront;
        origins = null;
        session().getContext().setClient(storefront);
        if (StorefrontCors.hasOrigin(session())) {
            StorefrontCors.checkOrigin(session(), allowedOrigins());
        }
        return storefront;
    }

    /** The token of an {@code Authorization: Bearer} header, or null when there is none. */
    public String bearerToken() {
        String header = session().getContext().getHttpRequest().getHttpHeaders().getHeaderString("Authorization");
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split("\\s+", 2);
        return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isBlank() ? parts[1].trim() : null;
    }

    public Response respond(Function<Exchange, Response> work) {
        Response response;
        try {
            response = work.apply(this);
        } catch (EmporixException e) {
            response = ErrorResponses.of(e);
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure in an Emporix endpoint", e);
            session().getTransactionManager().setRollbackOnly();
            response = ErrorResponses.serverError();
        }
        addCors(false);
        return response;
    }

    /** Answers a CORS preflight for the tenant (and the client, when the query names one). */
    public Response preflight(String tenant, String clientId) {
        try {
            tenant(tenant);
            if (clientId != null) {
                client = realm.getClientByClientId(clientId);
            }
        } catch (EmporixException e) {
            return Response.ok().build();
        }
        addCors(true);
        return Response.ok().build();
    }

    private Set<String> allowedOrigins() {
        if (origins == null) {
            origins = StorefrontCors.allowedOrigins(session(), realm, client);
        }
        return origins;
    }

    private void addCors(boolean preflight) {
        if (realm == null || !StorefrontCors.hasOrigin(session())) {
            return;
        }
        try {
            StorefrontCors.addHeaders(session(), allowedOrigins(), preflight);
        } catch (RuntimeException e) {
            LOG.warn("Could not add CORS headers", e);
        }
    }
}
