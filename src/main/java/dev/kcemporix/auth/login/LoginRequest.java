package dev.kcemporix.auth.login;

import dev.kcemporix.auth.api.EmporixRequest;
import dev.kcemporix.auth.api.Parameter;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;
import java.util.ArrayList;
import java.util.List;

/**
 * The credentials of {@code POST /customer/{tenant}/login}, checked before anything touches
 * Keycloak: e-mail and password, and the one-time code of a customer with a second factor
 * (docs/endpoints.md, *One-time codes and the customer's sessions*).
 */
public record LoginRequest(String email, String password, String otp) {

    static final Parameter EMAIL = Parameter.named("email");
    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();

    /** A one-time code is a secret for its period: from the body only, like the password. */
    static final Parameter OTP = Parameter.named("otp").bodyOnly();

    static final int MAX_OTP = 64;
    static final int MIN_PASSWORD = 6;
    static final int MAX_EMAIL = 255;

    public static LoginRequest of(EmporixRequest request) {
        return check(request.optional(EMAIL), request.optional(PASSWORD), request.optional(OTP));
    }

    /**
     * Both fields present, the email not overlong, the password at least {@value #MIN_PASSWORD}
     * characters.
     */
    static LoginRequest check(String email, String password, String otp) {
        List<Detail> problems = new ArrayList<>();
        if (email == null || email.isBlank()) {
            problems.add(new Detail("email", "required", "email is required"));
        } else if (email.length() > MAX_EMAIL) {
            problems.add(
                    new Detail(
                            "email",
                            "too_long",
                            "email must be at most " + MAX_EMAIL + " characters"));
        }
        if (password == null || password.isEmpty()) {
            problems.add(new Detail("password", "required", "password is required"));
        } else if (password.length() < MIN_PASSWORD) {
            problems.add(
                    new Detail(
                            "password",
                            "too_short",
                            "password must be at least " + MIN_PASSWORD + " characters"));
        }
        if (otp != null && otp.length() > MAX_OTP) {
            problems.add(
                    new Detail(
                            "otp", "too_long", "otp must be at most " + MAX_OTP + " characters"));
        }
        if (!problems.isEmpty()) {
            throw EmporixException.badRequest(
                    "Invalid login request", problems.toArray(Detail[]::new));
        }
        // Codes are often typed or pasted in groups ("123 456"): the spaces are no part of them.
        String code = otp == null ? null : otp.replaceAll("\\s", "");
        return new LoginRequest(
                email.trim(), password, code == null || code.isEmpty() ? null : code);
    }

    /**
     * What a refusal of this login is remembered by: the password, and the code when one was sent.
     */
    String credentials() {
        return otp == null ? password : password + "\u0000" + otp;
    }

    @Override
    public String toString() {
        return "LoginRequest[email="
                + email
                + ", password=***"
                + (otp == null ? "" : ", otp=***")
                + "]";
    }
}
