package dev.kcemporix.auth.anonymous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.kcemporix.auth.error.EmporixException;

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
    void anOverlongNoteIsABadRequestNamingTheField() {
        EmporixException e = assertThrows(EmporixException.class, () -> SessionNotes.of(null, "x".repeat(101), null, null));
        assertEquals(400, e.status());
        assertEquals("siteCode", e.details().get(0).field());
    }
}
