package dev.kcemporix.auth.keycloak;

import java.util.Objects;
import org.keycloak.models.RealmModel;

/**
 * Every kind of entry this jar keeps in Keycloak's single-use store, declared once: its key, its
 * value, the feature that writes it, how long it lives and its format's number.
 *
 * <p>The store (Infinispan's replicated {@code actionTokens} cache) is shared by every node, and
 * during a rolling upgrade by two builds of the jar: what one build writes, the other reads, and an
 * entry taken with {@code putIfAbsent} is one-of-a-kind only while both write the same key. So the
 * format a build writes ({@link #format}) changes only with a new number, and Keycloak's rolling
 * check ({@link StoreFormatsCompatibility}) then asks for a recreate. To change a format without
 * one, a build reads both and goes on writing the old one until a setting says every node is new
 * ({@code docs/production.md}, "Rolling a new jar"). Each key starts with the entry's prefix, then
 * the tenant's realm id and a slash (which a realm id cannot hold), so entries of two tenants never
 * meet; the one entry that is looked up before any tenant is known says so ({@link
 * Scope#DEPLOYMENT}). Only {@link SingleUseStore} touches the store, and it never calls {@code
 * replace} (which keeps no lifespan: an entry written by it would stay for good); {@code
 * StoreCatalogueTest} fails the build otherwise.
 */
public enum StoreEntry {
    STOREFRONT_SESSION(
            "emporix.storefront-session.",
            "anonymous",
            "{sessionId}",
            "empty while the login runs, then {user: the claiming customer's id}",
            "the longer of the anonymous access and refresh token lifespans"),
    PASSWORD_FAILURE_KEY(
            "emporix.password-failure-key.",
            "keycloak (repeated-password memory)",
            "{SHA-256 of the login name}",
            "{key: a random HMAC key for the login name's attempts}",
            "60 s after the last wrong password"),
    PASSWORD_FAILURE(
            "emporix.password-failure.",
            "keycloak (repeated-password memory)",
            "{HMAC of realm, login name, password stamp and password}",
            "{refusal: the error the attempt got}",
            "60 s"),
    CREDENTIAL_CHECK_TURN(
            "emporix.credential-check.",
            "keycloak (password checks outside a login)",
            "{userId}",
            "empty",
            "until the check ends, 15 s at most"),
    USED_LINK(
            "emporix.used-link.",
            "customer (one-time links)",
            "{Keycloak's action-token key: userId.exp.nonce.action}",
            "empty",
            "until the link would expire"),
    CUSTOMER_NUMBER(
            "emporix.customer-number.",
            "customer (numbers)",
            "{customer number}",
            "empty",
            "300 s, or until the creation rolls back"),
    MAIL_SENT(
            "emporix.mail-sent.",
            "customer (mails)",
            "{kind of mail}.{digest of the address}",
            "empty",
            "the tenant's mail throttle window"),
    NOTICE_SENT(
            "emporix.notice-sent.",
            "customer (sign-in notices)",
            "{userId}.{n, 1 to 10}",
            "empty",
            "600 s"),
    SOCIAL_OTP(
            "emporix.social-otp.",
            "social (a social login waiting for its one-time code)",
            "{digest of the provider's code}",
            "{user, provider, verifier: digest of the PKCE verifier, until: epoch seconds}",
            "300 s"),
    EXCHANGE_USED(
            "emporix.exchange-used.",
            "social (token exchange)",
            "{provider alias}.{digest of the subject token's jti or signed part}",
            "empty",
            "until the subject token would expire, clock skew included"),
    OTP_OFFER(
            "emporix.otp-offer.",
            "mfa (one-time-code enrolment)",
            "{userId}",
            "{secret, expires: epoch seconds}",
            "600 s, or until confirmed"),
    MIGRATION_REFUSED(
            "emporix.migration.refused.",
            "migration (login-through)",
            "{digest of the address}.{n, 1 to the realm's failure factor}",
            "empty",
            "the realm's maximum brute-force wait, 60 s at least"),
    SOURCE_CIRCUIT(
            "emporix.migration.circuit.",
            "migration (login-through)",
            "{component id}.{open, probe, or failure.{n}}",
            "empty",
            "open: the component's open seconds; probe: the source's deadline + 2 s;"
                    + " failure: 60 s or twice the open seconds"),
    HANDOFF_CODE(
            "emporix.handoff-code.",
            "assisted (hand-off of an assisted session to the storefront)",
            "{digest of the code}",
            "{customer, actor, actorUsername, actorClient, client: storefront client id,"
                    + " until: epoch seconds}",
            "60 s, or until redeemed"),
    PASSKEY_CEREMONY(
            "emporix.passkey-ceremony.",
            "passkeys (a registration or login ceremony waiting for its finish)",
            "{ceremonyId}",
            "{kind: registration or login, challenge, subject: the customer's id or the visitor's"
                    + " sessionId, client: storefront client id, until: epoch seconds}",
            "the passwordless policy's timeout (300 s when unset), or until finished"),
    CLIENT_TENANT(
            "emporix.client-tenant.",
            "tenant (/oauth/token without a tenant)",
            "{client_id}",
            "{realmId}",
            "60 s, or until an admin changes the client id's realms",
            Scope.DEPLOYMENT);

