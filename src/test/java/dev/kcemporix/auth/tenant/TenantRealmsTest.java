package dev.kcemporix.auth.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TenantRealmsTest {

    @Test
    void tenantsAreLowercased() {
        assertEquals("myshop", TenantRealms.normalize("MyShop"));
    }

    @Test
    void blankOrOverlongValuesNameNoTenant() {
        assertNull(TenantRealms.normalize(null));
        assertNull(TenantRealms.normalize(" "));
        assertNull(TenantRealms.normalize("a".repeat(256)));
    }
}
