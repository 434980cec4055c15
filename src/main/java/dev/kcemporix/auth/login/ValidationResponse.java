package dev.kcemporix.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;
import dev.kcemporix.auth.legal.LegalEntities;
import dev.kcemporix.auth.tenant.EmporixScopes;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/** The body of {@code validateauthtoken}, field for field as the contract has it. */
@Described("What a valid customer token stands for.")
@JsonPropertyOrder({
    "token_type",
    "expires_in",
    "scope",
    "sessionId",
    "email",
    "acr",
    "legalEntityId",
    "assistedBy"
})
public record ValidationResponse(
        @Described("Always `Bearer`.") @JsonProperty("token_type") String tokenType,
        @Described("Seconds the token has left.") @JsonProperty("expires_in") long expiresIn,
        @Described("The token's customer scopes, space separated, ending with `tenant=T`.")
                @JsonProperty("scope")
                String scope,
        @Described("The visitor's session (`session_id` of the login).") @JsonProperty("sessionId")
                String sessionId,
        @Described("The customer's login e-mail.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                @JsonProperty("email")
                String email,
        @Described(
                        "The level of the login: `1` for a password; the one-time-code level (or"
                            + " its name in the realm's ACR mapping) after a login with a code.")
                @JsonProperty("acr")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String acr,
        @Described("The legal entity chosen at refresh; absent when none was.")
                @JsonProperty("legalEntityId")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String legalEntityId,
        @Described(
                        "The user id of the staff member who opened this session for the customer"
                                + " (assisted buying); absent otherwise.")
                @JsonProperty("assistedBy")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String assistedBy) {

    static ValidationResponse of(
            AccessToken token,
            UserModel user,
            String sessionId,
            String tenant,
            long now,
            String assistedBy) {
        Object legalEntity = token.getOtherClaims().get(LegalEntities.CLAIM);
        return new ValidationResponse(
                "Bearer",
                Math.max(0, token.getExp() - now),
                EmporixScopes.of(token.getScope(), tenant),
                sessionId,
                user.getEmail(),
                token.getAcr(),
                legalEntity == null ? null : legalEntity.toString(),
                assistedBy);
    }
}
