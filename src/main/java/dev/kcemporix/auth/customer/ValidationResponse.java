package dev.kcemporix.auth.customer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

import dev.kcemporix.auth.legal.LegalEntities;
import dev.kcemporix.auth.scope.EmporixScopes;

/** The body of {@code validateauthtoken}, field for field as the contract has it. */
final class ValidationResponse {

    private ValidationResponse() {
    }

    static Map<String, Object> of(AccessToken token, UserModel user, String sessionId, String tenant, long now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", Math.max(0, token.getExp() - now));
        body.put("scope", EmporixScopes.of(token.getScope(), tenant));
        body.put("sessionId", sessionId);
        body.put("email", user.getEmail());
        if (token.getAcr() != null) {
            // The level of the login: "1" for a password, the OTP level (or its name in the realm's ACR to LoA mapping) with a one-time code.
            body.put("acr", token.getAcr());
        }
        Object legalEntity = token.getOtherClaims().get(LegalEntities.CLAIM);
        if (legalEntity != null) {
            body.put("legalEntityId", legalEntity.toString());
        }
        return body;
    }
}
