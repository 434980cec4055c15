package dev.kcemporix.auth.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmporixScopesTest {

    @Test
    void keepsEmporixScopesInOrderAndEndsWithTheTenant() {
        assertEquals(
                "customer.customer_read_own order.order_readascustomer tenant=shop",
                EmporixScopes.of(
                        "openid profile customer.customer_read_own email order.order_readascustomer"
                                + " basic",
                        "shop"));
    }

    @Test
    void leavesOutOidcHousekeeping() {
        assertEquals(
                "tenant=shop",
                EmporixScopes.of(
                        "openid profile email basic acr web-origins roles organization"
                                + " offline_access microprofile-jwt",
                        "shop"));
    }

    @Test
    void anEmptyOrMissingScopeIsJustTheTenant() {
        assertEquals("tenant=t", EmporixScopes.of(null, "t"));
        assertEquals("tenant=t", EmporixScopes.of("  ", "t"));
    }

    @Test
    void recognisesEmporixNames() {
        assertTrue(EmporixScopes.isCustomerScope("customermanagement.legalentity_read_own"));
        assertTrue(EmporixScopes.isCustomerScope("coupon.coupon_redeem"));
        assertFalse(EmporixScopes.isCustomerScope("tenant=shop"));
        assertFalse(EmporixScopes.isCustomerScope("web-origins"));
        assertFalse(EmporixScopes.isCustomerScope("a.b"));
    }

    @Test
    void dropsDuplicates() {
        assertEquals(
                "coupon.coupon_redeem tenant=t",
                EmporixScopes.of("coupon.coupon_redeem coupon.coupon_redeem", "t"));
    }
}
