package dev.kcemporix.auth.tenant;

/**
 * One thing missing or contradictory in a tenant's setup, with the fix.
 *
 * @param id a stable name for the finding, for scripts and tests
 * @param problem what is wrong, and what it breaks
 * @param fix what to do, with the console path
 */
public record HealthFinding(String id, String problem, String fix) {}
