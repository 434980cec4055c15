package dev.kcemporix.auth.tenant;

import dev.kcemporix.auth.api.answer.EmporixException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The two checks every one of Keycloak's OIDC endpoints makes before anything else: the realm is
 * enabled (a disabled realm is the admin's kill switch) and, where the realm requires SSL for this
 * client address, the request came over HTTPS. Both answer 403 as Keycloak's endpoints do.
 *
 * <p>Copied, and this is the one place: Keycloak keeps them as private methods of each endpoint
 * ({@code TokenEndpoint}, {@code TokenIntrospectionEndpoint}, {@code LogoutEndpoint}, ...). Every
 * request of ours passes them once its tenant is known; requests that run a grant pass them again
 * inside Keycloak's own {@code TokenEndpoint}, which {@code KeycloakGrants} runs.
 */
public final class KeycloakEndpointChecks {

    private KeycloakEndpointChecks() {}

    public static void check(KeycloakSession session, RealmModel realm) {
        if (!realm.isEnabled()) {
            throw EmporixException.forbidden("Realm not enabled");
        }
        boolean https = "https".equals(session.getContext().getUri().getBaseUri().getScheme());
        if (!https && realm.getSslRequired().isRequired(session.getContext().getConnection())) {
            throw EmporixException.forbidden("HTTPS required");
        }
    }
}
