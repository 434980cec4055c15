package dev.kcemporix.auth.it.support;

/** Names from {@code realm-export/demo-realm.json} that the tests rely on. */
public final class Demo {
    public static final String TENANT = "demo";
    public static final String STOREFRONT = "storefront";
    public static final String SERVICE_CLIENT = "emporix-service";
    public static final String SERVICE_SECRET = "service-secret-change-me";
    public static final String B2C_EMAIL = "customer@example.com";
    public static final String B2C_PASSWORD = "customer123";
    public static final String ALLOWED_ORIGIN = "http://localhost:3000";

    /** An enabled tenant the tests create, for cross-tenant cases. */
    public static final String OTHER_TENANT = "othershop";
    /** A realm the tests create without the extension switched on. */
    public static final String PLAIN_REALM = "plainrealm";

    private Demo() {
    }
}
