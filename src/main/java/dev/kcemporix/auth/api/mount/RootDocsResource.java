package dev.kcemporix.auth.api.mount;

import dev.kcemporix.auth.api.doc.ApiDocsResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

/**
 * Root mount of the API document and its "try it" page: {@code /emporix/openapi.json}, {@code
 * /emporix/docs}.
 */
@Path("/emporix")
public class RootDocsResource {

    @Context KeycloakSession session;

    @GET
    @Path("openapi.json")
    public Response document() {
        return ApiDocsResource.atRoot(session, ApiRoutes.TABLE).document();
    }

    @GET
    @Path("docs")
    public Response page() {
        return ApiDocsResource.atRoot(session, ApiRoutes.TABLE).page();
    }

    @GET
    @Path("docs/{file}")
    public Response asset(@PathParam("file") String file) {
        return ApiDocsResource.atRoot(session, ApiRoutes.TABLE).asset(file);
    }
}
