package dev.kcemporix.auth.customer;

import java.util.ArrayList;
import java.util.List;

import dev.kcemporix.auth.http.EmporixException;
import dev.kcemporix.auth.http.EmporixException.Detail;
import dev.kcemporix.auth.http.EmporixRequest;
import dev.kcemporix.auth.http.Parameter;

/** The credentials of {@code POST /customer/{tenant}/login}, checked before anything touches Keycloak. */
public record LoginRequest(String email, String password) {

    static final Parameter EMAIL = Parameter.named("email");
    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();
    static final int MIN_PASSWORD = 6;
    static final int MAX_EMAIL = 255;

    public static LoginRequest of(EmporixRequest request) {
        return check(request.optional(EMAIL), request.optional(PASSWORD));
    }

    /** Both fields present, the email not overlong, the password at least {@value #MIN_PASSWORD} characters. */
    static LoginRequest check(String email, String password) {
        List<Detail> problems = new ArrayList<>();
        if (email == null || email.isBlank()) {
            problems.add(new Detail("email", "required", "email is required"));
        } else if (email.length() > MAX_EMAIL) {
            problems.add(new Detail("email", "too_long", "email must be at most " + MAX_EMAIL + " characters"));
        }
        if (password == null || password.isEmpty()) {
            problems.add(new Detail("password", "required", "password is required"));
        } else if (password.length() < MIN_PASSWORD) {
            problems.add(new Detail("password", "too_short", "password must be at least " + MIN_PASSWORD + " characters"));
        }
        if (!problems.isEmpty()) {
            throw EmporixException.badRequest("Invalid login request", problems.toArray(Detail[]::new));
        }
        return new LoginRequest(email.trim(), password);
    }

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + ", password=***]";
    }
}
