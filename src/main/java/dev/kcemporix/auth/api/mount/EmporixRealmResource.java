package dev.kcemporix.auth.api.mount;

import dev.kcemporix.auth.api.Endpoint;
import dev.kcemporix.auth.api.Mount;
import dev.kcemporix.auth.api.doc.ApiDocsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/**
 * Realm mount: {@code /realms/{realm}/emporix/...}, through Keycloak's realm resource SPI. The same
 * features as the root mount, with the realm of the path as the only tenant it serves. Each locator
 * hands the rest of the path to the feature, which answers unknown paths itself.
 */
public class EmporixRealmResource {

    private final KeycloakSession session;

    public EmporixRealmResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("customerlogin/auth/anonymous/{path:.*}")
    public Endpoint anonymous(@PathParam("path") String path) {
        return ApiRoutes.TABLE.endpoint(mount(), "/customerlogin/auth/anonymous/" + path);
    }

    @Path("customer/{tenant}/{path:.*}")
    public Endpoint customer(@PathParam("tenant") String tenant, @PathParam("path") String path) {
        return ApiRoutes.TABLE.endpoint(mount(), "/customer/", tenant, path);
    }

    @Path("oauth/{path:.*}")
    public Endpoint oauth(@PathParam("path") String path) {
        return ApiRoutes.TABLE.endpoint(mount(), "/oauth/" + path);
    }

    @GET
    @Path("openapi.json")
    public Response document() {
        return docs().document();
    }

    @GET
    @Path("docs")
    public Response page() {
        return docs().page();
    }

    @GET
    @Path("docs/{file}")
    public Response asset(@PathParam("file") String file) {
        return docs().asset(file);
    }

    /** Paths under the realm mount that are not part of the contract. */
    @Path("{path:.*}")
    public Endpoint unknown() {
        return Endpoint.none(mount());
    }

    private ApiDocsResource docs() {
        return ApiDocsResource.atRealm(session, ApiRoutes.TABLE, session.getContext().getRealm());
    }

    private Mount mount() {
        return Mount.realm(session, session.getContext().getRealm());
    }
}
