package dev.kcemporix.auth.login;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.GrantOutcome;
import dev.kcemporix.auth.keycloak.Impersonation;
import dev.kcemporix.auth.keycloak.KeycloakGrants;
import dev.kcemporix.auth.keycloak.LoginFactors;
import dev.kcemporix.auth.keycloak.OwnTransaction;
import dev.kcemporix.auth.legal.LegalEntities;
import dev.kcemporix.auth.tenant.TenantRealms;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

/**
 * Refresh, and choosing a legal entity (docs/endpoints.md, *Refresh*): Keycloak's {@code
 * refresh_token} grant through its token endpoint, so revocation, session lifetimes and events are
 * Keycloak's.
 */
public final class CustomerRefresh {

    private static final Logger LOG = Logger.getLogger(CustomerRefresh.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public CustomerRefresh(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Renews the customer's tokens; with {@code legalEntityId} the new access token carries that
     * legal entity (after a membership check), without it the new token is unscoped.
     */
    public CustomerTokenResponse refresh(
            ClientModel client, String refreshToken, String legalEntityId) {
        KeycloakGrants grants = new KeycloakGrants(session, realm);
        Map<String, String> form =
                Map.of(
                        OAuth2Constants.CLIENT_ID,
                        client.getClientId(),
                        OAuth2Constants.REFRESH_TOKEN,
                        refreshToken);
        GrantOutcome outcome;
        if (legalEntityId == null) {
            outcome = grants.run(OAuth2Constants.REFRESH_TOKEN, form);
        } else {
            // Refused before Keycloak's grant runs, so recorded here as the grant would: a
            // REFRESH_TOKEN_ERROR.
            UserSessionModel userSession = sessionOf(refreshToken);
            if (userSession == null) {
                Events.of(session, realm, EventType.REFRESH_TOKEN)
                        .client(client)
                        .detail(Details.REASON, "no live session")
                        .error(Errors.INVALID_TOKEN);
                throw EmporixException.invalidToken();
            }
            try {
                new LegalEntities(session).requireMembership(userSession.getUser(), legalEntityId);
            } catch (EmporixException e) {
                Events.of(session, realm, EventType.REFRESH_TOKEN)
                        .client(client)
                        .user(userSession.getUser())
                        .session(userSession)
                        .detail(Details.REASON, "not a member of the legal entity")
                        .error(Errors.NOT_ALLOWED);
                throw e;
            }
            outcome =
                    LegalEntities.issuingFor(
                            session,
                            legalEntityId,
                            () -> grants.run(OAuth2Constants.REFRESH_TOKEN, form));
        }
        if (!outcome.succeeded()) {
            throw tokenFailure(outcome);
        }
        AccessToken access =
                IssuedTokens.unverified(outcome.tokens().getToken(), AccessToken.class);
        if (legalEntityId != null
                && !legalEntityId.equals(access.getOtherClaims().get(LegalEntities.CLAIM))) {
            // Never a token without the entity the customer chose: the client lacks the
            // legal-entity mapper.
            LOG.errorf(
                    "Client %s of realm %s issued a token without the legal entity it was asked"
                            + " for: its client scopes lack the '%s' mapper (see the Emporix tab's"
                            + " health report)",
                    client.getClientId(), realm.getName(), "Emporix legal entity");
            throw EmporixException.notConfigured(
                    "Legal entities are not set up for this storefront client; an administrator can"
                            + " see why in the tenant's health report");
        }
        IssuedTokens issued = new IssuedTokens(session, realm);
        UserSessionModel refreshed = issued.userSessionOf(outcome.tokens());
        Impersonation impersonation = Impersonation.of(refreshed);
        if (impersonation != null && impersonation.isOver(session, realm, Time.currentTime())) {
            Events.of(session, realm, EventType.REFRESH_TOKEN)
                    .client(client)
                    .user(refreshed.getUser())
                    .session(refreshed)
                    .detail(
                            Details.REASON,
                            "the assisted session reached its cap, or its staff member is gone")
                    .error(Errors.SESSION_EXPIRED);
            // Ended for good, once this refusal has rolled the request back.
            String id = refreshed.getId();
            OwnTransaction.afterRequest(
                    session,
                    realm.getId(),
                    (own, ownRealm) -> {
                        UserSessionModel over = own.sessions().getUserSession(ownRealm, id);
                        if (over != null) {
                            own.sessions().removeUserSession(ownRealm, over);
                        }
                    });
            throw EmporixException.invalidToken();
        }
        if (impersonation != null) {
            // Keycloak's refresh token says nothing of the cap: the answer does.
            outcome.tokens()
                    .setRefreshExpiresIn(
                            impersonation.secondsLeft(
                                    Time.currentTime(), outcome.tokens().getRefreshExpiresIn()));
        }
        if (LoginFactors.lacksRequiredCode(session, realm, refreshed)) {
            Events.of(session, realm, EventType.REFRESH_TOKEN)
                    .client(client)
                    .user(refreshed.getUser())
                    .session(refreshed)
                    .detail(Details.REASON, "a brokered login without the customer's one-time code")
                    .error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        // Downstream services learn the entity from the saas token, so it comes along when one is
        // chosen.
        String saasToken =
                legalEntityId == null
                        ? null
                        : issued.saasToken(refreshed, access.getExp(), legalEntityId);
        return CustomerTokenResponse.refresh(
                outcome.tokens(), IssuedTokens.storefrontSessionId(refreshed), saasToken);
    }

    /**
     * The live user session of a genuine, unexpired refresh token of this realm, or null; the grant
     * itself does every other check.
     */
    private UserSessionModel sessionOf(String refreshToken) {
        RefreshToken token = session.tokens().decode(refreshToken, RefreshToken.class);
        if (token == null || token.isExpired() || token.getSessionId() == null) {
            return null;
        }
        // A refresh token names its user only where a client scope maps "sub" (Keycloak's "basic");
        // its session always.
        UserSessionModel userSession =
                session.sessions().getUserSession(realm, token.getSessionId());
        boolean sameUser =
                userSession != null
                        && (token.getSubject() == null
                                || token.getSubject().equals(userSession.getUser().getId()));
        return sameUser ? userSession : null;
    }

    /**
     * The storefront client a Keycloak refresh token names, without trusting anything else in it
     * yet.
     */
    public ClientModel clientOfRefreshToken(String refreshToken) {
        RefreshToken token = IssuedTokens.unverifiedOrNull(refreshToken, RefreshToken.class);
        // Only Keycloak's refresh tokens go on to its refresh grant: it fails with a 500 on other
        // realm-signed tokens.
        boolean refreshType =
                token != null
                        && (TokenUtil.TOKEN_TYPE_REFRESH.equals(token.getType())
                                || TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType()));
        ClientModel client =
                !refreshType || token.getIssuedFor() == null
                        ? null
                        : realm.getClientByClientId(token.getIssuedFor());
        if (!TenantRealms.isStorefrontClient(realm, client)) {
            Events.of(session, realm, EventType.REFRESH_TOKEN)
                    .detail(
                            Details.REASON,
                            "Not a refresh token of a storefront client of this tenant")
                    .error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        return client;
    }

    private static EmporixException tokenFailure(GrantOutcome outcome) {
        EmporixException refusal = outcome.endpointRefusal();
        if (refusal != null) {
            if (outcome.isServerError()) {
                LOG.warnf("Refresh grant failed with %d: %s", outcome.status(), outcome.error());
            }
            return refusal;
        }
        return EmporixException.invalidToken();
    }
}
