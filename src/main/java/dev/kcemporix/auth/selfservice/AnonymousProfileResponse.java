package dev.kcemporix.auth.selfservice;

import dev.kcemporix.auth.api.answer.Described;
import java.util.List;

/** The body of {@code GET /me} for an anonymous token: a visitor, not a customer. */
@Described("A visitor who has not logged in.")
public record AnonymousProfileResponse(
        @Described("Always `Anonymous`.") String firstName,
        @Described("Always `00000000`.") String customerNumber,
        @Described("Always empty.") List<ProfileResponse.Account> accounts) {

    static final AnonymousProfileResponse VISITOR =
            new AnonymousProfileResponse("Anonymous", "00000000", List.of());
}
