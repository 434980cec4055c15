package dev.kcemporix.auth.anonymous;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/** Registers {@link AnonymousGrantType} with Keycloak's token endpoint. */
public class AnonymousGrantTypeFactory implements OAuth2GrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new AnonymousGrantType();
    }

    @Override
    public String getShortcut() {
        // Two letters, unique among Keycloak's grants (it encodes them into token ids).
        return "ea";
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return AnonymousGrantType.GRANT_TYPE;
    }
}