    /** Whose entries a key separates. */
    public enum Scope {
        /** One tenant's: the key carries the realm id. */
        TENANT,
        /**
         * The deployment's: looked up before the request names a tenant (the tenant is the answer).
         */
        DEPLOYMENT
    }

    /** The format every entry has had since the catalogue began (release 0.1.0). */
    private static final int FIRST_FORMAT = 1;

    private final String prefix;
    private final String owner;
    private final String keyFormat;
    private final String valueFormat;
    private final String lifespan;
    private final Scope scope;

    StoreEntry(String prefix, String owner, String key, String value, String lifespan) {
        this(prefix, owner, key, value, lifespan, Scope.TENANT);
    }

    StoreEntry(
            String prefix, String owner, String key, String value, String lifespan, Scope scope) {
        this.prefix = prefix;
        this.owner = owner;
        this.keyFormat = key;
        this.valueFormat = value;
        this.lifespan = lifespan;
        this.scope = scope;
    }

    /** The key of this entry for {@code parts} (joined by dots) in the tenant {@code realm}. */
    public Key key(RealmModel realm, Object... parts) {
        return key(realm.getId(), parts);
    }

    /** The key of this entry for {@code parts} in the tenant whose realm id is {@code realmId}. */
    public Key key(String realmId, Object... parts) {
        if (scope != Scope.TENANT) {
            throw new IllegalStateException(this + " is not kept per tenant");
        }
        if (realmId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a realm id: " + realmId);
        }
        return new Key(this, join(prefix + realmId + "/", parts));
    }

    /** The key of this deployment-wide entry ({@link Scope#DEPLOYMENT}) for {@code parts}. */
    public Key deploymentKey(Object... parts) {
        if (scope != Scope.DEPLOYMENT) {
            throw new IllegalStateException(this + " is kept per tenant: name the tenant");
        }
        return new Key(this, join(prefix.substring(0, prefix.length() - 1), parts));
    }

    /** {@code head}, then the parts, with a dot before each part but where head ends a segment. */
    private static String join(String head, Object[] parts) {
        StringBuilder key = new StringBuilder(head);
        for (Object part : parts) {
            if (key.charAt(key.length() - 1) != '/') {
                key.append('.');
            }
            key.append(Objects.requireNonNull(part));
        }
        return key.toString();
    }

    public String prefix() {
        return prefix;
    }

    public String owner() {
        return owner;
    }

    /** The key after the prefix and the realm id. */
    public String keyFormat() {
        return keyFormat;
    }

    public String valueFormat() {
        return valueFormat;
    }

    public String lifespan() {
        return lifespan;
    }

    public Scope scope() {
        return scope;
    }

    /** The number of the format this build writes: raised with every change of key or value. */
    public int format() {
        return FIRST_FORMAT;
    }

    /** A key of the store, made only by its entry. */
    public static final class Key {
        private final StoreEntry entry;
        private final String value;

        private Key(StoreEntry entry, String value) {
            this.entry = entry;
            this.value = value;
        }

        public StoreEntry entry() {
            return entry;
        }

        /** The key as stored. */
        String value() {
            return value;
        }

        /** A key below this one, for one entry's several records (a circuit's failures). */
        public Key child(Object... parts) {
            return new Key(entry, join(value, parts));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && value.equals(other.value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
