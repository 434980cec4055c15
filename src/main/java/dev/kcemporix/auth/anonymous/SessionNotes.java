package dev.kcemporix.auth.anonymous;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.regex.Pattern;

/**
 * The optional storefront context a visitor's session carries ({@code currency}, {@code siteCode},
 * {@code language}, {@code targetLocation}). Kept inside the anonymous tokens, so a refresh keeps
 * them without any server-side state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionNotes(
        @JsonProperty("currency") String currency,
        @JsonProperty("siteCode") String siteCode,
        @JsonProperty("language") String language,
        @JsonProperty("targetLocation") String targetLocation) {

    static final int MAX_LENGTH = 100;

    /**
     * Letters, digits, marks, punctuation and spaces: no control characters, no undecodable bytes
     * (U+FFFD).
     */
    private static final Pattern PRINTABLE =
            Pattern.compile("[\\p{L}\\p{M}\\p{N}\\p{P}\\p{Zs}\\p{S}&&[^\\uFFFD]]+");

    public static final SessionNotes NONE = new SessionNotes(null, null, null, null);

    /** Notes from request parameters; each must be short. */
    public static SessionNotes of(
            String currency, String siteCode, String language, String targetLocation) {
        return new SessionNotes(
                checked("currency", currency),
                checked("siteCode", siteCode),
                checked("language", language),
                checked("targetLocation", targetLocation));
    }

    /** These notes, with every note that {@code newer} sets taking its place. */
    public SessionNotes updatedBy(SessionNotes newer) {
        return new SessionNotes(
                newer.currency != null ? newer.currency : currency,
                newer.siteCode != null ? newer.siteCode : siteCode,
                newer.language != null ? newer.language : language,
                newer.targetLocation != null ? newer.targetLocation : targetLocation);
    }

    public boolean isEmpty() {
        return currency == null && siteCode == null && language == null && targetLocation == null;
    }

    private static String checked(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            throw EmporixException.badRequest(
                    "Invalid parameter " + field,
                    new EmporixException.Detail(
                            field,
                            "too_long",
                            field + " must be at most " + MAX_LENGTH + " characters"));
        }
        if (!PRINTABLE.matcher(value).matches()) {
            throw EmporixException.badRequest(
                    "Invalid parameter " + field,
                    new EmporixException.Detail(
                            field, "invalid", field + " must be printable text"));
        }
        return value;
    }
}
