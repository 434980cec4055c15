package dev.kcemporix.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginRequestTest {

    private static EmporixException rejected(String email, String password) {
        return assertThrows(
                EmporixException.class, () -> LoginRequest.check(email, password, null));
    }

    @Test
    void keepsThePasswordAsGivenAndTrimsTheEmail() {
        LoginRequest r = LoginRequest.check(" a@b.c ", " secret1 ", null);
        assertEquals("a@b.c", r.email());
        assertEquals(" secret1 ", r.password());
    }

    @Test
    void neverPrintsThePassword() {
        String printed = LoginRequest.check("a@b.c", "secret1", "123456").toString();
        assertFalse(printed.contains("secret1"), printed);
        assertFalse(printed.contains("123456"), printed);
    }

    @Test
    void aBlankCodeIsNoCodeAndAnOverlongOneIsRejected() {
        assertEquals(null, LoginRequest.check("a@b.c", "secret1", " ").otp());
        assertEquals("654321", LoginRequest.check("a@b.c", "secret1", " 654321 ").otp());
        assertEquals(
                "too_long",
                assertThrows(
                                EmporixException.class,
                                () -> LoginRequest.check("a@b.c", "secret1", "1".repeat(65)))
                        .details()
                        .get(0)
                        .type());
    }

    @Test
    void everyProblemIsListed() {
        EmporixException e = rejected(null, "123");
        assertEquals(400, e.status());
        assertEquals(
                List.of("email", "password"),
                e.details().stream().map(EmporixException.Detail::field).toList());
        assertEquals(
                List.of("required", "too_short"),
                e.details().stream().map(EmporixException.Detail::type).toList());
    }

    @Test
    void blankFieldsAreMissing() {
        EmporixException e = rejected("  ", "");
        assertEquals(
                List.of("required", "required"),
                e.details().stream().map(EmporixException.Detail::type).toList());
    }

    @Test
    void anOverlongEmailIsRejected() {
        assertEquals("too_long", rejected("a".repeat(300), "secret1").details().get(0).type());
    }
}
