package dev.kcemporix.auth.social;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.customer.NewCustomers;
import dev.kcemporix.auth.customer.NewCustomers.NewCustomer;
import dev.kcemporix.auth.keycloak.AddressDigests;
import dev.kcemporix.auth.keycloak.DirectGrantOtp;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import dev.kcemporix.auth.login.CustomerLogin;
import dev.kcemporix.auth.tenant.EmporixScopes;
import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.ValidationException;

/**
 * {@code exchangeauthtoken}: a JWT another identity provider issued becomes a customer session.
 *
 * <p>The token is checked by the realm's identity provider it names, with that provider's own code
 * and settings, the way Keycloak's external-to-internal token exchange checks it: signature by the
 * provider's JWKS or key (keys cached by Keycloak, refreshed on an unknown key id), issuer, expiry
 * with the provider's clock skew, token type. Keycloak's exchange leaves out the audience; we add
 * it: the token must name the provider's client in {@code aud} or be issued to it ({@code azp}),
 * and one token exchanges once. The customer then gets a session through Keycloak's password grant
 * with a stand-in password, so events, brute-force locks, disabled users, required actions and the
 * client's checks apply as to a password login; refresh, validate and logout work as after one.
 */
public final class TokenExchange {

    private static final Logger LOG = Logger.getLogger(TokenExchange.class);

    /**
     * The realm attribute value that lets an exchange take over an account by its verified e-mail.
     */
    static final String EMAIL_IDENTIFIER = "EMAIL";

    /**
     * The provider types whose token exchange checks a JWT by signature (see {@link #verified}).
     */
    public static final java.util.Set<String> SIGNATURE_CHECKING =
            java.util.Set.of("oidc", "keycloak-oidc");

    private final KeycloakSession session;
    private final RealmModel realm;

    /**
     * The answers of a customer's second factor, passed on as they are (the storefront asks for the
     * code).
     */
    static final java.util.Set<String> SECOND_FACTOR_ANSWERS =
            java.util.Set.of(DirectGrantOtp.OTP_REQUIRED, DirectGrantOtp.INVALID_OTP);

    /** Whether this exchange created the customer. */
    private boolean created;

