package dev.kcemporix.auth.mount;

import dev.kcemporix.auth.customer.CustomerResource;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.selfservice.SelfServiceResource;

/** The paths below {@code /customer/{tenant}}, for both mounts: the token calls, then self-service. */
final class CustomerPaths {

    private CustomerPaths() {
    }

    static Endpoint route(Mount mount, String tenant, String path) {
        Endpoint tokens = new CustomerResource(mount, tenant).route(path);
        return tokens.exists() ? tokens : new SelfServiceResource(mount, tenant).route(path);
    }
}
