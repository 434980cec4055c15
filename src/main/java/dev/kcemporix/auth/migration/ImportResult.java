package dev.kcemporix.auth.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.kcemporix.auth.api.answer.Described;
import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.List;

/** One entry of the customer import's 207 answer, in the order of the request's items. */
@Described("What became of one item of the import.")
@JsonPropertyOrder({"index", "id", "code", "status", "message", "details"})
public record ImportResult(
        @Described("The item's position in the request, from 0.") int index,
        @Described(
                        "The customer number: the one given, or the one assigned; absent when the"
                                + " item carried none and was refused.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String id,
        @Described("201 created, 400 invalid item, 409 e-mail or customer number taken.") int code,
        @Described("`CREATED`, `BAD_REQUEST` or `CONFLICT`.") String status,
        @Described("Why the item was refused.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String message,
        @Described("The fields that were wrong.") @JsonInclude(JsonInclude.Include.NON_NULL)
                List<EmporixException.Detail> details) {

    static ImportResult created(int index, String id) {
        return new ImportResult(index, id, 201, "CREATED", null, null);
    }

    static ImportResult refused(int index, String id, EmporixException e) {
        String status =
                switch (e.status()) {
                    case 409 -> "CONFLICT";
                    default -> "BAD_REQUEST";
                };
        return new ImportResult(
                index,
                id,
                e.status(),
                status,
                e.getMessage(),
                e.details().isEmpty() ? null : e.details());
    }
}
