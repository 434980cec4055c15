package dev.kcemporix.auth.anonymous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kcemporix.auth.tenant.TenantSetting;
import org.junit.jupiter.api.Test;

class AnonymousTokenSettingsTest {

    @Test
    void clientSettingWinsOverTheTenants() {
        assertEquals(60, AnonymousTokenSettings.seconds("60", 120));
        assertEquals(60, AnonymousTokenSettings.seconds(" 60 ", 120));
    }

    @Test
    void theTenantsSettingAppliesWhenTheClientHasNoUsableOne() {
        assertEquals(120, AnonymousTokenSettings.seconds(null, 120));
        assertEquals(120, AnonymousTokenSettings.seconds(" ", 120));
        assertEquals(120, AnonymousTokenSettings.seconds("-5", 120));
        assertEquals(120, AnonymousTokenSettings.seconds("99999999999", 120));
    }

    @Test
    void onlyPositiveNumbersAreSeconds() {
        assertEquals(120, TenantSetting.positiveSeconds(" 120 "));
        assertNull(TenantSetting.positiveSeconds("0"));
        assertNull(TenantSetting.positiveSeconds("abc"));
        assertNull(TenantSetting.positiveSeconds(null));
    }

    @Test
    void theDefaultsAreEmporixs() {
        assertEquals("3599", TenantSetting.ANONYMOUS_ACCESS_LIFESPAN.defaultValue());
        assertEquals("86399", TenantSetting.ANONYMOUS_REFRESH_LIFESPAN.defaultValue());
    }
}
