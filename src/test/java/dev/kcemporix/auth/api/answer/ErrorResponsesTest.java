package dev.kcemporix.auth.api.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bodies as a client reads them: serialized by Jackson, as Keycloak's JAX-RS layer does. */
class ErrorResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asSent(Object body) throws JsonProcessingException {
        return JSON.readValue(JSON.writeValueAsString(body), Map.class);
    }

    @Test
    void invalidTokenHasTheGatewayShape() throws JsonProcessingException {
        Map<String, Object> body =
                asSent(ErrorResponses.gatewayBody(EmporixException.invalidToken()));
        assertEquals(
                Map.of(
                        "fault",
                        Map.of(
                                "faultstring",
                                "Invalid access token",
                                "detail",
                                Map.of("errorcode", "oauth.v2.InvalidAccessToken"))),
                body);
    }

    @Test
    void expiredTokenHasItsOwnFaultAndCode() throws JsonProcessingException {
        Map<String, Object> body =
                asSent(ErrorResponses.gatewayBody(EmporixException.expiredToken()));
        assertEquals(
                Map.of(
                        "fault",
                        Map.of(
                                "faultstring",
                                "Access Token expired",
                                "detail",
                                Map.of("errorcode", "keymanagement.service.access_token_expired"))),
                body);
    }

    @Test
    void badRequestCarriesStatusTypeMessageAndDetails() throws JsonProcessingException {
        EmporixException e =
                EmporixException.badRequest(
                        "Invalid body",
                        new EmporixException.Detail(
                                "password", "too_short", "password must be at least 6 characters"));
        Map<String, Object> body = asSent(ErrorResponses.standardBody(e));
        assertEquals(400, body.get("status"));
        assertEquals("bad_request", body.get("type"));
        assertEquals("Invalid body", body.get("message"));
        assertEquals(
                List.of(
                        Map.of(
                                "field",
                                "password",
                                "type",
                                "too_short",
                                "message",
                                "password must be at least 6 characters")),
                body.get("details"));
        assertEquals(List.of("status", "type", "message", "details"), List.copyOf(body.keySet()));
    }

    @Test
    void errorsWithoutDetailsLeaveThemOut() throws JsonProcessingException {
        Map<String, Object> body =
                asSent(ErrorResponses.standardBody(EmporixException.notFound("Tenant not found")));
        assertEquals(404, body.get("status"));
        assertEquals("not_found", body.get("type"));
        assertFalse(body.containsKey("details"));
    }

    @Test
    void responseStatusMatchesTheBody() {
        assertEquals(403, ErrorResponses.of(EmporixException.forbidden("no")).getStatus());
        assertEquals(500, ErrorResponses.serverError().getStatus());
        assertEquals(401, ErrorResponses.of(EmporixException.invalidToken()).getStatus());
    }
}
