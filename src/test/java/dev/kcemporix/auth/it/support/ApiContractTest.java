package dev.kcemporix.auth.it.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kcemporix.auth.api.doc.ApiDocument;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The check every integration test's answers go through must be able to fail: here it does, on the
 * generated document.
 */
class ApiContractTest {

    private static final String BASE = "http://127.0.0.1:8080";
    private final ApiContract contract =
            new ApiContract(ApiDocument.forRoot(dev.kcemporix.auth.api.mount.ApiRoutes.TABLE));

    private static final String VALIDATION =
            "{\"token_type\":\"Bearer\",\"expires_in\":299,\"scope\":\"customer.customer_read_own"
                    + " tenant=demo\",\"sessionId\":\"s-1\",\"email\":\"a@example.com\"}";

    private static HttpResult answer(int status, String body) {
        return new HttpResult(status, HttpHeaders.of(Map.of(), (a, b) -> true), body);
    }

    private void check(String method, String path, HttpResult result) {
        check(method, path, null, null, result, "Authorization", "Bearer eyJ.x.y");
    }

    private void check(
            String method,
            String path,
            String contentType,
            String body,
            HttpResult result,
            String... headers) {
        Map<String, java.util.List<String>> sent = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            sent.put(headers[i], java.util.List.of(headers[i + 1]));
        }
        if (contentType != null) {
            sent.put("Content-Type", java.util.List.of(contentType));
        }
        contract.check(
                method,
                URI.create(BASE + path),
                BASE,
                new ApiContract.Sent(
                        HttpHeaders.of(sent, (a, b) -> true),
                        body == null
                                ? null
                                : body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                result);
    }

    private static HttpResult answer(int status, String body, String contentType) {
        return new HttpResult(
                status,
                HttpHeaders.of(
                        Map.of("Content-Type", java.util.List.of(contentType)), (a, b) -> true),
                body);
    }

    private static final String TOKENS =
            "{\"access_token\":\"a\",\"expires_in\":300,\"refresh_token\":\"r\",\"refresh_token_"
                + "expires_in\":1800,"
                + "\"token_type\":\"Bearer\",\"session_id\":\"s\",\"accessToken\":\"a\",\"expire"
                + "sIn\":300,\"refreshToken\":\"r\",\"refreshTokenExpiresIn\":1800}";

    @Test
    void theRequestVariantsRealClientsSendAreDescribed() {
        assertDoesNotThrow(
                () ->
                        check(
                                "GET",
                                "/customer/demo/refreshauthtoken?refresh_token=r",
                                null,
                                null,
                                answer(200, TOKENS),
                                "Authorization",
                                "Bearer anonymous.token.x"),
                "refresh_token, with the visitor's anonymous token");
        assertDoesNotThrow(
                () ->
                        check(
                                "GET",
                                "/customer/demo/refreshauthtoken?refreshToken=r",
                                null,
                                null,
                                answer(200, TOKENS)),
                "refresh without any Authorization");
        assertDoesNotThrow(
                () ->
                        check(
                                "POST",
                                "/customer/demo/me/accounts/internal/email/change",
                                "application/json",
                                "{\"password\":\"p-123456\",\"newEmail\":\"n@example.com\",\"syn"
                                        + "cContactEmail\":true}",
                                answer(204, ""),
                                "Authorization",
                                "Bearer customer.token.x"),
                "syncContactEmail as a boolean");
    }

