package dev.kcemporix.auth.keycloak;

import jakarta.ws.rs.core.AbstractMultivaluedMap;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request's headers as a form POST to the token endpoint would carry them: a form content type
 * (Keycloak's client authenticators read the form only then) and no bearer token (the storefront's
 * bearer is not a client credential; a Basic client credential is kept).
 */
final class FormHeaders implements HttpHeaders {

    private final HttpHeaders delegate;

    /** Header names are case-insensitive; Keycloak looks them up in canonical case. */
    private final MultivaluedMap<String, String> headers =
            new AbstractMultivaluedMap<String, String>(
                    new TreeMap<>(String.CASE_INSENSITIVE_ORDER)) {};

    FormHeaders(HttpHeaders delegate) {
        this.delegate = delegate;
        delegate.getRequestHeaders()
                .forEach(
                        (name, values) -> {
                            if (!name.equalsIgnoreCase(CONTENT_TYPE)
                                    && !name.equalsIgnoreCase(CONTENT_LENGTH)
                                    && !(name.equalsIgnoreCase(AUTHORIZATION)
                                            && !isBasic(values))) {
                                headers.put(name, values);
                            }
                        });
        headers.putSingle(CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED);
    }

    private static boolean isBasic(List<String> values) {
        return values.size() == 1 && values.get(0).regionMatches(true, 0, "Basic ", 0, 6);
    }

    @Override
    public List<String> getRequestHeader(String name) {
        return headers.get(name);
    }

    @Override
    public String getHeaderString(String name) {
        List<String> values = getRequestHeader(name);
        return values == null ? null : String.join(",", values);
    }

    @Override
    public MultivaluedMap<String, String> getRequestHeaders() {
        return headers;
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
        return delegate.getAcceptableMediaTypes();
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
        return delegate.getAcceptableLanguages();
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.APPLICATION_FORM_URLENCODED_TYPE;
    }

    @Override
    public Locale getLanguage() {
        return delegate.getLanguage();
    }

    @Override
    public Map<String, Cookie> getCookies() {
        return delegate.getCookies();
    }

    @Override
    public Date getDate() {
        return delegate.getDate();
    }

    @Override
    public int getLength() {
        return -1;
    }
}