    TokenExchange(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    TokenExchangeResponse exchange(
            AnonymousAccessToken anonymous,
            ClientModel client,
            String subjectToken,
            String config,
            String otp) {
        EventBuilder event = Events.of(session, realm, EventType.TOKEN_EXCHANGE).client(client);
        IdentityProviderModel provider = provider(config, event);
        event.detail(Details.IDENTITY_PROVIDER, provider.getAlias());
        BrokeredIdentityContext identity = verified(provider, subjectToken, event);
        UserModel user = customerOf(provider, identity, event);
        event.user(user);
        CustomerLogin.Started started;
        try {
            // The provider's word is not a second factor: a customer with a one-time-code device
            // sends its code too.
            started = new CustomerLogin(session, realm).startVerified(anonymous, client, user, otp);
        } catch (EmporixException e) {
            if (SECOND_FACTOR_ANSWERS.contains(e.type())) {
                event.detail(Details.REASON, "a one-time code is needed").error(e.type());
                throw e;
            }
            event.detail(Details.REASON, "the customer may not log in")
                    .error(
                            user.isEnabled()
                                    ? Errors.INVALID_USER_CREDENTIALS
                                    : Errors.USER_DISABLED);
            throw e.status() == 401
                    ? EmporixException.unauthorized("The customer may not log in")
                    : e;
        }
        if (created) {
            // Written once the session started: a refused session rolls the new customer back, and
            // no event may name it.
            NewCustomers.announce(
                    Events.of(session, realm, EventType.REGISTER)
                            .client(client)
                            .detail(Details.IDENTITY_PROVIDER, provider.getAlias()),
                    user,
                    "token-exchange");
        }
        started.userSession().setNote(Details.IDENTITY_PROVIDER, provider.getAlias());
        event.session(started.userSession())
                .detail(Details.IDENTITY_PROVIDER_USERNAME, identity.getUsername())
                .success();
        AccessTokenResponse tokens = started.tokens();
        return new TokenExchangeResponse(
                subjectToken,
                tokens.getToken(),
                started.saasToken(),
                tokens.getRefreshToken(),
                tokens.getRefreshExpiresIn(),
                SessionIdle.seconds(realm, client),
                "Bearer",
                tokens.getExpiresIn(),
                EmporixScopes.of(tokens.getScope(), realm.getName()),
                started.sessionId());
    }

    /** The provider {@code config} names; else the tenant's default; else the realm's only one. */
    private IdentityProviderModel provider(String config, EventBuilder event) {
        String alias =
                config != null && !config.isBlank()
                        ? config.trim()
                        : TenantSetting.EXCHANGE_DEFAULT_CONFIG.text(realm);
        IdentityProviderModel provider;
        if (alias != null) {
            provider = session.identityProviders().getByAlias(alias);
        } else {
            List<IdentityProviderModel> all =
                    session.identityProviders().getAllStream().limit(2).toList();
            provider = all.size() == 1 ? all.get(0) : null;
        }
        if (provider == null) {
            event.detail(Details.REASON, "no such identity provider")
                    .error(Errors.UNKNOWN_IDENTITY_PROVIDER);
            throw EmporixException.badRequest(
                    "config does not name an identity provider of the tenant",
                    new EmporixException.Detail(
                            "config",
                            "invalid",
                            "config must name an identity provider of the tenant"));
        }
        if (!provider.isEnabled() || Boolean.TRUE.equals(provider.isLinkOnly())) {
            event.detail(Details.IDENTITY_PROVIDER, provider.getAlias())
                    .detail(
                            Details.REASON,
                            "identity provider disabled or for account linking only")
                    .error(Errors.IDENTITY_PROVIDER_ERROR);
            throw EmporixException.invalidToken();
        }
        return provider;
    }

    /**
     * The identity the provider vouches for. Every refusal is the gateway's "invalid access token":
     * which check failed is in the event, not in the answer.
     */
    private BrokeredIdentityContext verified(
            IdentityProviderModel provider, String subjectToken, EventBuilder event) {
        // OpenID Connect providers (oidc, keycloak-oidc): those whose exchange checks a JWT by its
        // signature. Google's and
        // GitLab's check tokens only through user info, Microsoft's is no OIDC provider: refused,
        // and named by the health report.
        OIDCIdentityProvider exchanger;
        try {
            exchanger =
                    IdentityBrokerService.getIdentityProvider(
                            session, provider, OIDCIdentityProvider.class);
        } catch (RuntimeException e) {
            // 26.5 throws when the provider's factory is gone (a removed provider jar).
            exchanger = null;
        }
        if (exchanger == null || !SIGNATURE_CHECKING.contains(provider.getProviderId())) {
            event.detail(Details.REASON, "the provider cannot check a JWT's signature")
                    .error(Errors.INVALID_CONFIG);
            throw EmporixException.invalidToken();
        }
        OIDCIdentityProviderConfig settings = new OIDCIdentityProviderConfig(provider);
        if (!settings.isValidateSignature()
                || settings.getIssuer() == null
                || settings.getIssuer().isBlank()
                || settings.getIssuer().contains(",")) {
            // Without a signature check Keycloak's exchange would ask the provider's user info
            // instead, and without an issuer
            // any JWT the keys sign would pass. Several issuers: one subject id could be two
            // people, and links are keyed by
            // provider and subject only.
            event.detail(
                            Details.REASON,
                            "the provider validates no signatures, or names no issuer or several")
                    .error(Errors.INVALID_CONFIG);
            throw EmporixException.invalidToken();
        }
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OAuth2Constants.SUBJECT_TOKEN, subjectToken);
        // Checked as an ID token: by signature alone, without sending the token to the provider's
        // user info endpoint.
        form.putSingle(OAuth2Constants.SUBJECT_TOKEN_TYPE, OAuth2Constants.ID_TOKEN_TYPE);
        BrokeredIdentityContext identity;
        try {
            identity =
                    exchanger.exchangeExternal(
                            new ExternalTokenCheck(),
                            new TokenExchangeContext(
                                    session,
                                    form,
                                    null,
                                    realm,
                                    event,
                                    session.getContext().getClient(),
                                    session.getContext().getConnection(),
                                    session.getContext().getRequestHeaders(),
                                    null,
                                    Map.of()));
        } catch (WebApplicationException | IdentityBrokerException e) {
            // The provider's code wrote the event's error already where it knew one.
            if (event.getEvent().getError() == null) {
                event.detail(Details.REASON, "token validation failure")
                        .error(Errors.INVALID_TOKEN);
            }
            throw EmporixException.invalidToken();
        } catch (RuntimeException e) {
            LOG.debugf(
                    "The provider %s could not check a token: %s",
                    provider.getAlias(), e.getClass().getName());
            event.detail(Details.REASON, "token validation failure").error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        JsonWebToken token =
                identity == null
                        ? null
                        : (JsonWebToken)
                                identity.getContextData()
                                        .get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        String refusal = token == null ? "no identity in the token" : refusalOf(token, settings);
        if (refusal != null) {
            event.detail(Details.REASON, refusal).error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        useOnce(provider, token, subjectToken, settings, event);
        return identity;
    }

    /**
     * What the provider's own check leaves out: a token must expire, have a subject, and be meant
     * for the shop: its {@code aud} names the provider's client, or its {@code azp} is that client,
     * as Keycloak's own JWT authorization grant accepts it; where the tenant names the issuing
     * clients ({@link TenantSetting#EXCHANGE_TOKEN_CLIENTS}, Emporix's {@code token_client_id}),
     * its {@code azp} (else its one audience) must be one of them.
     */
    private String refusalOf(JsonWebToken token, OIDCIdentityProviderConfig settings) {
        if (token.getExp() == null || token.getExp() <= 0) {
            return "the token does not expire";
        }
        if (token.getSubject() == null || token.getSubject().isBlank()) {
            return "the token names no subject";
        }
        String clientId = settings.getClientId();
        if (clientId == null || clientId.isBlank()) {
            return "the provider names no client id";
        }
        if (!clientId.equals(token.getIssuedFor()) && !token.hasAudience(clientId)) {
            return "the token is meant neither for the provider's client nor issued to it";
        }
        List<String> issuers = TenantSetting.EXCHANGE_TOKEN_CLIENTS.list(realm);
        String issuedBy =
                token.getIssuedFor() != null
                        ? token.getIssuedFor()
                        : token.getAudience() != null && token.getAudience().length == 1
                                ? token.getAudience()[0]
                                : null;
        if (!issuers.isEmpty() && (issuedBy == null || !issuers.contains(issuedBy))) {
            return "the token's client is not one the tenant takes tokens of";
        }
        return null;
    }

    /**
     * One subject token exchanges once: its {@code jti} (else a digest of the whole token) is
     * remembered in Keycloak's cluster-wide single-use store, per tenant and provider, for as long
     * as the token is valid. Given back when this exchange is refused later on, as a one-time token
     * is.
     */
    private void useOnce(
            IdentityProviderModel provider,
            JsonWebToken token,
            String subjectToken,
            OIDCIdentityProviderConfig settings,
            EventBuilder event) {
        // Without a jti: the signed part (header and payload), which has one spelling; the
        // signature's Base64 has several.
        String id =
                token.getId() != null && !token.getId().isBlank()
                        ? "jti:" + token.getId()
                        : "jwt:"
                                + subjectToken.substring(
                                        0, Math.max(0, subjectToken.lastIndexOf('.')));
        StoreEntry.Key key =
                StoreEntry.EXCHANGE_USED.key(realm, provider.getAlias(), AddressDigests.exact(id));
        long lifespan =
                Math.max(
                        1,
                        token.getExp()
                                - Time.currentTime()
                                + Math.max(0, settings.getAllowedClockSkew())
                                + 1);
        if (!SingleUseStore.of(session).putIfAbsent(key, lifespan)) {
            event.detail(Details.REASON, "the subject token was exchanged before")
                    .error(Errors.INVALID_TOKEN);
            throw EmporixException.invalidToken();
        }
        SingleUseStore.removeOnRollback(session, key);
    }

    /**
     * The customer the identity stands for: the one linked to it; else, where the tenant allows it,
     * the one whose verified e-mail the provider vouches for (then linked); else a new one (unless
     * the tenant turned that off).
     */
    private UserModel customerOf(
            IdentityProviderModel provider, BrokeredIdentityContext identity, EventBuilder event) {
        UserModel linked =
                session.users()
                        .getUserByFederatedIdentity(
                                realm,
                                new FederatedIdentityModel(
                                        provider.getAlias(), identity.getId(), null));
        if (linked != null) {
            return linked;
        }
        boolean emailVerified = isEmailVerified(provider, identity);
        // Taking over an existing account needs the token's own email_verified: "Trust email" is no
        // proof the person owns the address.
        if (EMAIL_IDENTIFIER.equalsIgnoreCase(TenantSetting.EXCHANGE_IDENTIFIER.text(realm))
                && identity.getEmail() != null
                && tokenSaysEmailVerified(identity)) {
            UserModel byEmail = byEmail(identity.getEmail());
            // Only an address both sides have verified: an unverified one proves nobody owns it.
            if (byEmail != null
                    && byEmail.isEmailVerified()
                    && session.users().getFederatedIdentity(realm, byEmail, provider.getAlias())
                            == null) {
                link(byEmail, provider, identity);
                event.detail(Details.REASON, "linked by verified e-mail");
                return byEmail;
            }
        }
        if (!TenantSetting.EXCHANGE_AUTO_PROVISIONING.flag(realm)) {
            event.detail(Details.REASON, "no linked customer, and auto-provisioning is off")
                    .error(Errors.USER_NOT_FOUND);
            throw EmporixException.notFound("No customer for this identity");
        }
        return provisioned(provider, identity, emailVerified, event);
    }

    /**
     * A new customer through Keycloak's user profile (its validation applies), linked to the
     * identity.
     */
    private UserModel provisioned(
            IdentityProviderModel provider,
            BrokeredIdentityContext identity,
            boolean emailVerified,
            EventBuilder event) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        // An address nobody verified is left out: it would block its real owner's sign-up and hand
        // them an account someone else holds.
        String email = emailVerified ? identity.getEmail() : null;
        attributes.put(
                UserModel.USERNAME,
                List.of(email != null ? email : provider.getAlias() + "." + identity.getId()));
        if (email != null) {
            attributes.put(UserModel.EMAIL, List.of(email));
        }
        if (identity.getFirstName() != null) {
            attributes.put(UserModel.FIRST_NAME, List.of(identity.getFirstName()));
        }
        if (identity.getLastName() != null) {
            attributes.put(UserModel.LAST_NAME, List.of(identity.getLastName()));
        }
        UserModel user;
        try {
            user =
                    new NewCustomers(session, realm)
                            .create(
                                    new NewCustomer(
                                            UserProfileContext.IDP_REVIEW,
                                            attributes,
                                            email != null,
                                            null,
                                            List.of()));
        } catch (NewCustomers.AddressTaken e) {
            event.detail(
                            Details.REASON,
                            "the e-mail belongs to a customer not linked to this identity")
                    .error(Errors.EMAIL_IN_USE);
            throw addressTaken();
        } catch (ValidationException e) {
            event.detail(Details.REASON, "invalid user profile").error(Errors.INVALID_REGISTRATION);
            throw EmporixException.badRequest(
                    "The identity does not make a valid customer profile");
        }
        link(user, provider, identity);
        created = true;
        return user;
    }

    /**
     * A new customer's address is a customer's not linked to the identity: 409, or where the tenant
     * hides who has an account, the answer for an identity without a customer.
     */
    private EmporixException addressTaken() {
        return TenantRealms.isEnumerationSafe(realm)
                ? EmporixException.notFound("No customer for this identity")
                : EmporixException.of(
                        409,
                        "conflict_resource",
                        "A customer with this e-mail exists and is not linked to this identity");
    }

    private void link(
            UserModel user, IdentityProviderModel provider, BrokeredIdentityContext identity) {
        session.users()
                .addFederatedIdentity(
                        realm,
                        user,
                        new FederatedIdentityModel(
                                provider.getAlias(), identity.getId(), identity.getUsername()));
    }

    private UserModel byEmail(String email) {
        try {
            return session.users().getUserByEmail(realm, email);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    /**
     * Whether a new customer's e-mail counts as verified: the token's {@code email_verified}, or
     * the provider's "Trust email" (as in Keycloak's first broker login).
     */
    private static boolean isEmailVerified(
            IdentityProviderModel provider, BrokeredIdentityContext identity) {
        return provider.isTrustEmail() || tokenSaysEmailVerified(identity);
    }

    private static boolean tokenSaysEmailVerified(BrokeredIdentityContext identity) {
        Object token = identity.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        Object claim =
                token instanceof JsonWebToken jwt
                        ? jwt.getOtherClaims().get("email_verified")
                        : null;
        return Boolean.TRUE.equals(claim) || "true".equals(claim);
    }

    /**
     * The token exchange whose checks the provider runs: version 1, Keycloak's external-to-internal
     * exchange (26.5 asks the version; 26.7 has one kind only and asks nothing). It exchanges
     * nothing itself. {@code getVersion} carries no {@code @Override}: 26.7's interface lacks it.
     */
    private static final class ExternalTokenCheck implements TokenExchangeProvider {
        @Override
        public boolean supports(TokenExchangeContext context) {
            return false;
        }

        @Override
        public jakarta.ws.rs.core.Response exchange(TokenExchangeContext context) {
            throw new UnsupportedOperationException("Only the provider's token check is used");
        }

        public int getVersion() {
            return 1;
        }

        @Override
        public void close() {}
    }
}
