package dev.kcemporix.auth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * How an {@code Authorization} header's bearer token is read: as the split at the first run of
 * whitespace it replaced did, for every header generated from schemes, tokens and every kind of gap
 * a client or an attacker may send.
 */
class BearerCredentialsTest {

    /** The reading {@link EmporixRequest#bearerCredentials} replaced, kept as the oracle. */
    private static String asSplitReadIt(String header) {
        String[] parts = header.trim().split("\\s+", 2);
        return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isBlank()
                ? parts[1].trim()
                : null;
    }

    @Property(tries = 5000)
    void readsEveryHeaderAsTheSplitDid(@ForAll("headers") String header) {
        assertEquals(asSplitReadIt(header), EmporixRequest.bearerCredentials(header), header);
    }

    @Provide
    Arbitrary<String> headers() {
        List<String> pieces =
                List.of(
                        "Bearer",
                        "bearer",
                        "BEARER",
                        "bEaReR",
                        // Schemes that are only the start of Bearer.
                        "Bea",
                        "B",
                        "Basic",
                        "Bearerx",
                        "eyJhbGciOi.e30.sig",
                        "a",
                        "=",
                        " ",
                        "  ",
                        "\t",
                        "\n",
                        "\u000B",
                        "\f",
                        "\r",
                        "\u0001",
                        "\u001C",
                        "\u00A0",
                        "\u2003",
                        "\u3000");
        return Arbitraries.of(pieces).list().ofMaxSize(8).map(p -> String.join("", p));
    }

    @Test
    void theUsualHeadersAndTheirRefusals() {
        assertEquals("abc.def.ghi", EmporixRequest.bearerCredentials("Bearer abc.def.ghi"));
        assertEquals("abc", EmporixRequest.bearerCredentials("  bearer \t abc  "));
        assertEquals("x y", EmporixRequest.bearerCredentials("bearer  x y"));
        assertNull(EmporixRequest.bearerCredentials("Bearer"));
        assertNull(EmporixRequest.bearerCredentials("Bearer   "));
        assertNull(EmporixRequest.bearerCredentials("Basic dXNlcjpwYXNz"));
        assertNull(EmporixRequest.bearerCredentials("Bearer \u2003"));
        assertNull(EmporixRequest.bearerCredentials(""));
    }
}
