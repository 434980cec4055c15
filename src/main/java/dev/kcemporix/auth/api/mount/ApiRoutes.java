package dev.kcemporix.auth.api.mount;

import dev.kcemporix.auth.anonymous.AnonymousResource;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.RouteTable;
import dev.kcemporix.auth.assisted.AssistedBuyingResource;
import dev.kcemporix.auth.login.LoginResource;
import dev.kcemporix.auth.mfa.MfaResource;
import dev.kcemporix.auth.migration.ImportResource;
import dev.kcemporix.auth.passkeys.PasskeysResource;
import dev.kcemporix.auth.selfservice.SelfServiceResource;
import dev.kcemporix.auth.service.ServiceTokenResource;
import dev.kcemporix.auth.sessions.SessionsResource;
import dev.kcemporix.auth.social.SocialResource;
import java.util.ArrayList;
import java.util.List;

/**
 * The API: every feature's routes, in the order a storefront meets them (the document's order). The
 * one place where a feature's calls join the API; both mounts and the OpenAPI document read this
 * table, nothing else routes or documents a call. Code, not state: the same on every node.
 */
public final class ApiRoutes {

    public static final RouteTable TABLE = new RouteTable(all());

    private ApiRoutes() {}

    private static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        routes.addAll(AnonymousResource.routes());
        routes.addAll(LoginResource.routes());
        routes.addAll(SelfServiceResource.routes());
        routes.addAll(MfaResource.routes());
        routes.addAll(SessionsResource.routes());
        routes.addAll(SocialResource.routes());
        routes.addAll(AssistedBuyingResource.routes());
        routes.addAll(PasskeysResource.routes());
        routes.addAll(ImportResource.routes());
        routes.addAll(ServiceTokenResource.routes());
        return routes;
    }
}
