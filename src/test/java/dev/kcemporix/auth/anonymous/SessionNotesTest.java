package dev.kcemporix.auth.anonymous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcemporix.auth.api.answer.EmporixException;
import org.junit.jupiter.api.Test;

class SessionNotesTest {

    @Test
    void emptyValuesAreNoNotes() {
        assertTrue(SessionNotes.of("", null, "", null).isEmpty());
    }

    @Test
    void newerNotesReplaceOnlyWhatTheySet() {
        SessionNotes kept = SessionNotes.of("EUR", "main", "de", null);
        SessionNotes updated = kept.updatedBy(SessionNotes.of(null, null, "en", "DE"));
        assertEquals(new SessionNotes("EUR", "main", "en", "DE"), updated);
    }

    @Test
    void controlCharactersAndUndecodableBytesAreRejected() {
        assertEquals(
                400,
                assertThrows(
                                EmporixException.class,
                                () -> SessionNotes.of("EU\u0000R", null, null, null))
                        .status());
        assertEquals(
                400,
                assertThrows(
                                EmporixException.class,
                                () -> SessionNotes.of(null, null, "\uFFFD\uFFFD", null))
                        .status());
        assertEquals(
                400,
                assertThrows(
                                EmporixException.class,
                                () -> SessionNotes.of(null, "main\r\nX-Injected: 1", null, null))
                        .status());
    }

    @Test
    void ordinaryCodesAndNamesAreAccepted() {
        assertEquals(
                new SessionNotes("EUR", "main-DE", "de_CH", "Zürich, CH"),
                SessionNotes.of("EUR", "main-DE", "de_CH", "Zürich, CH"));
    }

    @Test
    void anOverlongNoteIsABadRequestNamingTheField() {
        EmporixException e =
                assertThrows(
                        EmporixException.class,
                        () -> SessionNotes.of(null, "x".repeat(101), null, null));
        assertEquals(400, e.status());
        assertEquals("siteCode", e.details().get(0).field());
    }
}
