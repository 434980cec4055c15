package dev.kcemporix.auth.passkeys;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The registration of a passkey by Keycloak's own "register passkey" action ({@code
 * webauthn-register-passwordless}), fed a REST ceremony instead of its login page's form: Keycloak
 * verifies the attestation against the realm's passwordless policy (challenge, origins, relying
 * party, user verification, algorithms, attestation statement and its trust, acceptable
 * authenticators), stores the {@code webauthn-passwordless} credential and writes its {@code
 * UPDATE_CREDENTIAL} event. Nothing of that is done here: this class only hands the action the form
 * fields its page would post and the challenge its authentication session would hold, and reads
 * whether it succeeded.
 *
 * <p>The action reads a small part of its context; the context here answers that part and refuses
 * the rest loudly, so a Keycloak version that reads more fails a test instead of registering
 * unchecked.
 */
final class KeycloakPasskeyRegistration {

    /** What the attestation the storefront got from {@code navigator.credentials.create} holds. */
    record Attestation(
            String credentialId,
            String clientDataJson,
            String attestationObject,
            String transports,
            String authenticatorAttachment) {}

    private KeycloakPasskeyRegistration() {}

    /**
     * Runs Keycloak's action for {@code user}; null when it stored the credential, else why it
     * refused (also written to {@code event}).
     */
    static String register(
            KeycloakSession session,
            RealmModel realm,
            ClientModel client,
            UserModel user,
            EventBuilder event,
            String challenge,
            Attestation attestation,
            String label) {
        RequiredActionProvider action =
                session.getProvider(
                        RequiredActionProvider.class,
                        WebAuthnPasswordlessRegisterFactory.PROVIDER_ID);
        if (action == null) {
            return "Keycloak's passkey registration is not available";
        }
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(WebAuthnConstants.CLIENT_DATA_JSON, attestation.clientDataJson());
        form.putSingle(WebAuthnConstants.ATTESTATION_OBJECT, attestation.attestationObject());
        form.putSingle(WebAuthnConstants.PUBLIC_KEY_CREDENTIAL_ID, attestation.credentialId());
        if (label != null) {
            form.putSingle(WebAuthnConstants.AUTHENTICATOR_LABEL, label);
        }
        if (attestation.transports() != null) {
            form.putSingle(WebAuthnConstants.TRANSPORTS, attestation.transports());
        }
        if (attestation.authenticatorAttachment() != null) {
            form.putSingle(
                    WebAuthnConstants.AUTHENTICATOR_ATTACHMENT,
                    attestation.authenticatorAttachment());
        }
        Context context = new Context(session, realm, client, user, event, challenge, form);
        action.processAction(context);
        return context.status == RequiredActionContext.Status.SUCCESS
                ? null
                : context.error != null ? context.error : "Keycloak refused the passkey";
    }

    /** The part of a required action's context Keycloak's passkey registration reads. */
    private static final class Context implements RequiredActionContext {

        private final KeycloakSession session;
        private final RealmModel realm;
        private final UserModel user;
        private final EventBuilder event;
        private final AuthenticationSessionModel authenticationSession;
        private final HttpRequest request;
        private Status status;
        private String error;
        private Response challengeResponse;

        Context(
                KeycloakSession session,
                RealmModel realm,
                ClientModel client,
                UserModel user,
                EventBuilder event,
                String challenge,
                MultivaluedMap<String, String> form) {
            this.session = session;
            this.realm = realm;
            this.user = user;
            this.event = event;
            Map<String, String> notes = new HashMap<>();
            notes.put(WebAuthnConstants.AUTH_CHALLENGE_NOTE, challenge);
            this.authenticationSession =
                    only(
                            AuthenticationSessionModel.class,
                            (method, args) ->
                                    switch (method.getName()) {
                                        case "getAuthNote" -> notes.get((String) args[0]);
                                        case "removeAuthNote" -> notes.remove((String) args[0]);
                                        case "setAuthNote" ->
                                                notes.put((String) args[0], (String) args[1]);
                                        case "getRealm" -> realm;
                                        case "getClient" -> client;
                                        case "getAuthenticatedUser" -> user;
                                        default -> unread(method);
                                    });
            HttpRequest real = session.getContext().getHttpRequest();
            this.request =
                    only(
                            HttpRequest.class,
                            (method, args) ->
                                    "getDecodedFormParameters".equals(method.getName())
                                            ? form
                                            : invoke(real, method, args));
        }

