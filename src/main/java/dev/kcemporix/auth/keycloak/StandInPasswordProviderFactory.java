package dev.kcemporix.auth.keycloak;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers {@link StandInPasswordProvider} with Keycloak's credential manager. */
public class StandInPasswordProviderFactory
        implements CredentialProviderFactory<StandInPasswordProvider> {

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new StandInPasswordProvider(session);
    }

    @Override
    public String getId() {
        return StandInPasswordProvider.TYPE;
    }
}
