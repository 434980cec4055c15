package dev.kcemporix.auth.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;

/** Which of Keycloak's events is which change to how a customer signs in. */
class SignInNoticesTest {

    @Test
    void passwordChangesAndResetsWhereverTheyHappen() {
        assertEquals(
                SignInNotices.Change.PASSWORD,
                SignInNotices.changeOf(EventType.UPDATE_PASSWORD, null));
        assertEquals(
                SignInNotices.Change.PASSWORD,
                SignInNotices.changeOf(EventType.RESET_PASSWORD, null));
        assertEquals(
                SignInNotices.Change.PASSWORD,
                SignInNotices.changeOf(EventType.UPDATE_CREDENTIAL, "password"));
    }

    @Test
    void secondFactorsAddedAndRemoved() {
        assertEquals(
                SignInNotices.Change.OTP_ADDED,
                SignInNotices.changeOf(EventType.UPDATE_CREDENTIAL, "otp"));
        assertEquals(
                SignInNotices.Change.OTP_REMOVED,
                SignInNotices.changeOf(EventType.REMOVE_CREDENTIAL, "otp"));
        assertEquals(
                SignInNotices.Change.OTP_REMOVED,
                SignInNotices.changeOf(EventType.REMOVE_TOTP, null));
        assertEquals(
                SignInNotices.Change.PASSKEY_ADDED,
                SignInNotices.changeOf(EventType.UPDATE_CREDENTIAL, "webauthn-passwordless"));
        assertEquals(
                SignInNotices.Change.PASSKEY_REMOVED,
                SignInNotices.changeOf(EventType.REMOVE_CREDENTIAL, "webauthn-passwordless"));
    }

    @Test
    void nothingElseIsASignInChange() {
        assertEquals(
                SignInNotices.Change.EMAIL, SignInNotices.changeOf(EventType.UPDATE_EMAIL, null));
        assertNull(SignInNotices.changeOf(EventType.LOGIN, null));
        assertNull(SignInNotices.changeOf(EventType.UPDATE_CREDENTIAL, "recovery-authn-codes"));
        assertNull(SignInNotices.changeOf(EventType.REMOVE_CREDENTIAL, "password"));
    }
}
