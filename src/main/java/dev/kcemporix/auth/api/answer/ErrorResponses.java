package dev.kcemporix.auth.api.answer;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one place where the contract's error bodies are built. */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static Response of(EmporixException e) {
        Object body =
                e.shape() == EmporixException.Shape.GATEWAY ? gatewayBody(e) : standardBody(e);
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(body)
                .build();
    }

    public static Response serverError() {
        return of(
                EmporixException.of(
                        500, "internal_server_error", "The server could not process the request"));
    }

    static GatewayFault gatewayBody(EmporixException e) {
        return new GatewayFault(
                new GatewayFault.Fault(e.getMessage(), new GatewayFault.Detail(e.type())));
    }

    static ErrorBody standardBody(EmporixException e) {
        return new ErrorBody(e.status(), e.type(), e.getMessage(), e.details());
    }
}
