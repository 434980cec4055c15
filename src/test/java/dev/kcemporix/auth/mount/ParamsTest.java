package dev.kcemporix.auth.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.Test;

import dev.kcemporix.auth.error.EmporixException;

class ParamsTest {

    private static Params params(String... pairs) {
        MultivaluedHashMap<String, String> map = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.add(pairs[i], pairs[i + 1]);
        }
        return new Params(map);
    }

    @Test
    void theNameWinsOverItsLegacyAlias() {
        assertEquals("a", params("hybris-tenant", "b", "tenant", "a").optional("tenant", "hybris-tenant"));
    }

    @Test
    void theLegacyAliasIsReadWhenTheNameIsMissingOrEmpty() {
        assertEquals("b", params("tenant", "", "hybris-tenant", "b").optional("tenant", "hybris-tenant"));
    }

    @Test
    void aDuplicatedParameterIsABadRequest() {
        EmporixException e = assertThrows(EmporixException.class, () -> params("client_id", "one", "client_id", "two").required("client_id"));
        assertEquals(400, e.status());
        assertEquals("duplicated", e.details().get(0).type());
    }

    @Test
    void aMissingRequiredParameterIsABadRequestNamingIt() {
        EmporixException e = assertThrows(EmporixException.class, () -> params().required("tenant", "hybris-tenant"));
        assertEquals(400, e.status());
        assertEquals("tenant", e.details().get(0).field());
        assertEquals("required", e.details().get(0).type());
        assertNull(params().optional("tenant"));
    }
}
