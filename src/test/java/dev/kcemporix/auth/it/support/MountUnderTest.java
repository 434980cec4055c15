package dev.kcemporix.auth.it.support;

/** The two places every contract path is served; ITs run each scenario on both. */
public enum MountUnderTest {
    ROOT {
        @Override
        public String url(Server server, String pathRealm, String path) {
            return server.baseUrl() + path;
        }
    },
    REALM {
        @Override
        public String url(Server server, String pathRealm, String path) {
            return server.baseUrl() + "/realms/" + pathRealm + "/emporix" + path;
        }
    };

    /**
     * The URL of contract path {@code path} (starting with {@code /}); {@code pathRealm} is the
     * realm a realm-mount URL names, ignored at the root.
     */
    public abstract String url(Server server, String pathRealm, String path);
}