    @Test
    void anAcceptedRequestTheDocumentDoesNotDescribeFails() {
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "GET",
                                "/customer/demo/validateauthtoken",
                                null,
                                null,
                                answer(200, VALIDATION)),
                "accepted without the token the call requires");
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "GET",
                                "/customer/demo/validateauthtoken",
                                null,
                                null,
                                answer(200, VALIDATION),
                                "Authorization",
                                "Basic Y2xpZW50OnNlY3JldA=="),
                "a kind of Authorization the call does not list");
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "POST",
                                "/customer/demo/me/accounts/internal/email/change",
                                "application/json",
                                "{\"password\":\"p-123456\",\"newEmail\":[\"n@example.com\"]}",
                                answer(204, ""),
                                "Authorization",
                                "Bearer c.t.x"),
                "a body the schema refuses");
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "POST",
                                "/customer/demo/signup",
                                "text/plain",
                                "email=a",
                                answer(201, "{\"id\":\"C1\"}"),
                                "Authorization",
                                "Bearer a.t.x"),
                "a body type the call does not list");
    }

    @Test
    void anAnswerWithoutABodyCarriesNoJsonContentType() {
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "POST",
                                "/customer/demo/signup/optin/refresh_token",
                                answer(202, "", "application/json")));
        assertDoesNotThrow(
                () -> check("POST", "/customer/demo/signup/optin/refresh_token", answer(202, "")));
    }

    @Test
    void aDocumentedAnswerPassesOnBothMounts() {
        assertDoesNotThrow(
                () -> check("GET", "/customer/demo/validateauthtoken", answer(200, VALIDATION)));
        assertDoesNotThrow(
                () ->
                        check(
                                "POST",
                                "/realms/demo/emporix/customer/demo/validateauthtoken?x=1",
                                answer(200, VALIDATION)));
        assertDoesNotThrow(() -> check("GET", "/customer/demo/logout", answer(204, "")));
        assertDoesNotThrow(
                () -> check("POST", "/customer/demo/password/reset/", answer(204, "")),
                "a trailing slash is ignored");
        assertDoesNotThrow(
                () ->
                        check(
                                "GET",
                                "/customer/demo/validateauthtoken",
                                answer(
                                        401,
                                        "{\"fault\":{\"faultstring\":\"Invalid access"
                                            + " token\",\"detail\":{\"errorcode\":\"oauth.v2.Inv"
                                            + "alidAccessToken\"}}}")));
    }

    @Test
    void anUndocumentedFieldFails() {
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "GET",
                                "/customer/demo/validateauthtoken",
                                answer(200, VALIDATION.replace("}", ",\"debug\":\"x\"}"))));
    }

    @Test
    void aMissingRequiredFieldOrAWrongTypeFails() {
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "GET",
                                "/customer/demo/validateauthtoken",
                                answer(200, VALIDATION.replace("\"sessionId\":\"s-1\",", ""))));
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "GET",
                                "/customer/demo/validateauthtoken",
                                answer(200, VALIDATION.replace("299", "\"299\""))));
    }

    @Test
    void anUndocumentedStatusFails() {
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "GET",
                                "/customer/demo/validateauthtoken",
                                answer(
                                        409,
                                        "{\"status\":409,\"type\":\"conflict_resource\",\"messag"
                                                + "e\":\"x\"}")));
    }

    @Test
    void anErrorWhoseBodySaysAnotherStatusFails() {
        HttpResult says404 =
                answer(400, "{\"status\":404,\"type\":\"not_found\",\"message\":\"x\"}");
        assertThrows(
                AssertionError.class,
                () -> check("GET", "/customer/demo/validateauthtoken", says404));
    }

    @Test
    void aRoutingMistakeIsNotExcusedAsKeycloaksOwnRefusal() {
        String ours400 = "{\"status\":400,\"type\":\"bad_request\",\"message\":\"x\"}";
        assertThrows(
                AssertionError.class,
                () -> check("DELETE", "/customer/demo/login", answer(400, ours400)));
        assertDoesNotThrow(
                () ->
                        check(
                                "DELETE",
                                "/customer/demo/login",
                                answer(
                                        400,
                                        "{\"error\":\"Blocking invalid query parameter value\"}")));
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "GET",
                                "/customer/demo/nothing-here",
                                answer(
                                        500,
                                        "{\"status\":500,\"type\":\"internal_server_error\",\"me"
                                                + "ssage\":\"x\"}")));
    }

    @Test
    void aServerErrorIsNeverAnAnswer() {
        assertThrows(
                AssertionError.class,
                () ->
                        check(
                                "POST",
                                "/customer/demo/login",
                                answer(
                                        500,
                                        "{\"status\":500,\"type\":\"internal_server_error\",\"me"
                                                + "ssage\":\"The"
                                                + " server could not process the request\"}")));
    }

    @Test
    void aBodyWhereNoneIsDocumentedFails() {
        assertThrows(
                AssertionError.class,
                () -> check("GET", "/customer/demo/logout", answer(204, "{}")));
    }

    @Test
    void anUnservedMethodMustBeThe405AndAnUnknownPathThe404() {
        String notAllowed =
                "{\"status\":405,\"type\":\"method_not_allowed\",\"message\":\"Method not"
                        + " allowed\"}";
        assertDoesNotThrow(() -> check("DELETE", "/customer/demo/login", answer(405, notAllowed)));
        assertThrows(
                AssertionError.class,
                () -> check("DELETE", "/customer/demo/login", answer(200, VALIDATION)));
        assertThrows(
                AssertionError.class,
                () -> check("GET", "/customer/demo/nothing-here", answer(200, "{}")));
        assertDoesNotThrow(
                () ->
                        check(
                                "GET",
                                "/realms/demo/protocol/openid-connect/certs",
                                answer(200, "{\"keys\":[]}")));
        // A device id the endpoint does not take is no path of the document: a 404, not the call's
        // 204.
        String notFound =
                "{\"status\":404,\"type\":\"not_found\",\"message\":\"No such endpoint\"}";
        assertDoesNotThrow(
                () -> check("DELETE", "/customer/demo/me/mfa/a%40b", answer(404, notFound)));
        assertThrows(
                AssertionError.class,
                () -> check("DELETE", "/customer/demo/me/mfa/a%40b", answer(204, "")));
        assertDoesNotThrow(
                () -> check("DELETE", "/customer/demo/me/mfa/0b7a-device_1", answer(204, "")));
        // me/mfa/otp is its own path (POST), not a device called "otp".
        assertDoesNotThrow(
                () -> check("DELETE", "/customer/demo/me/mfa/otp", answer(405, notAllowed)));
    }
}
