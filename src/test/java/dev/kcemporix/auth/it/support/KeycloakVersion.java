package dev.kcemporix.auth.it.support;

/**
 * The Keycloak the tests run against (the distribution's version), for the few answers Keycloak
 * itself changed between minors.
 */
public final class KeycloakVersion {

    private KeycloakVersion() {}

    /** Whether the Keycloak under test is {@code major.minor} or newer. */
    public static boolean atLeast(int major, int minor) {
        String[] parts = System.getProperty("keycloak.version", "0.0").split("[.-]");
        int runningMajor = Integer.parseInt(parts[0]);
        int runningMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return runningMajor > major || (runningMajor == major && runningMinor >= minor);
    }
}
