package dev.kcemporix.auth.sessions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcemporix.auth.api.answer.Described;

/** One of the customer's Keycloak sessions, as the customer sees it. */
@Described("A session of the customer: a device or browser where they are logged in.")
public record CustomerSession(
        @Described("What `DELETE /me/sessions/{id}` takes.") String id,
        @Described("Whether this is the session of the token that asked.") boolean current,
        @Described("When it started (ISO-8601).") String started,
        @Described("When it was last used (ISO-8601).") String lastAccess,
        @Described("When it ends at the latest (ISO-8601); left out when the realm sets no limit.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String expires,
        @Described("The address it started from.") @JsonInclude(JsonInclude.Include.NON_NULL)
                String ipAddress,
        @Described("The storefront client it was started with.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String client,
        @Described(
                        "`true` for an offline session (its refresh token keeps working until the"
                                + " session ends); absent otherwise.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                Boolean offline,
        @Described(
                        "The user id of the staff member who opened this session for the customer"
                                + " (assisted buying); absent otherwise.")
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String assistedBy) {}
