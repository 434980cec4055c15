package dev.kcemporix.auth.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kcemporix.auth.error.EmporixException;

class LoginRequestTest {

    private static EmporixException rejected(String contentType, String body) {
        return assertThrows(EmporixException.class, () -> LoginRequest.parse(contentType, body));
    }

    @Test
    void readsEmailAndPassword() {
        LoginRequest r = LoginRequest.parse("application/json; charset=UTF-8", "{\"email\":\" a@b.c \",\"password\":\"secret1\"}");
        assertEquals("a@b.c", r.email());
        assertEquals("secret1", r.password());
    }

    @Test
    void neverPrintsThePassword() {
        assertFalse(LoginRequest.parse("application/json", "{\"email\":\"a@b.c\",\"password\":\"secret1\"}").toString().contains("secret1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""})
    void otherContentTypesAreUnsupported(String contentType) {
        assertEquals(415, rejected(contentType, "{}").status());
    }

    @Test
    void aMissingContentTypeIsUnsupported() {
        assertEquals(415, rejected(null, "{}").status());
    }

    @Test
    void jsonSuffixedTypesAreJson() {
        assertTrue(LoginRequest.isJson("application/vnd.emporix+json"));
        assertTrue(LoginRequest.isJson("APPLICATION/JSON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "nul", "\"text\"", "42", "[]", "null"})
    void bodiesThatAreNoJsonObjectAreBadRequests(String body) {
        EmporixException e = rejected("application/json", body);
        assertEquals(400, e.status());
        assertEquals("bad_request", e.type());
    }

    @Test
    void anOversizedBodyIsTooLarge() {
        assertEquals(413, rejected("application/json", "{\"email\":\"" + "x".repeat(LoginRequest.MAX_BODY_CHARS) + "\"}").status());
    }

    @Test
    void everyProblemIsListed() {
        EmporixException e = rejected("application/json", "{\"email\":null,\"password\":\"123\"}");
        assertEquals(List.of("email", "password"), e.details().stream().map(EmporixException.Detail::field).toList());
        assertEquals(List.of("required", "too_short"), e.details().stream().map(EmporixException.Detail::type).toList());
    }

    @Test
    void nonStringFieldsAreInvalid() {
        EmporixException e = rejected("application/json", "{\"email\":{\"$ne\":1},\"password\":[\"a\"]}");
        assertEquals(List.of("invalid", "invalid"), e.details().stream().map(EmporixException.Detail::type).toList());
    }

    @Test
    void anOverlongEmailIsRejected() {
        EmporixException e = rejected("application/json", "{\"email\":\"" + "a".repeat(300) + "\",\"password\":\"secret1\"}");
        assertEquals("too_long", e.details().get(0).type());
    }

    @Test
    void deeplyNestedJsonIsABadRequest() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        assertEquals(400, rejected("application/json", "{\"email\":" + nested + "}").status());
    }
}
