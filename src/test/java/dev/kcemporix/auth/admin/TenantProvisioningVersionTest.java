package dev.kcemporix.auth.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TenantProvisioningVersionTest {

    @Test
    void aTenantOfThisVersionOrALaterOneIsLeftAsItIs() {
        assertTrue(TenantProvisioning.isCurrentOrNewer(TenantProvisioning.VERSION));
        assertTrue(
                TenantProvisioning.isCurrentOrNewer(
                        Integer.toString(Integer.parseInt(TenantProvisioning.VERSION) + 1)));
    }

    @Test
    void aTenantNeverProvisionedOrOfAnEarlierVersionIsProvisioned() {
        assertFalse(TenantProvisioning.isCurrentOrNewer(null));
        assertFalse(TenantProvisioning.isCurrentOrNewer("1"));
        assertFalse(TenantProvisioning.isCurrentOrNewer("2"));
        assertFalse(TenantProvisioning.isCurrentOrNewer("not a version"));
    }
}
