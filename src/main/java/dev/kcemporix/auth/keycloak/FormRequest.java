package dev.kcemporix.auth.keycloak;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.security.cert.X509Certificate;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The current request as Keycloak's token machinery expects it: a POST whose form is the one we
 * built. Keycloak's client authenticators and direct-grant authenticators read the form from the
 * request, not from the parameters handed to a grant, hence this decorator.
 */
final class FormRequest implements HttpRequest {

    private final HttpRequest delegate;
    private final MultivaluedMap<String, String> form;
    private final HttpHeaders headers;

    FormRequest(HttpRequest delegate, MultivaluedMap<String, String> form) {
        this.delegate = delegate;
        this.form = form;
        this.headers = new FormHeaders(delegate.getHttpHeaders());
    }

    @Override
    public String getHttpMethod() {
        return "POST";
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return form;
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return delegate.getMultiPartFormParameters();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return headers;
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return delegate.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return delegate.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return delegate.isProxyTrusted();
    }
}
