package dev.kcemporix.auth.assisted;

import dev.kcemporix.auth.anonymous.AnonymousAccessToken;
import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.customer.CustomerNumbers;
import dev.kcemporix.auth.customer.StorefrontLinks;
import dev.kcemporix.auth.keycloak.AddressDigests;
import dev.kcemporix.auth.keycloak.Events;
import dev.kcemporix.auth.keycloak.Impersonation;
import dev.kcemporix.auth.keycloak.SingleUseStore;
import dev.kcemporix.auth.keycloak.StoreEntry;
import dev.kcemporix.auth.login.CustomerLogin;
import dev.kcemporix.auth.login.CustomerTokenResponse;
import dev.kcemporix.auth.tenant.TenantRealms;
import dev.kcemporix.auth.tenant.TenantSetting;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessTokenResponse;

/**
 * Assisted buying (docs/endpoints.md, *Assisted buying*): a staff member opens a customer's
 * storefront session, as Keycloak's impersonation does, through Keycloak's password grant for the
 * tenant's storefront client with a stand-in password, so a disabled or locked customer, a pending
 * required action and the client's checks refuse it as they refuse a login. What is ours: the
 * session is marked with the staff member and a cap ({@link Impersonation}), its tokens name them
 * ({@link ActorMapper}), Keycloak's {@code IMPERSONATE} event names staff member, customer and
 * client, and the hand-off: a one-time code in place of tokens, kept as a digest in Keycloak's
 * single-use store for 60 seconds, redeemed once by the storefront client with a visitor's
 * anonymous token.
 */
final class AssistedBuying {

    static final int HANDOFF_SECONDS = 60;

    /** The longest an assisted session may live, whatever the tenant's setting says. */
    static final int MAX_CAP_SECONDS = 86_400;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;

    AssistedBuying(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Emporix's call: the customer's tokens, handed to the staff member's back office. */
    AssistedLoginResponse login(Employee employee, String customerNumber) {
        EventBuilder event = event(employee);
        ClientModel storefront = storefront(event);
        UserModel customer = customer(customerNumber, event);
        CustomerLogin.Started started =
                started(null, storefront, customer, actingFor(employee), event);
        AccessTokenResponse tokens = started.tokens();
        return new AssistedLoginResponse(
                tokens.getToken(),
                started.saasToken(),
                tokens.getExpiresIn(),
                tokens.getRefreshToken(),
                tokens.getRefreshExpiresIn());
    }

    /** The hand-off: a code for the storefront instead of tokens. */
    HandoffResponse handoff(Employee employee, String customerNumber, String site) {
        EventBuilder event = event(employee);
        ClientModel storefront = storefront(event);
        UserModel customer = customer(customerNumber, event);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        SingleUseStore.of(session)
                .put(
                        key(code),
                        HANDOFF_SECONDS,
                        Map.of(
                                "customer", customer.getId(),
                                "actor", employee.user().getId(),
                                "actorUsername", employee.user().getUsername(),
                                "actorClient", employee.client().getClientId(),
                                "client", storefront.getClientId(),
                                "until", Long.toString(Time.currentTime() + HANDOFF_SECONDS)));
        // Forgotten if the request fails after all.
        SingleUseStore.removeOnRollback(session, key(code));
        event.user(customer).detail("handoff", "issued").success();
        String shop =
                StorefrontLinks.base(
                        realm,
                        site != null && !site.isBlank()
                                ? site
                                : customer.getFirstAttribute("preferredSite"));
        return new HandoffResponse(code, HANDOFF_SECONDS, shop);
    }

    /**
     * The storefront redeems a hand-off code with a visitor's anonymous token of the tenant's
     * storefront client: the login answer of docs/endpoints.md, *Customer login*, the visitor's
     * {@code sessionId} kept. A used, expired, unknown or other tenant's code, or another client's
     * visitor: 400, one answer for all.
     */
    CustomerTokenResponse redeem(AnonymousAccessToken visitor, ClientModel client, String code) {
        EventBuilder event =
                Events.of(session, realm, EventType.IMPERSONATE)
                        .client(client)
                        .detail("handoff", "redeemed");
        // Taken before anything else: of two redemptions at once, on any node, one gets it.
        Map<String, String> handoff = SingleUseStore.of(session).remove(key(code));
        String refusal = refusalOf(handoff, client);
        UserModel customer =
                refusal == null
                        ? session.users().getUserById(realm, handoff.get("customer"))
                        : null;
        if (refusal == null && (customer == null || !customer.isEnabled())) {
            refusal = "the customer is gone or disabled";
        }
        if (refusal == null
                && !Employee.holdsStaffRole(
                        realm, session.users().getUserById(realm, handoff.get("actor")))) {
            refusal = "the staff member who issued it may no longer act for customers";
        }
        if (refusal != null) {
            event.detail(Details.REASON, refusal).error(Errors.INVALID_CODE);
            throw EmporixException.badRequest(
                    "The hand-off code is not valid",
                    new EmporixException.Detail(
                            "handoffCode", "invalid", "The code is used, expired or unknown"));
        }
        event.detail(Events.IMPERSONATOR_ID, handoff.get("actor"))
                .detail(Details.IMPERSONATOR, handoff.get("actorUsername"))
                .detail(Details.IMPERSONATOR_REALM, realm.getName());
        Impersonation impersonation =
                new Impersonation(
                        handoff.get("actor"),
                        handoff.get("actorUsername"),
                        handoff.get("actorClient"),
                        cap());
        CustomerLogin.Started started = started(visitor, client, customer, impersonation, event);
        return CustomerLogin.answer(started);
    }

    private String refusalOf(Map<String, String> handoff, ClientModel client) {
        if (handoff == null) {
            return "no such code: used, expired, unknown or another tenant's";
        }
        if (!client.getClientId().equals(handoff.get("client"))) {
            return "the code is for another storefront client";
        }
        try {
            if (Long.parseLong(handoff.get("until")) <= Time.currentTime()) {
                return "the code expired";
            }
        } catch (NumberFormatException e) {
            return "the code expired";
        }
        return null;
    }

    /** The impersonation {@code employee} starts now, capped by the tenant's setting. */
    private Impersonation actingFor(Employee employee) {
        return new Impersonation(
                employee.user().getId(),
                employee.user().getUsername(),
                employee.client().getClientId(),
                cap());
    }

    private CustomerLogin.Started started(
            AnonymousAccessToken visitor,
            ClientModel storefront,
            UserModel customer,
            Impersonation impersonation,
            EventBuilder event) {
        event.user(customer);
        CustomerLogin.Started started;
        try {
            started =
                    new CustomerLogin(session, realm)
                            .startImpersonated(visitor, storefront, customer, impersonation);
        } catch (EmporixException e) {
            if (e.status() != 401) {
                event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_CLIENT);
                throw e;
            }
            event.detail(Details.REASON, "Keycloak refused a session for the customer")
                    .error(customer.isEnabled() ? Errors.NOT_ALLOWED : Errors.USER_DISABLED);
            throw EmporixException.badRequest(
                    "The customer cannot be signed in now (disabled, locked or not fully set up)");
        }
        // Keycloak's refresh token says nothing of the cap: the answer does.
        AccessTokenResponse tokens = started.tokens();
        tokens.setRefreshExpiresIn(
                impersonation.secondsLeft(Time.currentTime(), tokens.getRefreshExpiresIn()));
        event.session(started.userSession()).success();
        return started;
    }

