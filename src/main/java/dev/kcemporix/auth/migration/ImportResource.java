package dev.kcemporix.auth.migration;

import static dev.kcemporix.auth.http.Answers.json;

import java.util.Set;

import jakarta.ws.rs.core.Response;

import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Endpoint;
import dev.kcemporix.auth.http.Mount;
import dev.kcemporix.auth.http.Parameter;
import dev.kcemporix.auth.service.ServiceCaller;

/**
 * Emporix's import and migration calls (README, *Moving from Emporix*), on either mount, for a
 * service token whose client carries {@value #MANAGE} ({@value #READ} suffices to read).
 */
public class ImportResource {

    /** The client scopes of the import, created when a tenant is switched on and assigned to no client. */
    public static final String MANAGE = "customer.import_manage";
    public static final String READ = "customer.import_read";

    static final Parameter RETENTION_END = Parameter.named("retentionEndDate");
    static final Parameter REMINDER = Parameter.named("emailReminderDate");
    static final Parameter NOTIFICATIONS = Parameter.named("emailNotificationsEnabled");

    private final Mount mount;
    private final String tenant;

    public ImportResource(Mount mount, String tenant) {
        this.mount = mount;
        this.tenant = tenant;
    }

    public Endpoint route(String path) {
        return switch (path) {
            case "customers/import" -> Endpoint.of(mount, tenant, Endpoint.POST, this::importCustomers).takingJsonArray();
            case "config/password-migration-retention" -> Endpoint.of(mount, tenant, Set.of("GET", "POST", "DELETE"), this::retention);
            default -> Endpoint.none(mount);
        };
    }

    private Response importCustomers(EmporixRequest request) {
        ServiceCaller.require(request.session(), request.realm(), request.bearerToken(), Set.of(MANAGE));
        return json(207, new CustomerImport(request.session(), request.realm()).run(request.jsonArray()));
    }

    private Response retention(EmporixRequest request) {
        boolean reading = request.method().equals("GET");
        ServiceCaller.require(request.session(), request.realm(), request.bearerToken(), reading ? Set.of(MANAGE, READ) : Set.of(MANAGE));
        RetentionWindow window = new RetentionWindow(request.session(), request.realm());
        return switch (request.method()) {
            case "GET" -> {
                RetentionConfig config = window.config();
                if (config == null) {
                    throw EmporixException.notFound("No password-migration retention configuration is set");
                }
                yield json(config);
            }
            case "POST" -> json(window.store(request.optional(RETENTION_END), request.optional(REMINDER), request.optional(NOTIFICATIONS)));
            default -> {
                window.remove();
                yield Response.noContent().build();
            }
        };
    }

}
