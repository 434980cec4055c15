package dev.kcemporix.auth.keycloak;

import dev.kcemporix.auth.api.answer.EmporixException;
import dev.kcemporix.auth.api.answer.EmporixException.Detail;

/** The label a customer gives a credential of theirs (a one-time-code device, a passkey). */
public final class CredentialLabels {

    /** Keycloak's credential table holds labels of up to 255 characters. */
    public static final int MAX = 255;

    private CredentialLabels() {}

    /** 400 naming {@code label} when Keycloak could not store it. */
    public static void check(String label) {
        if (label != null && label.length() > MAX) {
            throw EmporixException.badRequest(
                    "The label is too long",
                    new Detail(
                            "label", "too_long", "label must be at most " + MAX + " characters"));
        }
    }
}
