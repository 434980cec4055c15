package dev.kcemporix.auth.passkeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import dev.kcemporix.auth.keycloak.CredentialLabels;
import dev.kcemporix.auth.keycloak.CustomerCredentialCheck;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.LoginFactors;
import dev.kcemporix.auth.login.CustomerLogin;
import dev.kcemporix.auth.login.CustomerTokenResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.WebAuthnCredentialModelInput;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * A customer's passkeys through the API (docs/endpoints.md, *Passkeys*): Keycloak's own {@code
 * webauthn-passwordless} credentials under the realm's passwordless policy, so Keycloak's login
 * page and account console know the same passkeys. Keycloak checks every ceremony: its "register
 * passkey" action checks and stores a new one ({@link KeycloakPasskeyRegistration}), its credential
 * provider checks a login's assertion (signature, challenge, origin, relying party, flags,
 * counter). What is ours: the ceremony between its two calls ({@link Ceremony}, single-use, in the
 * cluster's store), who may start one, a refusal counted like a wrong password (Keycloak's detector
 * leaves a passkey's own category uncounted), the signature counter on Keycloak 26.5 (whose
 * provider does not store it), and the login's session and answer: two factors when the
 * authenticator verified its holder, a password's otherwise.
 *
 * <p>A token alone adds or removes no passkey (it may have leaked): the current password, or a
 * verifying passkey's login within the maximum age of Keycloak's "register passkey" action, is
 * needed too, and for a customer with a one-time-code device a session of a code or a current code.
 * The customer is told by mail of each passkey added or removed (the {@code UPDATE_CREDENTIAL} and
 * {@code REMOVE_CREDENTIAL} events, {@code SignInNotices}).
 */
final class Passkeys {

    static final String TYPE = WebAuthnCredentialModel.TYPE_PASSWORDLESS;

    /** The longest a ceremony waits, whatever the policy's timeout says. */
    static final int MAX_CEREMONY_SECONDS = 600;

    private static final Pattern USER_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PasskeyPolicy policy;

    Passkeys(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.policy = new PasskeyPolicy(session, realm);
    }

    /** The options of a new passkey for the customer, once they proved it is them. */
    RegistrationOptions registrationOptions(AuthResult customer, String password, String code) {
        switchedOn();
        registrationSwitchedOn();
        UserModel user = customer.user();
        EventBuilder event = credentialEvent(EventType.UPDATE_CREDENTIAL, customer);
        reauthenticated(customer, password, event);
        secondFactorKept(customer, code, event);
        int seconds = Math.min(policy.timeoutSeconds(), MAX_CEREMONY_SECONDS);
        Ceremony ceremony =
                Ceremony.begin(
                        Ceremony.Kind.REGISTRATION,
                        user.getId(),
                        customer.client().getClientId(),
                        seconds);
        String ceremonyId = ceremony.keep(session, realm);
        String displayName =
                user.getFirstName() != null || user.getLastName() != null
                        ? String.join(
                                        " ",
                                        user.getFirstName() == null ? "" : user.getFirstName(),
                                        user.getLastName() == null ? "" : user.getLastName())
                                .trim()
                        : user.getEmail() != null ? user.getEmail() : user.getUsername();
        return new RegistrationOptions(
                ceremonyId,
                new RegistrationOptions.PublicKey(
                        new RegistrationOptions.RelyingParty(policy.rpId(), policy.rpName()),
                        new RegistrationOptions.User(
                                base64Url(user.getId().getBytes(StandardCharsets.UTF_8)),
                                user.getEmail() != null ? user.getEmail() : user.getUsername(),
                                displayName),
                        ceremony.challenge(),
                        policy.algorithms().stream()
                                .map(
                                        alg ->
                                                new RegistrationOptions.CredentialParameter(
                                                        "public-key", alg))
                                .toList(),
                        seconds * 1000L,
                        credentials(user).stream()
                                .map(
                                        c ->
                                                new RegistrationOptions.CredentialDescriptor(
                                                        "public-key", base64Url(credentialId(c))))
                                .toList(),
                        new RegistrationOptions.AuthenticatorSelection(
                                "required",
                                true,
                                policy.userVerification(),
                                policy.authenticatorAttachment()),
                        policy.attestation()));
    }

