package dev.kcemporix.auth.mfa;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import dev.kcemporix.auth.keycloak.CredentialLabels;
import dev.kcemporix.auth.keycloak.CustomerCredentialCheck;
import dev.kcemporix.auth.keycloak.DirectGrantOtp;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.LoginFactors;
import dev.kcemporix.auth.keycloak.OwnTransaction;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.Base32;
import org.keycloak.models.utils.CredentialValidation;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.utils.CredentialHelper;

/**
 * A customer's one-time-code credentials (docs/endpoints.md, *One-time codes and the customer's
 * sessions*), Keycloak's own: the realm's OTP policy makes the secret and checks the codes,
 * Keycloak's OTP credential provider stores the credential (the admin sees it under the user's
 * credentials), as Keycloak's own "configure OTP" action does. An enrolment is offered (the secret,
 * shown once), then confirmed with a code from it before anything is stored; until then the offered
 * secret waits {@value #OFFER_SECONDS} s in the cluster-wide single-use store, for that customer
 * only.
 *
 * <p>A token alone changes no second factor: it may have leaked from a log, or be kept alive by
 * refreshing. An offer needs the current password; removing a device needs a token of a login that
 * used a one-time code and the current password or a current code. Each check counts like a login,
 * serialized with Keycloak's brute-force state ({@link CustomerCredentialCheck}). The customer is
 * told by mail of every device added or removed (the {@code UPDATE_CREDENTIAL} and {@code
 * REMOVE_CREDENTIAL} events, see {@code SignInNotices}).
 */
final class OtpEnrolment {

    static final int OFFER_SECONDS = 600;
    private static final String SECRET = "secret";
    private static final String EXPIRES = "expires";

    private final KeycloakSession session;
    private final RealmModel realm;

    OtpEnrolment(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * A new secret for {@code user}, once {@code password} proved the customer; offered until
     * confirmed (a second offer replaces the first).
     */
    OtpOffer offer(UserModel user, ClientModel client, String password) {
        EventBuilder event =
                Events.of(session, realm, EventType.UPDATE_CREDENTIAL)
                        .client(client)
                        .user(user)
                        .detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE);
        if (password == null || password.isEmpty()) {
            event.detail(Details.REASON, "password missing").error(Errors.PASSWORD_MISSING);
            throw EmporixException.badRequest(
                    "The current password is needed to add a one-time-code device",
                    new Detail("password", "required", "password is required"));
        }
        new CustomerCredentialCheck(session, realm).password(user, password, event);
        String secret = HmacOTP.generateSecret(20);
        SingleUseStore.of(session)
                .put(
                        offerKey(user),
                        OFFER_SECONDS,
                        Map.of(
                                SECRET,
                                secret,
                                EXPIRES,
                                Integer.toString(Time.currentTime() + OFFER_SECONDS)));
        OTPPolicy policy = realm.getOTPPolicy();
        return new OtpOffer(
                Base32.encode(secret.getBytes()),
                policy.getKeyURI(realm, user, secret),
                policy.getDigits(),
                policy.getPeriod(),
                policy.getAlgorithmKey());
    }