        @Override
        public String getAction() {
            return WebAuthnPasswordlessRegisterFactory.PROVIDER_ID;
        }

        @Override
        public URI getActionUrl(String code) {
            throw new UnsupportedOperationException("no action URL: a REST ceremony");
        }

        @Override
        public URI getActionUrl() {
            throw new UnsupportedOperationException("no action URL: a REST ceremony");
        }

        /** A form that renders nothing: the refusal is read from the status and the event. */
        @Override
        public LoginFormsProvider form() {
            return only(
                    LoginFormsProvider.class,
                    (method, args) -> {
                        if (method.getName().equals("setError") && args.length > 0) {
                            error = String.valueOf(args[0]);
                        }
                        if (LoginFormsProvider.class.isAssignableFrom(method.getReturnType())) {
                            return form();
                        }
                        if (Response.class.isAssignableFrom(method.getReturnType())) {
                            return Response.status(Response.Status.BAD_REQUEST).build();
                        }
                        return null;
                    });
        }

        @Override
        public Response getChallenge() {
            return challengeResponse;
        }

        @Override
        public EventBuilder getEvent() {
            return event;
        }

        @Override
        public UserModel getUser() {
            return user;
        }

        @Override
        public RealmModel getRealm() {
            return realm;
        }

        @Override
        public AuthenticationSessionModel getAuthenticationSession() {
            return authenticationSession;
        }

        @Override
        public ClientConnection getConnection() {
            return session.getContext().getConnection();
        }

        @Override
        public UriInfo getUriInfo() {
            return session.getContext().getUri();
        }

        @Override
        public KeycloakSession getSession() {
            return session;
        }

        @Override
        public HttpRequest getHttpRequest() {
            return request;
        }

        @Override
        public RequiredActionConfigModel getConfig() {
            return realm.getRequiredActionConfigByAlias(getAction());
        }

        @Override
        public String generateCode() {
            throw new UnsupportedOperationException("no action code: a REST ceremony");
        }

        @Override
        public Status getStatus() {
            return status;
        }

        @Override
        public String getErrorMessage() {
            return error;
        }

        @Override
        public void challenge(Response response) {
            status = Status.CHALLENGE;
            challengeResponse = response;
        }

        @Override
        public void failure(String message) {
            status = Status.FAILURE;
            error = message;
        }

        @Override
        public void success() {
            status = Status.SUCCESS;
        }

        @Override
        public void cancel() {
            status = Status.CANCELLED;
        }

        @Override
        public void ignore() {
            status = Status.IGNORE;
        }
    }

    private interface Answer {
        Object answer(Method method, Object[] args);
    }

    /** An implementation of {@code type} that answers what {@code answer} answers. */
    private static <T> T only(Class<T> type, Answer answer) {
        return type.cast(
                Proxy.newProxyInstance(
                        KeycloakPasskeyRegistration.class.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            if (method.getDeclaringClass() == Object.class) {
                                return switch (method.getName()) {
                                    case "equals" -> proxy == args[0];
                                    case "hashCode" -> System.identityHashCode(proxy);
                                    default -> type.getSimpleName() + " of a passkey ceremony";
                                };
                            }
                            return answer.answer(method, args == null ? new Object[0] : args);
                        }));
    }

    private static Object unread(Method method) {
        throw new UnsupportedOperationException(
                "Keycloak's passkey registration read "
                        + method.getDeclaringClass().getSimpleName()
                        + "."
                        + method.getName()
                        + ", which a REST ceremony does not have");
    }

    private static Object invoke(Object target, Method method, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