    /**
     * Adds the passkey of {@code credential} (WebAuthn's {@code RegistrationResponseJSON}) that
     * answers the customer's ceremony {@code ceremonyId}, as Keycloak's "register passkey" action
     * checks it.
     */
    Passkey register(AuthResult customer, String ceremonyId, JsonNode credential, String label) {
        switchedOn();
        registrationSwitchedOn();
        UserModel user = customer.user();
        EventBuilder event = credentialEvent(EventType.UPDATE_CREDENTIAL, customer);
        CredentialLabels.check(label);
        Ceremony ceremony = Ceremony.take(session, realm, ceremonyId, Ceremony.Kind.REGISTRATION);
        if (ceremony == null
                || !user.getId().equals(ceremony.subject())
                || !customer.client().getClientId().equals(ceremony.client())) {
            throw invalid(event, "no such registration ceremony of the customer");
        }
        KeycloakPasskeyRegistration.Attestation attestation = attestation(credential, event);
        byte[] claimedId = decode(attestation.credentialId(), event);
        if (registered(user, claimedId, null)) {
            throw alreadyRegistered(event);
        }
        Set<String> before =
                credentials(user).stream().map(CredentialModel::getId).collect(Collectors.toSet());
        String refusal =
                KeycloakPasskeyRegistration.register(
                        session,
                        realm,
                        customer.client(),
                        user,
                        event,
                        ceremony.challenge(),
                        attestation,
                        label == null || label.isBlank() ? null : label);
        if (refusal != null) {
            // Keycloak's action wrote the refusal's event.
            throw EmporixException.of(400, "invalid_passkey", "The passkey was not accepted");
        }
        CredentialModel added =
                credentials(user).stream()
                        .filter(c -> !before.contains(c.getId()))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "Keycloak registered a passkey it does not list"));
        if (registered(user, credentialId(added), added.getId())) {
            // Another request registered the same authenticator meanwhile: rolled back.
            throw alreadyRegistered(event);
        }
        return passkey(user, added);
    }

    /** The customer's passkeys. */
    List<Passkey> list(UserModel user) {
        return credentials(user).stream().map(c -> passkey(user, c)).toList();
    }

    /** Removes passkey {@code id} of the customer, once they proved it is them. */
    void remove(AuthResult customer, String id, String password) {
        UserModel user = customer.user();
        EventBuilder event =
                credentialEvent(EventType.REMOVE_CREDENTIAL, customer)
                        .detail(Details.CREDENTIAL_ID, id);
        CredentialModel passkey = user.credentialManager().getStoredCredentialById(id);
        if (passkey == null || !TYPE.equals(passkey.getType())) {
            event.detail(Details.REASON, "no such passkey").error("credential_not_found");
            throw EmporixException.notFound("No such passkey");
        }
        reauthenticated(customer, password, event);
        user.credentialManager().removeStoredCredentialById(id);
        // Its last use goes with it: PasskeyLastUse hears the event.
        event.success();
    }

    /** The options of a passkey login for the visitor's storefront session. */
    LoginOptions loginOptions(AnonymousAccessToken visitor, ClientModel client) {
        switchedOn();
        int seconds = Math.min(policy.timeoutSeconds(), MAX_CEREMONY_SECONDS);
        Ceremony ceremony =
                Ceremony.begin(
                        Ceremony.Kind.LOGIN, visitor.getSessionId(), client.getClientId(), seconds);
        String ceremonyId = ceremony.keep(session, realm);
        return new LoginOptions(
                ceremonyId,
                new LoginOptions.PublicKey(
                        ceremony.challenge(),
                        policy.rpId(),
                        seconds * 1000L,
                        policy.userVerification(),
                        List.of()));
    }

    /**
     * Logs in the customer whose passkey signed {@code credential} (WebAuthn's {@code
     * AuthenticationResponseJSON}) for the visitor's ceremony {@code ceremonyId}: the login answer
     * of docs/endpoints.md, *Customer login*, the visitor's {@code sessionId} kept.
     */
    CustomerTokenResponse login(
            AnonymousAccessToken visitor,
            ClientModel client,
            String ceremonyId,
            JsonNode credential,
            String otp) {
        switchedOn();
        EventBuilder event =
                Events.of(session, realm, EventType.LOGIN)
                        .client(client)
                        .detail(Details.CREDENTIAL_TYPE, TYPE);
        Ceremony ceremony = Ceremony.take(session, realm, ceremonyId, Ceremony.Kind.LOGIN);
        if (ceremony == null
                || !visitor.getSessionId().equals(ceremony.subject())
                || !client.getClientId().equals(ceremony.client())) {
            throw invalid(event, "no such login ceremony of the visitor");
        }
        JsonNode response = responseOf(credential, event);
        byte[] credentialId = decode(text(credential, "rawId", "id"), event);
        byte[] clientData = decode(text(response, "clientDataJSON"), event);
        byte[] authenticatorData = decode(text(response, "authenticatorData"), event);
        byte[] signature = decode(text(response, "signature"), event);
        String userHandle = text(response, "userHandle");
        String userId =
                userHandle == null
                        ? null
                        : new String(decode(userHandle, event), StandardCharsets.UTF_8);
        UserModel user = customerOf(userId);
        if (user == null || user.getServiceAccountClientLink() != null) {
            event.detail(Details.REASON, "the passkey names no customer of the tenant")
                    .error(Errors.USER_NOT_FOUND);
            throw loginRefused();
        }
        event.user(user);
        if (!user.isEnabled()) {
            event.detail(Details.REASON, "the customer is disabled").error(Errors.USER_DISABLED);
            throw loginRefused();
        }
        WebAuthnCredentialModelInput assertion = new WebAuthnCredentialModelInput(TYPE);
        assertion.setAuthenticationRequest(
                new AuthenticationRequest(credentialId, authenticatorData, clientData, signature));
        assertion.setAuthenticationParameters(
                new WebAuthnCredentialModelInput.KeycloakWebAuthnAuthenticationParameters(
                        new ServerProperty(
                                policy.origins().stream()
                                        .map(Origin::new)
                                        .collect(Collectors.toSet()),
                                policy.rpId(),
                                new DefaultChallenge(ceremony.challenge())),
                        policy.requiresUserVerification()));
        new CustomerCredentialCheck(session, realm)
                .passkey(
                        user,
                        () -> {
                            CredentialModel stored = passkeyOf(user, credentialId);
                            long presented = signCount(authenticatorData);
                            if (stored != null && wentBack(stored, presented)) {
                                throw new CounterWentBack();
                            }
                            boolean valid = user.credentialManager().isValid(assertion);
                            if (valid && stored != null) {
                                keepCounter(user, stored.getId(), presented);
                            }
                            return valid;
                        },
                        event,
                        Passkeys::assertionRefused);
        CustomerLogin.Started started =
                new CustomerLogin(session, realm)
                        .startWithPasskey(
                                visitor, client, user, userVerified(authenticatorData), otp);
        PasskeyLastUse.keep(user, passkeyOf(user, credentialId));
        return CustomerLogin.answer(started);
    }

    /**
     * The customer a user handle names: a Keycloak user id is printable ASCII (a UUID, or {@code
     * f:{provider}:{id}} of a federated user), anything else names no one and is not looked up.
     */
    private UserModel customerOf(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            return null;
        }
        try {
            return session.users().getUserById(realm, userId);
        } catch (RuntimeException e) {
            // A storage id Keycloak cannot take apart ("f:x"): no one.
            return null;
        }
    }

    /** The UV flag of the authenticator data (bit 2 of byte 32): the holder was verified. */
    private static boolean userVerified(byte[] authenticatorData) {
        return authenticatorData.length > 32 && (authenticatorData[32] & 0x04) != 0;
    }

    // ---- the parts ----

    private void switchedOn() {
        if (!policy.enabled()) {
            throw EmporixException.of(
                    403,
                    "passkeys_disabled",
                    "Passkeys are not switched on for this tenant (the realm's WebAuthn"
                            + " Passwordless Policy, Enable Passkeys)");
        }
    }

    /** Keycloak's "register passkey" action, which checks and stores a new one, is enabled. */
    private void registrationSwitchedOn() {
        RequiredActionProviderModel action =
                realm.getRequiredActionProviderByAlias(
                        WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
        if (action == null || !action.isEnabled()) {
            throw EmporixException.of(
                    403,
                    "passkeys_disabled",
                    "Adding passkeys is switched off for this tenant (the required action"
                            + " Webauthn Register Passwordless)");
        }
    }

    /**
     * A customer with a one-time-code device keeps it meaningful: a passkey added with the password
     * alone would log in without the code from then on. So the session must have been started with
     * a code or with a passkey that verified its holder, or a current {@code code} comes with the
     * request (a wrong one counts like a failed login).
     */
    private void secondFactorKept(AuthResult customer, String code, EventBuilder event) {
        UserSessionModel userSession = customer.session();
        if (!LoginFactors.hasOneTimeCodeDevice(customer.user())
                || LoginFactors.usedOneTimeCode(session, realm, userSession)
                || LoginFactors.passkeyProved(userSession)) {
            return;
        }
        if (code == null || code.isBlank()) {
            event.detail(Details.REASON, "a one-time code is needed").error("otp_required");
            throw EmporixException.of(
                    401,
                    "otp_required",
                    "A one-time code is needed to add a passkey: send the call again with code");
        }
        new CustomerCredentialCheck(session, realm)
                .oneTimeCode(customer.user(), code.trim(), event);
    }

    /**
     * The current password checked (a wrong one counts like a failed login), or a passkey login of
     * this very session recent enough to stand for it.
     */
    private void reauthenticated(AuthResult customer, String password, EventBuilder event) {
        if (password != null && !password.isEmpty()) {
            new CustomerCredentialCheck(session, realm).password(customer.user(), password, event);
            return;
        }
        UserSessionModel userSession = customer.session();
        if (LoginFactors.passkeyProvedWithin(userSession, policy.maxAuthAgeSeconds())) {
            return;
        }
        event.detail(Details.REASON, "neither the password nor a recent passkey login")
                .error(Errors.PASSWORD_MISSING);
        throw EmporixException.badRequest(
                "The current password is needed (or a passkey login of the last "
                        + policy.maxAuthAgeSeconds()
                        + " seconds)",
                new Detail("password", "required", "password is required"));
    }

    private EventBuilder credentialEvent(EventType type, AuthResult customer) {
        return Events.of(session, realm, type)
                .client(customer.client())
                .user(customer.user())
                .session(customer.session())
                .detail(Details.CREDENTIAL_TYPE, TYPE);
    }

    /** The {@code response} object of a public-key credential; 400 for anything else. */
    private static JsonNode responseOf(JsonNode credential, EventBuilder event) {
        JsonNode response = credential == null ? null : credential.path("response");
        if (credential == null
                || !credential.isObject()
                || !"public-key".equals(credential.path("type").asText())
                || !response.isObject()) {
            throw invalid(event, "not a public-key credential");
        }
        return response;
    }

    private KeycloakPasskeyRegistration.Attestation attestation(
            JsonNode credential, EventBuilder event) {
        JsonNode response = responseOf(credential, event);
        String id = text(credential, "rawId", "id");
        String clientData = text(response, "clientDataJSON");
        String attestationObject = text(response, "attestationObject");
        if (id == null || clientData == null || attestationObject == null) {
            throw invalid(event, "the credential lacks its id, client data or attestation");
        }
        // Keycloak's action takes them as its page posts them: base64url without padding (its
        // decoder is strict, and outside its own error handling).
        clientData = base64Url(decode(clientData, event));
        attestationObject = base64Url(decode(attestationObject, event));
        id = base64Url(decode(id, event));
        String transports = null;
        if (response.path("transports").isArray()) {
            StringBuilder joined = new StringBuilder();
            response.path("transports")
                    .forEach(
                            t -> {
                                if (t.isTextual() && t.asText().matches("[a-z-]{1,32}")) {
                                    joined.append(joined.length() == 0 ? "" : ",")
                                            .append(t.asText());
                                }
                            });
            transports = joined.length() == 0 ? null : joined.toString();
        }
        String attachment = text(credential, "authenticatorAttachment");
        return new KeycloakPasskeyRegistration.Attestation(
                id,
                clientData,
                attestationObject,
                transports,
                "platform".equals(attachment) || "cross-platform".equals(attachment)
                        ? attachment
                        : null);
    }

    /**
     * Keycloak's provider checks a passkey's signature counter (WebAuthn's sign of a cloned
     * authenticator) against the one it stored; on 26.5 it never stores a new one, so the check
     * passes whatever the counter. These two keep the rule on every version: a counter not past the
     * stored one is refused while either is not 0, and a login's counter is stored.
     */
    private static boolean wentBack(CredentialModel stored, long presented) {
        long counter =
                WebAuthnCredentialModel.createFromCredentialModel(stored)
                        .getWebAuthnCredentialData()
                        .getCounter();
        return (presented != 0 || counter != 0) && presented <= counter;
    }

    /** See {@link #wentBack}: a no-op where Keycloak stored the counter already (26.7). */
    private static void keepCounter(UserModel user, String id, long presented) {
        CredentialModel current = user.credentialManager().getStoredCredentialById(id);
        if (current == null) {
            return;
        }
        WebAuthnCredentialModel passkey =
                WebAuthnCredentialModel.createFromCredentialModel(current);
        if (passkey.getWebAuthnCredentialData().getCounter() < presented) {
            passkey.updateCounter(presented);
            user.credentialManager().updateStoredCredential(passkey);
        }
    }

    /** The signature counter of {@code authenticatorData}: bytes 33 to 36, big-endian. */
    private static long signCount(byte[] authenticatorData) {
        return authenticatorData.length < 37
                ? 0 // malformed: Keycloak's parser refuses it
                : ByteBuffer.wrap(authenticatorData, 33, 4).getInt() & 0xffffffffL;
    }

    private static CredentialModel passkeyOf(UserModel user, byte[] credentialId) {
        return credentials(user).stream()
                .filter(c -> Arrays.equals(credentialId(c), credentialId))
                .findFirst()
                .orElse(null);
    }

    /** A counter that went back: refused as a bad signature is. */
    private static final class CounterWentBack extends RuntimeException {
        CounterWentBack() {
            super("the signature counter went back: a cloned authenticator?", null, false, false);
        }
    }

    /** Whether the customer has a passkey of {@code credentialId} other than {@code except}. */
    private boolean registered(UserModel user, byte[] credentialId, String except) {
        return credentials(user).stream()
                .filter(c -> !c.getId().equals(except))
                .anyMatch(c -> Arrays.equals(credentialId(c), credentialId));
    }

    private static List<CredentialModel> credentials(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE).toList();
    }

    /** The authenticator's id of a stored passkey (Keycloak keeps it in base64). */
    private static byte[] credentialId(CredentialModel credential) {
        String id =
                WebAuthnCredentialModel.createFromCredentialModel(credential)
                        .getWebAuthnCredentialData()
                        .getCredentialId();
        try {
            return Base64.getDecoder().decode(id);
        } catch (IllegalArgumentException e) {
            return Base64.getUrlDecoder().decode(id);
        }
    }

    private static Passkey passkey(UserModel user, CredentialModel credential) {
        return new Passkey(
                credential.getId(),
                credential.getUserLabel(),
                credential.getCreatedDate() == null
                        ? null
                        : Instant.ofEpochMilli(credential.getCreatedDate()).toString(),
                PasskeyLastUse.of(user, credential));
    }

    /** The first of {@code names} that {@code node} holds as text, else null. */
    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isTextual() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }

    private static byte[] decode(String base64Url, EventBuilder event) {
        if (base64Url == null) {
            throw invalid(event, "a part of the credential is missing");
        }
        try {
            return Base64.getUrlDecoder()
                    .decode(base64Url.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw invalid(event, "a part of the credential is not base64url");
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static EmporixException invalid(EventBuilder event, String why) {
        event.detail(Details.REASON, why).error(Errors.INVALID_USER_CREDENTIALS);
        return EmporixException.of(400, "invalid_passkey", "The passkey ceremony is not valid");
    }

    private static EmporixException alreadyRegistered(EventBuilder event) {
        event.detail(Details.REASON, "the passkey is registered already")
                .error("credential_exists");
        return EmporixException.of(
                409, "invalid_passkey", "This passkey is registered for the customer already");
    }

    /**
     * What WebAuthn4J found wrong with an assertion of the customer's own passkey that was not
     * signed for this ceremony (another challenge, origin, relying party or ceremony type, or
     * without the user verification the policy asks): the contract's 400; anything else (a bad
     * signature, a counter that went back, an unknown passkey): the login's 401.
     */
    private static final Set<String> CEREMONY_MISMATCHES =
            Set.of(
                    "BadChallengeException",
                    "MissingChallengeException",
                    "BadOriginException",
                    "CrossOriginException",
                    "BadRpIdException",
                    "InconsistentClientDataTypeException",
                    "UserNotVerifiedException",
                    "UserNotPresentException");

    private static EmporixException assertionRefused(RuntimeException refusal) {
        if (refusal != null && CEREMONY_MISMATCHES.contains(refusal.getClass().getSimpleName())) {
            return EmporixException.of(400, "invalid_passkey", "The passkey ceremony is not valid");
        }
        return loginRefused();
    }

    private static EmporixException loginRefused() {
        return EmporixException.unauthorized("The passkey was not accepted");
    }
}
