package dev.kcemporix.auth.passkeys;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.common.util.UriUtils;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.WebAuthnPolicy;

/**
 * The realm's <em>WebAuthn Passwordless Policy</em> as a ceremony of ours reads it: the same
 * relying party, origins, user verification, attestation, algorithms and timeout Keycloak's own
 * passkey pages use, so a passkey made through the API is one Keycloak's login page accepts, and
 * the other way round. Its <em>Enable Passkeys</em> switch turns the API's passkeys on too.
 */
final class PasskeyPolicy {

    /** A ceremony's life when the policy sets no timeout (WebAuthn's own recommendation). */
    static final int DEFAULT_TIMEOUT_SECONDS = 300;

    /** Keycloak's default for how recent a login must be for a credential change. */
    static final int DEFAULT_MAX_AUTH_AGE_SECONDS = 300;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final WebAuthnPolicy policy;

    PasskeyPolicy(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.policy = realm.getWebAuthnPolicyPasswordless();
    }

    boolean enabled() {
        return Boolean.TRUE.equals(policy.isPasskeysEnabled());
    }

    /** The policy's relying party id, else Keycloak's host (as Keycloak's own pages take it). */
    String rpId() {
        String rpId = policy.getRpId();
        return rpId == null || rpId.isBlank()
                ? session.getContext().getUri().getBaseUri().getHost()
                : rpId;
    }

    String rpName() {
        String name = policy.getRpEntityName();
        return name == null || name.isBlank()
                ? Constants.DEFAULT_WEBAUTHN_POLICY_RP_ENTITY_NAME
                : name;
    }

    /** Keycloak's own origin and the policy's extra origins (the storefronts'). */
    Set<String> origins() {
        Set<String> origins = new LinkedHashSet<>();
        origins.add(UriUtils.getOrigin(session.getContext().getUri().getBaseUri()));
        if (policy.getExtraOrigins() != null) {
            origins.addAll(policy.getExtraOrigins());
        }
        return origins;
    }

    boolean requiresUserVerification() {
        return Constants.WEBAUTHN_POLICY_OPTION_REQUIRED.equals(
                policy.getUserVerificationRequirement());
    }

    /** {@code required}, {@code preferred} or {@code discouraged}; unset: {@code preferred}. */
    String userVerification() {
        return specified(policy.getUserVerificationRequirement(), "preferred");
    }

    /**
     * {@code none}, {@code indirect}, {@code direct} or {@code enterprise}; unset: {@code none}.
     */
    String attestation() {
        return specified(policy.getAttestationConveyancePreference(), "none");
    }

    /** {@code platform}, {@code cross-platform}, or null: either. */
    String authenticatorAttachment() {
        return specified(policy.getAuthenticatorAttachment(), null);
    }

    int timeoutSeconds() {
        return policy.getCreateTimeout() > 0 ? policy.getCreateTimeout() : DEFAULT_TIMEOUT_SECONDS;
    }

    /**
     * How recent a login must be to add or remove a passkey without the password: the maximum
     * authentication age of Keycloak's "register passkey" action, as an admin configured it.
     */
    int maxAuthAgeSeconds() {
        RequiredActionConfigModel config =
                realm.getRequiredActionConfigByAlias(
                        WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
        String value = config == null ? null : config.getConfigValue(Constants.MAX_AUTH_AGE_KEY);
        try {
            return value == null ? DEFAULT_MAX_AUTH_AGE_SECONDS : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_AUTH_AGE_SECONDS;
        }
    }

    /** The policy's signature algorithms as COSE identifiers (the IANA COSE registry). */
    List<Long> algorithms() {
        List<String> names = policy.getSignatureAlgorithm();
        if (names == null || names.isEmpty()) {
            names = List.of(Constants.DEFAULT_WEBAUTHN_POLICY_SIGNATURE_ALGORITHMS.split(","));
        }
        List<Long> algorithms = new ArrayList<>();
        for (String name : names) {
            Long cose =
                    switch (name.trim()) {
                        case "ES256" -> -7L;
                        case "ES384" -> -35L;
                        case "ES512" -> -36L;
                        case "RS256" -> -257L;
                        case "RS384" -> -258L;
                        case "RS512" -> -259L;
                        case "Ed25519", "EdDSA" -> -8L;
                        case "RS1" -> -65535L;
                        default -> null;
                    };
            if (cose != null) {
                algorithms.add(cose);
            }
        }
        return algorithms;
    }

    private static String specified(String value, String otherwise) {
        return value == null
                        || value.isBlank()
                        || Constants.DEFAULT_WEBAUTHN_POLICY_NOT_SPECIFIED.equals(value)
                ? otherwise
                : value;
    }
}
