package dev.kcemporix.auth.mfa;

import dev.kcemporix.auth.api.answer.Described;

/**
 * What an enrolment offers: the secret (Base32, as authenticator apps take it) and the policy it
 * follows.
 */
@Described(
        "A one-time-code secret to put into an authenticator app, shown this once. It is stored"
                + " only after `confirm`.")
public record OtpOffer(
        @Described("The secret, Base32.") String secret,
        @Described("The same as an `otpauth://` URI, for a QR code.") String otpauthUri,
        @Described("Digits per code (the realm's OTP policy).") int digits,
        @Described("Seconds a code is valid (the realm's OTP policy).") int period,
        @Described("The HMAC algorithm (the realm's OTP policy), such as `HmacSHA1`.")
                String algorithm) {}
