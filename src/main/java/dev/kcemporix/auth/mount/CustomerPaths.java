package dev.kcemporix.auth.mount;

import java.util.List;
import java.util.function.Function;

import dev.kcemporix.auth.customer.CustomerResource;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.mfa.MfaResource;
import dev.kcemporix.auth.migration.ImportResource;
import dev.kcemporix.auth.selfservice.SelfServiceResource;
import dev.kcemporix.auth.sessions.SessionsResource;
import dev.kcemporix.auth.social.SocialResource;

/**
 * The paths below {@code /customer/{tenant}}, for both mounts: the token calls, self-service, the
 * customer's one-time-code devices and sessions; the first feature that has the path serves it.
 */
final class CustomerPaths {

    private CustomerPaths() {
    }

    static Endpoint route(Mount mount, String tenant, String path) {
        List<Function<String, Endpoint>> features = List.of(
                new CustomerResource(mount, tenant)::route,
                new SelfServiceResource(mount, tenant)::route,
                new MfaResource(mount, tenant)::route,
                new SessionsResource(mount, tenant)::route,
                new SocialResource(mount, tenant)::route,
                new ImportResource(mount, tenant)::route);
        for (Function<String, Endpoint> feature : features) {
            Endpoint endpoint = feature.apply(path);
            if (endpoint.exists()) {
                return endpoint;
            }
        }
        return Endpoint.none(mount);
    }
}
