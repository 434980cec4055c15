package dev.kcemporix.auth.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one place where the contract's error bodies are built. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response of(EmporixException e) {
        Object body = e.shape() == EmporixException.Shape.GATEWAY ? gatewayBody(e) : standardBody(e);
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(body)
                .build();
    }

    public static Response serverError() {
        return of(EmporixException.of(500, "internal_server_error", "The server could not process the request"));
    }

    static Map<String, Object> gatewayBody(EmporixException e) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("faultstring", e.getMessage());
        fault.put("detail", Map.of("errorcode", e.type()));
        return Map.of("fault", fault);
    }

    static Map<String, Object> standardBody(EmporixException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status());
        body.put("type", e.type());
        body.put("message", e.getMessage());
        List<Map<String, String>> details = e.details().stream().map(ErrorResponses::detail).toList();
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        return body;
    }

    private static Map<String, String> detail(EmporixException.Detail d) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", d.field());
        m.put("type", d.type());
        m.put("message", d.message());
        return m;
    }
}
