package dev.kcemporix.auth.api.answer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The contract's error shape for everything but a refused token. */
@Described(
        "An error: `status` repeats the HTTP status, `type` is a lowercase snake_case code a client"
                + " can branch on.")
public record ErrorBody(
        @Described("The HTTP status of the answer.") int status,
        @Described(
                        "What went wrong, as a lowercase snake_case code (`bad_request`,"
                                + " `unauthorized`, `otp_required`, `conflict_resource`, …).")
                String type,
        @Described("A sentence for a developer; never an e-mail address, password or token.")
                String message,
        @Described("The fields that were refused, when the request named any.")
                @JsonInclude(JsonInclude.Include.NON_EMPTY)
                List<EmporixException.Detail> details) {}