    /** The epoch second the session ends at the latest: a day at most, whatever the setting. */
    private long cap() {
        return (long) Time.currentTime()
                + Math.min(
                        MAX_CAP_SECONDS, TenantSetting.ASSISTED_BUYING_MAX_SECONDS.seconds(realm));
    }

    /** The IMPERSONATE event of this staff member, as Keycloak's admin impersonation writes it. */
    private EventBuilder event(Employee employee) {
        return Events.of(session, realm, EventType.IMPERSONATE)
                .detail(Details.IMPERSONATOR_REALM, realm.getName())
                .detail(Details.IMPERSONATOR, employee.user().getUsername())
                .detail(Events.IMPERSONATOR_ID, employee.user().getId())
                .detail("impersonator_client", employee.client().getClientId());
    }

    /**
     * The storefront client whose sessions staff open: the tenant's setting, else its only
     * storefront client; null when it names none (or no storefront client).
     */
    static ClientModel storefrontClient(RealmModel realm) {
        String named = TenantSetting.ASSISTED_BUYING_CLIENT.text(realm);
        ClientModel client;
        if (named != null) {
            client = realm.getClientByClientId(named);
        } else {
            List<ClientModel> all = TenantRealms.storefrontClients(realm).limit(2).toList();
            client = all.size() == 1 ? all.get(0) : null;
        }
        return client != null && TenantRealms.isStorefrontClient(realm, client) ? client : null;
    }

    private ClientModel storefront(EventBuilder event) {
        ClientModel client = storefrontClient(realm);
        if (client == null) {
            event.detail(Details.REASON, "no storefront client for assisted buying")
                    .error(Errors.CLIENT_NOT_FOUND);
            throw EmporixException.notConfigured(
                    "Assisted buying names no storefront client; an administrator can see why in"
                            + " the tenant's health report");
        }
        event.client(client);
        return client;
    }

    /** The customer with {@code number}; none (or several): 404; disabled: 400. */
    private UserModel customer(String number, EventBuilder event) {
        UserModel customer = CustomerNumbers.holder(session, realm, number);
        if (customer == null) {
            event.detail(Details.REASON, "no customer with this number")
                    .error(Errors.USER_NOT_FOUND);
            throw EmporixException.notFound("No customer with this customer number");
        }
        if (!isCustomer(customer)) {
            // Said like an unknown number: nothing tells staff that an admin has one.
            event.user(customer)
                    .detail(Details.REASON, "not a customer: a service account, staff or an admin")
                    .error(Errors.NOT_ALLOWED);
            throw EmporixException.notFound("No customer with this customer number");
        }
        if (!customer.isEnabled()) {
            event.user(customer)
                    .detail(Details.REASON, "the customer is disabled")
                    .error(Errors.USER_DISABLED);
            throw EmporixException.badRequest("The customer is disabled");
        }
        return customer;
    }

    /**
     * Whether staff may open {@code user}'s session: not a service account, not staff, and no role
     * of the realm's administration (an admin's session on the storefront client carries their
     * roles, and Keycloak's admin API takes it).
     */
    private boolean isCustomer(UserModel user) {
        if (user.getServiceAccountClientLink() != null) {
            return false;
        }
        RoleModel staff = realm.getRole(AssistedBuyingResource.STAFF_ROLE);
        if (staff != null && user.hasRole(staff)) {
            return false;
        }
        ClientModel administration =
                realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return administration == null || administration.getRolesStream().noneMatch(user::hasRole);
    }

    private StoreEntry.Key key(String code) {
        return StoreEntry.HANDOFF_CODE.key(realm, AddressDigests.exact(code));
    }
}
