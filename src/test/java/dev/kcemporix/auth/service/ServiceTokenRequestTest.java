package dev.kcemporix.auth.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kcemporix.auth.error.EmporixException;

class ServiceTokenRequestTest {

    @Test
    void readsAFormBody() {
        ServiceTokenRequest r = ServiceTokenRequest.parse("application/x-www-form-urlencoded; charset=UTF-8",
                "grant_type=client_credentials&client_id=svc&scope=a.b_c+tenant%3Dshop", Map.of());
        assertEquals("svc", r.get("client_id"));
        assertEquals("a.b_c tenant=shop", r.get("scope"));
    }

    @Test
    void readsAJsonBody() {
        ServiceTokenRequest r = ServiceTokenRequest.parse("application/json", "{\"client_id\":\"svc\",\"client_secret\":null}", Map.of());
        assertEquals("svc", r.get("client_id"));
        assertNull(r.get("client_secret"));
    }

    @Test
    void theBodyWinsOverTheQuery() {
        ServiceTokenRequest r = ServiceTokenRequest.parse("application/x-www-form-urlencoded", "client_id=body",
                Map.of("client_id", List.of("query"), "tenant", List.of("shop")));
        assertEquals("body", r.get("client_id"));
        assertEquals("shop", r.get("tenant"));
    }

    @Test
    void anEmptyBodyLeavesTheQuery() {
        assertEquals("q", ServiceTokenRequest.parse(null, "", Map.of("client_id", List.of("q"))).get("client_id"));
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertEquals(415, assertThrows(EmporixException.class, () -> ServiceTokenRequest.parse("text/plain", "x", Map.of())).status());
        assertEquals(400, assertThrows(EmporixException.class, () -> ServiceTokenRequest.parse("application/json", "[1]", Map.of())).status());
        assertEquals(400, assertThrows(EmporixException.class, () -> ServiceTokenRequest.parse("application/json", "{\"client_id\":1}", Map.of())).status());
        assertEquals(400, assertThrows(EmporixException.class, () -> ServiceTokenRequest.parse("application/x-www-form-urlencoded", "a=%zz", Map.of())).status());
        assertEquals(413, assertThrows(EmporixException.class,
                () -> ServiceTokenRequest.parse("application/json", "x".repeat(20_000), Map.of())).status());
    }

    @Test
    void findsTheTenantInsideScope() {
        assertEquals("shop", ServiceTokenRequest.tenantInScope("a.b_c tenant=shop"));
        assertNull(ServiceTokenRequest.tenantInScope("a.b_c tenant="));
        assertNull(ServiceTokenRequest.tenantInScope(null));
    }
}
