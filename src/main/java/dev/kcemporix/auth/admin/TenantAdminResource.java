package dev.kcemporix.auth.admin;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.ErrorResponses;
import dev.kcemporix.auth.migration.RetentionJob;
import dev.kcemporix.auth.tenant.TenantSetting;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/emporix}: a tenant's settings, health report and provisioning, for
 * automation; the console tab offers the same. Keycloak's admin permissions guard it: view-realm to
 * read, manage-realm to change.
 */
public class TenantAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    TenantAdminResource(
            KeycloakSession session,
            RealmModel realm,
            AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** What is missing or contradictory, each with its fix. */
    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> health() {
        auth.realm().requireViewRealm();
        return report(List.of());
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> settings() {
        auth.realm().requireViewRealm();
        return TenantSettingsForm.read(realm);
    }

    /**
     * Changes the settings given (switching the tenant on provisions it) and answers the health
     * report.
     */
    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(Map<String, Object> settings) {
        auth.realm().requireManageRealm();
        Map<String, List<String>> given = new LinkedHashMap<>();
        if (settings != null) {
            settings.forEach(
                    (name, value) ->
                            given.put(
                                    name,
                                    value == null
                                            ? List.of()
                                            : value instanceof List<?> list
                                                    ? list.stream().map(String::valueOf).toList()
                                                    : List.of(String.valueOf(value))));
        }
        try {
            TenantSettingsForm.apply(realm, given);
        } catch (EmporixException e) {
            return ErrorResponses.of(e);
        }
        List<String> created = new TenantProvisioning(session).provision(realm, true);
        EmporixTab.syncForm(session, realm);
        given.forEach(
                (name, values) -> {
                    TenantSetting setting = TenantSetting.byField(name);
                    if (setting != null && setting.kind() == TenantSetting.Kind.SECRET) {
                        EmporixTab.storeSecret(
                                session, realm, setting, values.isEmpty() ? null : values.get(0));
                    }
                });
        adminEvent
                .operation(OperationType.UPDATE)
                .resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri())
                .representation(TenantSettingsForm.read(realm))
                .success();
        return Response.ok(report(created)).build();
    }

    /** Creates whatever of a tenant's setup is missing (nothing that exists is changed). */
    @POST
    @Path("provision")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> provision() {
        auth.realm().requireManageRealm();
        List<String> created = new TenantProvisioning(session).provision(realm, true);
        EmporixTab.syncForm(session, realm);
        if (!created.isEmpty()) {
            adminEvent
                    .operation(OperationType.ACTION)
                    .resource(ResourceType.REALM)
                    .resourcePath(session.getContext().getUri())
                    .success();
        }
        return report(created);
    }

    /**
     * Runs the password-migration job for this tenant now (it runs hourly anyway): after the
     * retention window changed, or after an SMTP outage; 409 while a run holds the tenant's lock.
     * {@code today} moves the day the job takes as today, and is accepted only where the server
     * runs with the system property {@value RetentionJob#TEST_CLOCK} (tests): a production server
     * acts on real days only.
     */
    @POST
    @Path("password-migration/run")
    @Produces(MediaType.APPLICATION_JSON)
    public Response runPasswordMigration(@QueryParam("today") String today) {
        auth.realm().requireManageRealm();
        LocalDate day;
        try {
            day = RetentionJob.today(today);
        } catch (EmporixException e) {
            return ErrorResponses.of(e);
        }
        RetentionJob.Outcome outcome =
                RetentionJob.runLocked(session.getKeycloakSessionFactory(), realm.getId(), day);
        if (outcome == null) {
            return ErrorResponses.of(
                    EmporixException.of(
                            409,
                            "conflict_resource",
                            "A run of the password-migration job is in progress for this tenant"));
        }
        adminEvent
                .operation(OperationType.ACTION)
                .resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri())
                .success();
        return Response.ok(outcome).build();
    }

    private Map<String, Object> report(List<String> created) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", realm.getName());
        body.put("enabled", dev.kcemporix.auth.tenant.TenantRealms.isEnabled(realm));
        body.put("created", created);
        body.put("findings", new TenantHealth(session, realm).findings());
        return body;
    }
}
