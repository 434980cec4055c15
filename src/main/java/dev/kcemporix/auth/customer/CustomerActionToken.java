package dev.kcemporix.auth.customer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The one-time token of an opt-in, password-reset or e-mail-change link: a Keycloak action token
 * (user, action, expiry, nonce; signed with the realm's internal key) that also records what it was
 * issued for, so it stops working once that changed: the e-mail address ({@code eml}), the password
 * ({@code pwd}, a digest of the stored credential) and the customer's mark of the last used link of
 * its action ({@code used}), and for an e-mail change the new address.
 */
public class CustomerActionToken extends DefaultActionToken {

    public static final String OPT_IN = "emporix-opt-in";
    public static final String RESET_PASSWORD = "emporix-reset-password";
    public static final String CHANGE_EMAIL = "emporix-change-email";

    @JsonProperty("pwd")
    private String passwordStamp;

    @JsonProperty("used")
    private String usedMark;

    @JsonProperty("new_email")
    private String newEmail;

    @JsonProperty("sync_contact_email")
    private Boolean syncContactEmail;

    @JsonProperty("tenant")
    private String tenant;

    /** For JSON. */
    public CustomerActionToken() {}

    CustomerActionToken(
            String userId,
            String action,
            int expiresAt,
            String tenant,
            String email,
            String passwordStamp,
            String usedMark) {
        super(userId, action, expiresAt, UUID.randomUUID());
        this.tenant = tenant;
        this.passwordStamp = passwordStamp;
        this.usedMark = usedMark;
        setEmail(email);
    }

    /** For an e-mail change: the new address, and whether the contact e-mail follows it. */
    CustomerActionToken toNewEmail(String address, boolean syncContact) {
        this.newEmail = address;
        this.syncContactEmail = syncContact ? Boolean.TRUE : null;
        return this;
    }

    String getPasswordStamp() {
        return passwordStamp;
    }

    String getUsedMark() {
        return usedMark;
    }

    public String getNewEmail() {
        return newEmail;
    }

    public boolean isSyncContactEmail() {
        return Boolean.TRUE.equals(syncContactEmail);
    }

    String getTenant() {
        return tenant;
    }
}
