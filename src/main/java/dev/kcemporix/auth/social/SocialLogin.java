package dev.kcemporix.auth.social;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.keycloak.AddressDigests;
import dev.kcemporix.auth.keycloak.DirectGrantOtp;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.GrantOutcome;
import dev.kcemporix.auth.keycloak.KeycloakGrants;
import dev.kcemporix.auth.keycloak.LoginFactors;
import dev.kcemporix.auth.keycloak.OwnTransaction;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import dev.kcemporix.auth.login.CustomerLogin;
import dev.kcemporix.auth.tenant.EmporixScopes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;

/**
 * {@code socialLogin}: the authorization code that Keycloak's brokered login gave the storefront's
 * page, redeemed by Keycloak's own {@code authorization_code} grant for the storefront client the
 * anonymous token names, through its token endpoint. So the code's single use, its lifespan, its
 * client, its redirect URI and its PKCE verifier are Keycloak's checks; what is ours is the
 * storefront session, the saas token, the provider's stored tokens and Emporix's shape.
 */
final class SocialLogin {

    private static final Logger LOG = Logger.getLogger(SocialLogin.class);

    /**
     * The grant's refusals that say "this code, verifier or redirect URI is not good": one answer
     * for all.
     */
    private static final Set<String> CODE_REFUSALS =
            Set.of(OAuthErrorException.INVALID_GRANT, OAuthErrorException.INVALID_REQUEST);

    /**
     * How long a customer whose code needs a one-time code too may send it: as long as a login form
     * waits.
     */
    static final int PENDING_SECONDS = 300;

    private static final String USER = "user";
    private static final String CLIENT = "client";
    private static final String PROVIDER = "provider";
    private static final String UNTIL = "until";
    private static final String VERIFIER = "verifier";

    private final KeycloakSession session;
    private final RealmModel realm;

