package dev.kcemporix.auth.anonymous;

import org.keycloak.TokenCategory;

/**
 * Renews an anonymous access token without any server-side state: it is bound to its tenant ({@code
 * tenant}), client ({@code azp}) and visitor session ({@code sessionId}) and signed with the
 * realm's internal HMAC key, like Keycloak's own refresh tokens.
 */
public class AnonymousRefreshToken extends AnonymousToken {

    public static final String TYPE = "AnonymousRefresh";

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.INTERNAL;
    }
}
