package dev.kcemporix.auth.anonymous;

import dev.kcemporix.auth.tenant.TenantSetting;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * Lifetimes of anonymous tokens, in seconds: a client attribute if the storefront client sets one,
 * else the tenant's setting ({@link TenantSetting#ANONYMOUS_ACCESS_LIFESPAN}, {@link
 * TenantSetting#ANONYMOUS_REFRESH_LIFESPAN}: Emporix's 3599 s and 86399 s by default).
 */
public record AnonymousTokenSettings(int accessTokenLifespan, int refreshTokenLifespan) {

    public static AnonymousTokenSettings of(RealmModel realm, ClientModel client) {
        return new AnonymousTokenSettings(
                seconds(
                        client.getAttribute(TenantSetting.ANONYMOUS_ACCESS_LIFESPAN.attribute()),
                        TenantSetting.ANONYMOUS_ACCESS_LIFESPAN.seconds(realm)),
                seconds(
                        client.getAttribute(TenantSetting.ANONYMOUS_REFRESH_LIFESPAN.attribute()),
                        TenantSetting.ANONYMOUS_REFRESH_LIFESPAN.seconds(realm)));
    }

    /**
     * The client's own attribute (of the tenant setting's name) when it is a positive number of
     * seconds, else the tenant's value.
     */
    static int seconds(String clientValue, int tenantValue) {
        Integer fromClient = TenantSetting.positiveSeconds(clientValue);
        return fromClient != null ? fromClient : tenantValue;
    }
}
