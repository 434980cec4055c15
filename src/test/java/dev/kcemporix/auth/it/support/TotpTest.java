package dev.kcemporix.auth.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The test's own one-time codes against RFC 6238's test vectors (SHA-1, 8 digits, 30 s). */
class TotpTest {

    /** Base32 of the RFC's ASCII secret "12345678901234567890". */
    static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void matchesTheRfcVectors() {
        assertEquals("94287082", Totp.code(RFC_SECRET, 59, 8, 30, "SHA1"));
        assertEquals("07081804", Totp.code(RFC_SECRET, 1111111109, 8, 30, "SHA1"));
        assertEquals("14050471", Totp.code(RFC_SECRET, 1111111111, 8, 30, "SHA1"));
        assertEquals("89005924", Totp.code(RFC_SECRET, 1234567890, 8, 30, "SHA1"));
        assertEquals("69279037", Totp.code(RFC_SECRET, 2000000000, 8, 30, "SHA1"));
    }

    @Test
    void sixDigitsAreTheLowSixOfTheSameNumber() {
        assertEquals("287082", Totp.code(RFC_SECRET, 59, 6, 30, "SHA1"));
    }
}
