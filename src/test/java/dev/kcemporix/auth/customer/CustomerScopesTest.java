package dev.kcemporix.auth.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CustomerScopesTest {

    @Test
    void keepsEmporixScopesInOrderAndEndsWithTheTenant() {
        assertEquals("customer.customer_read_own order.order_readascustomer tenant=shop",
                CustomerScopes.of("openid profile customer.customer_read_own email order.order_readascustomer basic", "shop"));
    }

    @Test
    void leavesOutOidcHousekeeping() {
        assertEquals("tenant=shop", CustomerScopes.of("openid profile email basic acr web-origins roles organization offline_access microprofile-jwt", "shop"));
    }

    @Test
    void anEmptyOrMissingScopeIsJustTheTenant() {
        assertEquals("tenant=t", CustomerScopes.of(null, "t"));
        assertEquals("tenant=t", CustomerScopes.of("  ", "t"));
    }

    @Test
    void recognisesEmporixNames() {
        assertTrue(CustomerScopes.isCustomerScope("customermanagement.legalentity_read_own"));
        assertTrue(CustomerScopes.isCustomerScope("coupon.coupon_redeem"));
        assertFalse(CustomerScopes.isCustomerScope("tenant=shop"));
        assertFalse(CustomerScopes.isCustomerScope("web-origins"));
        assertFalse(CustomerScopes.isCustomerScope("a.b"));
    }

    @Test
    void dropsDuplicates() {
        assertEquals("coupon.coupon_redeem tenant=t", CustomerScopes.of("coupon.coupon_redeem coupon.coupon_redeem", "t"));
    }
}
