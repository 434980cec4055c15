package dev.kcemporix.auth.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API: every {@link Route}, the single source both mounts route by and the OpenAPI document is
 * rendered from. A path is matched against the routes' paths, the most literal first (so {@code
 * me/mfa/otp} is that call, not a device called "otp"); a trailing slash is ignored; a path no
 * route has is a 404, a method its routes do not serve a 405, both in the contract's shape.
 */
public final class RouteTable {

    /** Stands for the tenant's segment while a path is matched; any one segment would do. */
    private static final String TENANT_SEGMENT = "tenant";

    private final List<Route> routes;

    /** The routes of each path, the most literal paths first. */
    private final Map<String, List<Route>> byPath = new LinkedHashMap<>();

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        Map<String, List<Route>> grouped = new LinkedHashMap<>();
        for (Route route : routes) {
            List<Route> same = grouped.computeIfAbsent(route.path(), p -> new ArrayList<>());
            Set<String> taken = new HashSet<>();
            same.forEach(r -> taken.addAll(r.methods()));
            for (String method : route.methods()) {
                if (!taken.add(method)) {
                    throw new IllegalStateException(
                            "Two routes for " + method + " " + route.path());
                }
            }
            if (route.handler() == null) {
                throw new IllegalStateException("No handler for " + route);
            }
            same.add(route);
        }
        grouped.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue().get(0).parameterCount()))
                .forEach(e -> byPath.put(e.getKey(), List.copyOf(e.getValue())));
    }

    /** Every route, in the order they were declared (the document's order). */
    public List<Route> routes() {
        return routes;
    }

    /**
     * The endpoint serving {@code path} on {@code mount}: the contract path ({@code
     * /customer/demo/login}), the tenant segment as sent and the rest decoded, as the mounts read
     * them.
     */
    public Endpoint endpoint(Mount mount, String path) {
        return endpoint(mount, path, null);
    }

    /**
     * The endpoint serving {@code /customer/{tenant}/rest} on {@code mount}, given as {@code
     * prefix} ({@code /customer/}), the tenant as the mount read it and the rest. The tenant is one
     * segment of the request whatever it decodes to (a {@code %2F} in it is no path separator), so
     * it is matched as one segment and handed on as read.
     */
    public Endpoint endpoint(Mount mount, String prefix, String tenant, String rest) {
        return endpoint(mount, prefix + TENANT_SEGMENT + "/" + rest, tenant);
    }

    private Endpoint endpoint(Mount mount, String path, String tenant) {
        Endpoint found = find(mount, path, tenant);
        if (found == null && path.length() > 1 && path.endsWith("/")) {
            found = find(mount, path.substring(0, path.length() - 1), tenant);
        }
        return found != null ? found : Endpoint.none(mount);
    }

    /**
     * The route serving {@code method} at {@code path} (a trailing slash ignored), or null: what a
     * mount's endpoint runs.
     */
    public Route route(String method, String path) {
        List<Route> same = routesOf(path);
        if (same == null && path.length() > 1 && path.endsWith("/")) {
            same = routesOf(path.substring(0, path.length() - 1));
        }
        return same == null
                ? null
                : same.stream().filter(r -> r.methods().contains(method)).findFirst().orElse(null);
    }

    private List<Route> routesOf(String path) {
        for (List<Route> same : byPath.values()) {
            if (same.get(0).match(path) != null) {
                return same;
            }
        }
        return null;
    }

    private Endpoint find(Mount mount, String path, String tenant) {
        for (List<Route> same : byPath.values()) {
            Map<String, String> parameters = same.get(0).match(path);
            if (parameters != null) {
                if (tenant != null) {
                    if (!parameters.containsKey("tenant")) {
                        continue;
                    }
                    parameters.put("tenant", tenant);
                }
                return Endpoint.of(mount, same, parameters);
            }
        }
        return null;
    }
}
