package dev.kcemporix.auth.anonymous;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * Lifetimes of anonymous tokens, in seconds: a client attribute if the storefront client sets one,
 * else the realm attribute, else Emporix's defaults (3599 s and 86399 s).
 */
public record AnonymousTokenSettings(int accessTokenLifespan, int refreshTokenLifespan) {

    public static final String ACCESS_LIFESPAN_ATTRIBUTE = "emporix.anonymous.accessTokenLifespan";
    public static final String REFRESH_LIFESPAN_ATTRIBUTE = "emporix.anonymous.refreshTokenLifespan";
    static final int DEFAULT_ACCESS_LIFESPAN = 3599;
    static final int DEFAULT_REFRESH_LIFESPAN = 86399;

    public static AnonymousTokenSettings of(RealmModel realm, ClientModel client) {
        return new AnonymousTokenSettings(
                seconds(client.getAttribute(ACCESS_LIFESPAN_ATTRIBUTE), realm.getAttribute(ACCESS_LIFESPAN_ATTRIBUTE), DEFAULT_ACCESS_LIFESPAN),
                seconds(client.getAttribute(REFRESH_LIFESPAN_ATTRIBUTE), realm.getAttribute(REFRESH_LIFESPAN_ATTRIBUTE), DEFAULT_REFRESH_LIFESPAN));
    }

    static int seconds(String clientValue, String realmValue, int fallback) {
        Integer fromClient = positive(clientValue);
        if (fromClient != null) {
            return fromClient;
        }
        Integer fromRealm = positive(realmValue);
        return fromRealm != null ? fromRealm : fallback;
    }

    private static Integer positive(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
