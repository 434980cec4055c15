package dev.kcemporix.auth.anonymous;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnonymousTokenSettingsTest {

    @Test
    void clientSettingWinsOverRealmSetting() {
        assertEquals(60, AnonymousTokenSettings.seconds("60", "120", 3599));
    }

    @Test
    void realmSettingAppliesWhenTheClientHasNone() {
        assertEquals(120, AnonymousTokenSettings.seconds(null, "120", 3599));
        assertEquals(120, AnonymousTokenSettings.seconds(" ", " 120 ", 3599));
    }

    @Test
    void unusableValuesFallBackToTheDefault() {
        assertEquals(3599, AnonymousTokenSettings.seconds(null, null, 3599));
        assertEquals(3599, AnonymousTokenSettings.seconds("-5", "abc", 3599));
        assertEquals(3599, AnonymousTokenSettings.seconds("0", "99999999999", 3599));
    }
}