    /**
     * Stores the offered credential once {@code code} proves the customer's app has it; a wrong
     * code stores nothing.
     */
    void confirm(UserModel user, ClientModel client, String code, String label) {
        EventBuilder event =
                Events.of(session, realm, EventType.UPDATE_CREDENTIAL)
                        .client(client)
                        .user(user)
                        .detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE);
        CredentialLabels.check(label);
        // Taken at once, so two confirmations cannot both store it; given back below when the code
        // was wrong.
        Map<String, String> offer = SingleUseStore.of(session).remove(offerKey(user));
        if (offer == null || offer.get(SECRET) == null) {
            event.detail(Details.REASON, "no enrolment offered, or it expired")
                    .error("otp_not_offered");
            throw EmporixException.badRequest(
                    "No one-time-code enrolment is waiting: ask for one first",
                    new Detail(
                            "code",
                            "not_offered",
                            "POST /me/mfa/otp first; an offer is good for "
                                    + OFFER_SECONDS / 60
                                    + " minutes"));
        }
        if (label == null || label.isBlank()) {
            label = null;
        }
        if (label == null && user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE)) {
            // As Keycloak's own "configure OTP": a second device needs a name to tell it apart.
            throw EmporixException.badRequest(
                    "A label is needed for a second one-time-code device",
                    new Detail(
                            "label",
                            "required",
                            "label is required when the customer has a one-time-code device"
                                    + " already"));
        }
        try {
            OTPCredentialModel credential =
                    OTPCredentialModel.createFromPolicy(realm, offer.get(SECRET), label);
            if (!CredentialValidation.validOTP(
                            code, credential, realm.getOTPPolicy().getLookAheadWindow())
                    || !CredentialHelper.createOTPCredential(
                            session, realm, user, code, credential)) {
                event.detail(Details.REASON, "wrong code").error(DirectGrantOtp.INVALID_OTP);
                throw EmporixException.badRequest(
                        "The one-time code is not valid",
                        new Detail("code", "invalid", "code does not match the offered secret"));
            }
        } catch (ModelDuplicateException e) {
            event.detail(Details.REASON, "label taken").error("otp_label_taken");
            giveBack(user, offer);
            throw EmporixException.badRequest(
                    "Another one-time-code device has this label",
                    new Detail("label", "duplicate", "label is taken"));
        } catch (EmporixException e) {
            giveBack(user, offer);
            throw e;
        }
        event.success();
    }

    /**
     * The offer again, for its remaining time: in a transaction of its own, as the refused
     * request's own is rolled back.
     */
    private void giveBack(UserModel user, Map<String, String> offer) {
        StoreEntry.Key key = offerKey(user);
        int left = Integer.parseInt(offer.getOrDefault(EXPIRES, "0")) - Time.currentTime();
        if (left > 0) {
            OwnTransaction.run(
                    session,
                    realm.getId(),
                    (own, ownRealm) -> SingleUseStore.of(own).put(key, left, offer));
        }
    }

    /** The customer's one-time-code devices; never a secret. */
    List<OtpDevice> devices(UserModel user) {
        return user.credentialManager()
                .getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .map(
                        c ->
                                new OtpDevice(
                                        c.getId(),
                                        OTPCredentialModel.TYPE,
                                        c.getUserLabel(),
                                        c.getCreatedDate() == null
                                                ? null
                                                : Instant.ofEpochMilli(c.getCreatedDate())
                                                        .toString()))
                .toList();
    }

    /**
     * Removes device {@code id} of {@code user}: 404 when the customer has no such device; 403
     * unless the token's session was started with a one-time code and the request carries the
     * current {@code password} or a current {@code code}; a wrong one is a 401, counted.
     */
    void remove(
            UserModel user,
            UserSessionModel userSession,
            ClientModel client,
            String id,
            String password,
            String code) {
        EventBuilder event =
                Events.of(session, realm, EventType.REMOVE_CREDENTIAL)
                        .client(client)
                        .user(user)
                        .session(userSession)
                        .detail(Details.CREDENTIAL_TYPE, OTPCredentialModel.TYPE)
                        .detail(Details.CREDENTIAL_ID, id);
        CredentialModel device = user.credentialManager().getStoredCredentialById(id);
        if (device == null || !OTPCredentialModel.TYPE.equals(device.getType())) {
            event.detail(Details.REASON, "no such device").error("credential_not_found");
            throw EmporixException.notFound("No such one-time-code device");
        }
        if (!LoginFactors.usedOneTimeCode(session, realm, userSession)) {
            event.detail(Details.REASON, "not an OTP login").error("otp_login_required");
            throw EmporixException.forbidden(
                    "Removing a one-time-code device needs a login with a one-time code");
        }
        CustomerCredentialCheck check = new CustomerCredentialCheck(session, realm);
        if (password != null && !password.isEmpty()) {
            check.password(user, password, event);
        } else if (code != null && !code.isBlank()) {
            check.oneTimeCode(user, code.trim(), event);
        } else {
            event.detail(Details.REASON, "neither the password nor a code")
                    .error("reauthentication_required");
            throw EmporixException.of(
                    403,
                    "reauthentication_required",
                    "Removing a one-time-code device needs the current password or a current code");
        }
        user.credentialManager().removeStoredCredentialById(id);
        event.success();
    }

    private StoreEntry.Key offerKey(UserModel user) {
        return StoreEntry.OTP_OFFER.key(realm, user.getId());
    }
}
