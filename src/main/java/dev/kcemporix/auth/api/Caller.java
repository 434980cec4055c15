package dev.kcemporix.auth.api;

import dev.kcemporix.auth.api.answer.EmporixException;
import java.util.function.Function;

/**
 * Who may call a route, and how the request layer finds them before the handler runs (as it finds
 * the tenant): a visitor's anonymous token, a customer's token, a service token. The resolution is
 * the caller's own code, from the layers that know those tokens; a request without such a caller is
 * refused there, in the contract's shape, and never reaches the handler.
 *
 * @param access what the API document states of it
 * @param resolve the caller of a request, or an {@link EmporixException}
 * @param <T> what the handler is handed
 */
public record Caller<T>(Route.Access access, Function<EmporixRequest, T> resolve) {}