    SocialLogin(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Redeems {@code code}. A customer with a one-time-code device whose brokered login asked for
     * no code is not let in on the provider's word alone: the session the code started is dropped
     * (the request is rolled back), the code's customer is kept for {@value #PENDING_SECONDS} s
     * under a digest of the code, and the answer is 401 {@code otp_required}; the same call with
     * {@code otp} then completes the login with Keycloak's checks of a password login plus the
     * code.
     */
    SocialLoginResponse redeem(
            AnonymousAccessToken anonymous,
            ClientModel client,
            String code,
            String redirectUri,
            String codeVerifier,
            String otp) {
        StoreEntry.Key pendingKey = StoreEntry.SOCIAL_OTP.key(realm, AddressDigests.exact(code));
        Map<String, String> pending =
                otp == null ? null : SingleUseStore.of(session).remove(pendingKey);
        if (pending != null) {
            if (!AddressDigests.exact(codeVerifier == null ? "" : codeVerifier)
                    .equals(pending.get(VERIFIER))) {
                // The code alone is not enough to finish the login: the verifier of the first call
                // must come again.
                keep(
                        pendingKey,
                        pending,
                        Integer.parseInt(pending.getOrDefault(UNTIL, "0")) - Time.currentTime());
                throw EmporixException.of(
                        400,
                        "invalid_grant",
                        "The authorization code is not valid for this request");
            }
            return completeWithCode(anonymous, client, pendingKey, pending, otp);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put(OAuth2Constants.CLIENT_ID, client.getClientId());
        form.put(OAuth2Constants.CODE, code);
        form.put(
                OAuth2Constants.REDIRECT_URI,
                redirectUri != null ? redirectUri : singleRedirectUri(client));
        if (codeVerifier != null) {
            form.put(OAuth2Constants.CODE_VERIFIER, codeVerifier);
        }
        GrantOutcome outcome =
                new KeycloakGrants(session, realm).run(OAuth2Constants.AUTHORIZATION_CODE, form);
        if (!outcome.succeeded()) {
            throw refusal(outcome);
        }
        UserSessionModel userSession =
                new CustomerLogin(session, realm).sessionOf(outcome.tokens());
        UserModel user = userSession.getUser();
        if (LoginFactors.hasOneTimeCodeDevice(user)
                && !LoginFactors.usedOneTimeCode(session, realm, userSession)) {
            Map<String, String> customer =
                    Map.of(
                            USER,
                            user.getId(),
                            CLIENT,
                            client.getId(),
                            PROVIDER,
                            userSession.getNote(Details.IDENTITY_PROVIDER) == null
                                    ? ""
                                    : userSession.getNote(Details.IDENTITY_PROVIDER),
                            VERIFIER,
                            AddressDigests.exact(codeVerifier == null ? "" : codeVerifier));
            if (otp == null) {
                keep(pendingKey, customer, PENDING_SECONDS);
                Events.of(session, realm, EventType.LOGIN)
                        .client(client)
                        .user(user)
                        .detail(
                                Details.REASON,
                                "A one-time code is needed after the identity provider's login")
                        .error(DirectGrantOtp.OTP_REQUIRED);
                throw EmporixException.of(
                        401,
                        DirectGrantOtp.OTP_REQUIRED,
                        "A one-time code is needed: send the call again with otp");
            }
            return completeWithCode(anonymous, client, pendingKey, customer, otp);
        }
        CustomerLogin.Started started =
                new CustomerLogin(session, realm).started(anonymous, client, outcome.tokens());
        return answer(client, started);
    }

    /**
     * The login of the code's customer, with the one-time code they typed: through Keycloak's
     * password grant with a stand-in password and the code ({@link CustomerLogin#startVerified}). A
     * refused code keeps the customer waiting for the rest of the time, for another try.
     */
    private SocialLoginResponse completeWithCode(
            AnonymousAccessToken anonymous,
            ClientModel client,
            StoreEntry.Key pendingKey,
            Map<String, String> pending,
            String otp) {
        UserModel user = session.users().getUserById(realm, pending.get(USER));
        if (user == null || !client.getId().equals(pending.get(CLIENT))) {
            throw EmporixException.of(
                    400, "invalid_grant", "The authorization code is not valid for this request");
        }
        int keptUntil =
                Integer.parseInt(
                        pending.getOrDefault(
                                UNTIL, Integer.toString(Time.currentTime() + PENDING_SECONDS)));
        CustomerLogin.Started started;
        try {
            started = new CustomerLogin(session, realm).startVerified(anonymous, client, user, otp);
        } catch (EmporixException e) {
            keep(pendingKey, pending, keptUntil - Time.currentTime());
            throw e;
        }
        if (!pending.getOrDefault(PROVIDER, "").isEmpty()) {
            started.userSession().setNote(Details.IDENTITY_PROVIDER, pending.get(PROVIDER));
        }
        return answer(client, started);
    }

    /**
     * Keeps a customer waiting for their code, in a transaction of its own: the refused request's
     * own is rolled back.
     */
    private void keep(StoreEntry.Key key, Map<String, String> customer, int seconds) {
        if (seconds <= 0) {
            return;
        }
        Map<String, String> kept = new java.util.HashMap<>(customer);
        kept.put(UNTIL, Integer.toString(Time.currentTime() + seconds));
        OwnTransaction.run(
                session,
                realm.getId(),
                (own, ownRealm) -> SingleUseStore.of(own).put(key, seconds, kept));
    }

    private SocialLoginResponse answer(ClientModel client, CustomerLogin.Started started) {
        AccessTokenResponse tokens = started.tokens();
        AccessTokenResponse social = providerTokens(started.userSession());
        return new SocialLoginResponse(
                tokens.getToken(),
                started.saasToken(),
                tokens.getRefreshToken(),
                Long.toString(tokens.getRefreshExpiresIn()),
                SessionIdle.seconds(realm, client),
                "Bearer",
                Long.toString(tokens.getExpiresIn()),
                EmporixScopes.of(tokens.getScope(), realm.getName()),
                social == null ? null : social.getToken(),
                social == null ? null : social.getIdToken());
    }

    /**
     * The redirect URI of a request that names none: the storefront client's one registered URI.
     * Several, or a pattern, name no single page: the request must say which.
     */
    private static String singleRedirectUri(ClientModel client) {
        Set<String> uris = client.getRedirectUris();
        if (uris.size() == 1) {
            String uri = uris.iterator().next();
            if (!uri.contains("*") && !uri.startsWith("/") && !uri.equals("+")) {
                return uri;
            }
        }
        throw EmporixException.badRequest(
                "Send redirect_uri: the storefront client does not have exactly one redirect URI",
                new EmporixException.Detail(
                        "redirect_uri", "required", "redirect_uri is required"));
    }

    private static EmporixException refusal(GrantOutcome outcome) {
        EmporixException endpoint = outcome.endpointRefusal();
        if (endpoint != null && !OAuthErrorException.INVALID_REQUEST.equals(outcome.error())) {
            if (outcome.isServerError()) {
                LOG.warnf(
                        "Authorization code grant failed with %d: %s",
                        outcome.status(), outcome.error());
            }
            return endpoint;
        }
        if (OAuthErrorException.INVALID_CLIENT.equals(outcome.error())
                || OAuthErrorException.UNAUTHORIZED_CLIENT.equals(outcome.error())) {
            // A confidential storefront client, or one without the standard flow: the setup, not
            // the code.
            return EmporixException.unauthorized(
                    "The storefront client may not redeem authorization codes");
        }
        if (outcome.error() == null || CODE_REFUSALS.contains(outcome.error())) {
            // A used, expired, forged or foreign code, a wrong verifier or redirect URI: Keycloak's
            // event says which; the answer does not.
            return EmporixException.of(
                    400, "invalid_grant", "The authorization code is not valid for this request");
        }
        return EmporixException.of(
                400,
                "invalid_grant",
                outcome.errorDescription() != null
                        ? outcome.errorDescription()
                        : "The code was refused");
    }

    /**
     * The provider's own tokens, when the customer came through an identity provider set to store
     * them ({@code storeToken}): Keycloak keeps its token response with the customer's link.
     */
    private AccessTokenResponse providerTokens(UserSessionModel userSession) {
        String alias = userSession.getNote(Details.IDENTITY_PROVIDER);
        if (alias == null) {
            return null;
        }
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null || !provider.isStoreToken()) {
            return null;
        }
        FederatedIdentityModel link =
                session.users().getFederatedIdentity(realm, userSession.getUser(), alias);
        if (link == null || link.getToken() == null || !link.getToken().startsWith("{")) {
            return null;
        }
        try {
            return JsonSerialization.readValue(link.getToken(), AccessTokenResponse.class);
        } catch (IOException e) {
            LOG.debugf("The stored tokens of provider %s do not read as a token response", alias);
            return null;
        }
    }
}
