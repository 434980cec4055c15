package dev.kcemporix.auth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request layer's reading of parameters: every spelling, every encoding, and conflicts. */
class RequestParametersTest {

    static final Parameter REFRESH_TOKEN = Parameter.named("refreshToken");
    static final Parameter TENANT = Parameter.named("tenant", "hybris-tenant");
    static final Parameter PASSWORD = Parameter.named("password").bodyOnly();
    static final Parameter ACCESS_TOKEN = Parameter.named("accessToken").orBearerToken();

    private static Map<String, List<String>> query(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return map;
    }

    private static RequestParameters params(
            Map<String, List<String>> query, String contentType, String body) {
        return new RequestParameters(query, RequestBody.parse(contentType, body), null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "query camelCase         | refreshToken=R |                                   |",
                "query snake_case        | refresh_token=R |                                  |",
                "JSON camelCase          |                | application/json                  |"
                        + " {\"refreshToken\":\"R\"}",
                "JSON snake_case         |                | application/json; charset=UTF-8   |"
                        + " {\"refresh_token\":\"R\"}",
                "form camelCase          |                | application/x-www-form-urlencoded |"
                        + " refreshToken=R",
                "form snake_case         |                | application/x-www-form-urlencoded |"
                        + " refresh_token=R",
                "JSON without type       |                |                                   |"
                        + " {\"refreshToken\":\"R\"}",
                "form without type       |                |                                   |"
                        + " refresh_token=R",
                "vendor JSON             |                | application/vnd.emporix+json      |"
                        + " {\"refreshToken\":\"R\"}",
                "query and body agree    | refreshToken=R | application/json                  |"
                        + " {\"refresh_token\":\"R\"}"
            })
    void everySpellingInEveryEncodingIsRead(
            String name, String queryPair, String contentType, String body) {
        Map<String, List<String>> query =
                queryPair == null ? Map.of() : query(queryPair.split("=", 2));
        assertEquals("R", params(query, contentType, body).required(REFRESH_TOKEN));
    }

    @Test
    void aLegacyAliasIsTheSameParameter() {
        assertEquals("demo", params(query("hybris-tenant", "demo"), null, null).required(TENANT));
        assertEquals(
                "demo",
                params(query("tenant", "demo", "hybris-tenant", "demo"), null, null)
                        .required(TENANT));
    }

    @Test
    void twoDifferentValuesAreAConflictNamingTheField() {
        EmporixException e =
                assertThrows(
                        EmporixException.class,
                        () ->
                                params(
                                                query("refreshToken", "A"),
                                                "application/json",
                                                "{\"refresh_token\":\"B\"}")
                                        .optional(REFRESH_TOKEN));
        assertEquals(400, e.status());
        assertEquals("refreshToken", e.details().get(0).field());
        assertEquals("conflict", e.details().get(0).type());
        assertThrows(
                EmporixException.class,
                () ->
                        params(query("tenant", "a", "hybris-tenant", "b"), null, null)
                                .optional(TENANT));
        assertThrows(
                EmporixException.class,
                () -> params(query("tenant", "a", "tenant", "b"), null, null).optional(TENANT));
        assertThrows(
                EmporixException.class,
                () ->
                        params(Map.of(), "application/x-www-form-urlencoded", "tenant=a&tenant=b")
                                .optional(TENANT));
    }

    @Test
    void theSameValueGivenTwiceIsNoConflict() {
        assertEquals("a", params(query("tenant", "a", "tenant", "a"), null, null).required(TENANT));
    }

    @Test
    void emptyValuesCountAsMissing() {
        assertNull(
                params(query("refreshToken", ""), "application/json", "{\"refresh_token\":null}")
                        .optional(REFRESH_TOKEN));
        assertEquals(
                "R",
                params(query("refreshToken", ""), "application/json", "{\"refresh_token\":\"R\"}")
                        .optional(REFRESH_TOKEN));
    }

    @Test
    void aMissingRequiredParameterIsABadRequestNamingIt() {
        EmporixException e =
                assertThrows(
                        EmporixException.class,
                        () -> params(Map.of(), null, null).required(TENANT));
        assertEquals(400, e.status());
        assertEquals("tenant", e.details().get(0).field());
        assertEquals("required", e.details().get(0).type());
    }

    @Test
    void jsonScalarsAreReadAsText() {
        assertEquals(
                "42", params(Map.of(), "application/json", "{\"tenant\":42}").required(TENANT));
        assertEquals(
                "true", params(Map.of(), "application/json", "{\"tenant\":true}").required(TENANT));
    }

    @Test
    void aJsonObjectOrArrayWhereATextBelongsIsInvalid() {
        for (String body : List.of("{\"tenant\":{\"$ne\":null}}", "{\"tenant\":[\"demo\"]}")) {
            EmporixException e =
                    assertThrows(
                            EmporixException.class,
                            () -> params(Map.of(), "application/json", body).optional(TENANT));
            assertEquals("invalid", e.details().get(0).type());
        }
    }

    @Test
    void aSecretIsReadFromTheBodyOnly() {
        assertEquals(
                "secret1",
                params(Map.of(), "application/json", "{\"password\":\"secret1\"}")
                        .required(PASSWORD));
        EmporixException e =
                assertThrows(
                        EmporixException.class,
                        () -> params(query("password", "secret1"), null, null).required(PASSWORD));
        assertEquals("password", e.details().get(0).field());
        assertEquals("invalid", e.details().get(0).type());
    }

    @Test
    void aTokenParameterFallsBackToTheBearerToken() {
        RequestParameters withBearer = new RequestParameters(Map.of(), RequestBody.EMPTY, "BEARER");
        assertEquals("BEARER", withBearer.required(ACCESS_TOKEN));
        assertNull(withBearer.optional(REFRESH_TOKEN));
        RequestParameters both =
                new RequestParameters(query("access_token", "PARAM"), RequestBody.EMPTY, "BEARER");
        assertEquals("PARAM", both.required(ACCESS_TOKEN));
    }

    @Test
    void anOverlongValueIsRefused() {
        String tooLong = "r".repeat(RequestParameters.MAX_VALUE_CHARS + 1);
        RequestParameters parameters = params(query("refreshToken", tooLong), null, null);
        EmporixException e =
                assertThrows(EmporixException.class, () -> parameters.optional(REFRESH_TOKEN));
        assertEquals("too_long", e.details().get(0).type());
    }
}
