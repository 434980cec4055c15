package dev.kcemporix.auth.it.support;

/**
 * Names from {@code realm-export/demo-realm.json} that the tests rely on, and the realms tests add.
 */
public final class Demo {
    public static final String TENANT = "demo";
    public static final String STOREFRONT = "storefront";
    public static final String SERVICE_CLIENT = "emporix-service";
    public static final String SERVICE_SECRET = "service-secret-change-me";
    public static final String B2C_EMAIL = "customer@example.com";
    public static final String B2C_PASSWORD = "customer123";
    public static final String B2B_EMAIL = "buyer@example.com";
    public static final String B2B_PASSWORD = "buyer12345";
    public static final String B2B_CUSTOMER_NUMBER = "C-100042";
    public static final String BACK_OFFICE = "backoffice";
    public static final String BACK_OFFICE_SECRET = "backoffice-secret-change-me";
    public static final String AGENT_EMAIL = "agent@example.com";
    public static final String AGENT_PASSWORD = "agent12345";
    public static final String DISABLED_EMAIL = "disabled@example.com";
    public static final String DISABLED_PASSWORD = "disabled123";
    public static final String ALLOWED_ORIGIN = "http://localhost:3000";

    /** An enabled tenant the tests create, for cross-tenant cases. */
    public static final String OTHER_TENANT = "othershop";

    /** A realm the tests create without the extension switched on. */
    public static final String PLAIN_REALM = "plainrealm";

    private Demo() {}
}
