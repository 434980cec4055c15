package dev.kcemporix.auth.migration;

import static dev.kcemporix.auth.api.answer.Answers.json;

import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.service.ServiceCaller;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Emporix's import and migration calls (docs/endpoints.md, *Moving from Emporix*), on either mount,
 * for a service token whose client carries {@value #MANAGE} ({@value #READ} suffices to read).
 */
public class ImportResource {

    /**
     * The client scopes of the import, created when a tenant is switched on and assigned to no
     * client.
     */
    public static final String MANAGE = "customer.import_manage";

    public static final String READ = "customer.import_read";

    static final Parameter RETENTION_END = Parameter.named("retentionEndDate");
    static final Parameter REMINDER = Parameter.named("emailReminderDate");
    static final Parameter NOTIFICATIONS = Parameter.named("emailNotificationsEnabled");

    static final String TAG = "Import and migration";
    private static final String TENANT =
            "The tenant (a realm with the extension switched on). Lowercased when it has capitals.";

    private ImportResource() {}

    /** Emporix's import and migration calls below {@code /customer/{tenant}}. */
    public static List<Route> routes() {
        return List.of(
                Route.of(
                                "POST",
                                "/customer/{tenant}/customers/import",
                                TAG,
                                "Import customers, with their legacy password hashes")
                        .describe(
                                "At most 200 customers per call; each item is created or refused on"
                                    + " its own (207, one entry per item in the request's order)."
                                    + " Needs a service token whose client has the client scope"
                                    + " `customer.import_manage`. An item with `legacyAuth` needs"
                                    + " an active retention configuration.")
                        .inPath("tenant", TENANT)
                        .jsonBody(importBody())
                        .answers(207, new Route.ListOf(ImportResult.class))
                        .refuses(401)
                        .takingJsonArray()
                        .handledBy(
                                ServiceCaller.withScope(MANAGE), ImportResource::importCustomers),
                Route.of(
                                "GET",
                                "/customer/{tenant}/config/password-migration-retention",
                                TAG,
                                "The retention window of legacy hashes")
                        .describe("404 when none is set. `customer.import_read` suffices.")
                        .inPath("tenant", TENANT)
                        .answers(200, RetentionConfig.class)
                        .refuses(401)
                        .handledBy(
                                ServiceCaller.withScope(MANAGE, READ), ImportResource::retention),
                Route.of(
                                "POST",
                                "/customer/{tenant}/config/password-migration-retention",
                                TAG,
                                "Set the retention window")
                        .describe(
                                "`emailReminderDate` defaults to 7 days before the end (tomorrow"
                                        + " when that is not in the future),"
                                        + " `emailNotificationsEnabled` to `true`.")
                        .inPath("tenant", TENANT)
                        .required("retentionEndDate", "A future day, `YYYY-MM-DD` (UTC).")
                        .optional("emailReminderDate", "A future day up to the end, `YYYY-MM-DD`.")
                        .flag(
                                "emailNotificationsEnabled",
                                "`true` or `false` (a JSON boolean, or the text).")
                        .answers(200, RetentionConfig.class)
                        .refuses(401)
                        .handledBy(ServiceCaller.withScope(MANAGE), ImportResource::storeRetention),
                Route.of(
                                "DELETE",
                                "/customer/{tenant}/config/password-migration-retention",
                                TAG,
                                "Remove the retention window")
                        .describe("400 while any customer still has a legacy hash.")
                        .inPath("tenant", TENANT)
                        .answers(204, null)
                        .refuses(401)
                        .handledBy(
                                ServiceCaller.withScope(MANAGE), ImportResource::removeRetention));
    }

    private static Response importCustomers(EmporixRequest request, AuthResult service) {
        return json(
                207,
                new CustomerImport(request.session(), request.realm()).run(request.jsonArray()));
    }

    private static Response retention(EmporixRequest request, AuthResult service) {
        RetentionConfig config = new RetentionWindow(request.session(), request.realm()).config();
        if (config == null) {
            throw EmporixException.notFound("No password-migration retention configuration is set");
        }
        return json(config);
    }

    private static Response storeRetention(EmporixRequest request, AuthResult service) {
        return json(
                new RetentionWindow(request.session(), request.realm())
                        .store(
                                request.optional(RETENTION_END),
                                request.optional(REMINDER),
                                request.optional(NOTIFICATIONS)));
    }

    private static Response removeRetention(EmporixRequest request, AuthResult service) {
        new RetentionWindow(request.session(), request.realm()).remove();
        return Response.noContent().build();
    }

    /**
     * The import's body: an array of at most 200 customers, each as Emporix's import describes it.
     */
    private static Map<String, Object> importBody() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(
                "id",
                Route.schema(
                        "type",
                        "string",
                        "pattern",
                        "^[\\w-]{1,66}$",
                        "description",
                        "The customer number; left out: one is assigned."));
        for (String field :
                List.of(
                        "title",
                        "firstName",
                        "middleName",
                        "lastName",
                        "contactPhone",
                        "company",
                        "preferredLanguage",
                        "preferredCurrency",
                        "preferredSite")) {
            item.put(field, Route.stringSchema(null));
        }
        item.put("contactEmail", Route.stringSchema("Must equal `account.email` (ignoring case)."));
        item.put("metadata", Route.objectSchema("Accepted and not kept here.", null));
        item.put("mixins", Route.objectSchema("Accepted and not kept here.", null));
        Map<String, Object> legacyAuth = new LinkedHashMap<>();
        legacyAuth.put(
                "algorithm",
                Route.schema(
                        "type",
                        "string",
                        "enum",
                        List.of(
                                "hybris-sha512-uid-salt",
                                "hybris-sha256-uid-salt",
                                "hybris-md5-uid-salt",
                                "hybris-pbkdf2")));
        legacyAuth.put(
                "hash",
                Route.stringSchema(
                        "Hex or Base64; for `hybris-pbkdf2` `iterations:hexSalt:hexHash`."));
        legacyAuth.put(
                "context",
                Route.objectSchema(
                        null,
                        Route.schema(
                                "originalUid",
                                Route.stringSchema(
                                        "The customer's uid in SAP Commerce (the salted digests'"
                                                + " salt)."))));
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("email", Route.stringSchema(null));
        account.put("passwordHash", Route.stringSchema(null));
        account.put("legacyAuth", Route.objectSchema(null, legacyAuth));
        item.put(
                "account",
                Route.objectSchema(
                        "`email`, and exactly one of `passwordHash` (refused: Emporix's format is"
                                + " not published) or `legacyAuth`.",
                        account));
        Map<String, Object> legalEntities =
                Route.schema(
                        "type",
                        "array",
                        "description",
                        "Legal entities (existing organizations) the customer becomes a member of.",
                        "items",
                        Route.objectSchema(null, Route.schema("id", Route.stringSchema(null))));
        item.put("b2b", Route.objectSchema(null, Route.schema("legalEntities", legalEntities)));
        return Route.schema(
                "type", "array", "maxItems", 200, "items", Route.objectSchema(null, item));
    }
}
