package dev.kcemporix.auth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyTest {

    private static EmporixException rejected(String contentType, String body) {
        return assertThrows(EmporixException.class, () -> RequestBody.parse(contentType, body));
    }

    @Test
    void noBodyIsAnEmptyOne() {
        assertTrue(RequestBody.parse("application/json", null).json().isEmpty());
        assertTrue(RequestBody.parse(null, "  ").values("x").isEmpty());
    }

    @Test
    void aFormDecodesNamesAndValuesAndKeepsRepeats() {
        RequestBody form =
                RequestBody.parse(
                        "application/x-www-form-urlencoded", "a=1+2&b%5B%5D=%C3%A9&a=3&flag");
        assertEquals(List.of("1 2", "3"), form.values("a"));
        assertEquals(List.of("é"), form.values("b[]"));
        assertEquals(List.of(""), form.values("flag"));
    }

    @Test
    void nestedJsonIsKeptWhole() {
        RequestBody json =
                RequestBody.parse(
                        "application/json",
                        "{\"email\":\"a@b.c\",\"customerDetails\":{\"firstName\":\"Jo\"}}");
        assertEquals("Jo", json.json().at("/customerDetails/firstName").asText());
        assertTrue(json.isStructured("customerDetails"));
        assertFalse(json.isStructured("email"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "nul",
                "\"text\"",
                "42",
                "[]",
                "null",
                "{\"a\":1}{\"b\":2}",
                "{\"a\":1,\"a\":2}",
                "{'a':'b'}"
            })
    void bodiesThatAreNoSingleJsonObjectAreBadRequests(String body) {
        EmporixException e = rejected("application/json", body);
        assertEquals(400, e.status());
        assertEquals("bad_request", e.type());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/plain",
                "application/xml",
                "multipart/form-data; boundary=x",
                "application/jsonx"
            })
    void otherContentTypesAreUnsupported(String contentType) {
        assertEquals(415, rejected(contentType, "{}").status());
    }

    @Test
    void anOversizedBodyIsTooLarge() {
        assertEquals(
                413,
                rejected(
                                "application/json",
                                "{\"email\":\"" + "x".repeat(RequestBody.MAX_CHARS) + "\"}")
                        .status());
    }

    @Test
    void deeplyNestedJsonIsABadRequest() {
        assertEquals(
                400,
                rejected("application/json", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                        .status());
    }

    @Test
    void anUndecodableFormIsABadRequest() {
        assertEquals(400, rejected("application/x-www-form-urlencoded", "a=%zz").status());
    }

    @Test
    void errorsNeverQuoteTheBody() {
        assertFalse(
                rejected("application/json", "{\"password\":\"secret1\"")
                        .getMessage()
                        .contains("secret1"));
    }
}
