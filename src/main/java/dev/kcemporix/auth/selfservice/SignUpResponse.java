package dev.kcemporix.auth.selfservice;

import dev.kcemporix.auth.api.answer.Described;

/** The body of a sign-up: the new customer's number, no tokens. */
@Described("The new customer.")
public record SignUpResponse(@Described("The customer number.") String id) {}
