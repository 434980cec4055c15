package dev.kcemporix.auth.migration;

import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * One factory per SAP Commerce hash format: Keycloak finds a hash provider by the credential's
 * algorithm, which is the factory's id.
 */
public abstract class HybrisPasswordHashFactory implements PasswordHashProviderFactory {

    private final HybrisDigest digest;
    private final String id;

    HybrisPasswordHashFactory(HybrisDigest digest) {
        this(digest, digest.algorithm());
    }

    HybrisPasswordHashFactory(HybrisDigest digest, String id) {
        this.digest = digest;
        this.id = id;
    }

    @Override
    public PasswordHashProvider create(KeycloakSession session) {
        return new HybrisPasswordHash(session, digest);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    public static final class Sha512 extends HybrisPasswordHashFactory {
        public Sha512() {
            super(HybrisDigest.SHA512);
        }
    }

    public static final class Sha256 extends HybrisPasswordHashFactory {
        public Sha256() {
            super(HybrisDigest.SHA256);
        }
    }

    public static final class Md5 extends HybrisPasswordHashFactory {
        public Md5() {
            super(HybrisDigest.MD5);
        }
    }

    /**
     * SAP Commerce's PBKDF2 hashes: Keycloak's {@code pbkdf2} check, bounded by the retention
     * window.
     */
    public static final class Pbkdf2 extends HybrisPasswordHashFactory {
        public Pbkdf2() {
            super(null, HybrisPbkdf2.ALGORITHM);
        }
    }
}
