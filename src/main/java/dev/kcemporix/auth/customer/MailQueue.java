package dev.kcemporix.auth.customer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.keycloak.provider.Provider;

/**
 * The node's queue of self-service e-mails waiting to be sent: bounded, so a flood of requests
 * cannot fill the heap with mails, and drained when the node stops ({@link MailQueueFactory}). One
 * tenant may hold at most its share of the queue, so a flood at one shop cannot crowd out the mails
 * of the others. A mail the queue cannot take is refused to the caller, who records it as a
 * Keycloak event error.
 */
public final class MailQueue implements Provider {

    private final Executor senders;
    private final int tenantShare;

    /** Mails of each tenant taken but not yet being sent: the node's queue, counted per tenant. */
    private final Map<String, AtomicInteger> waiting;

    MailQueue(Executor senders, int tenantShare, Map<String, AtomicInteger> waiting) {
        this.senders = senders;
        this.tenantShare = tenantShare;
        this.waiting = waiting;
    }

    /** A queue with no per-tenant share (every tenant may fill it). */
    MailQueue(Executor senders) {
        this(senders, Integer.MAX_VALUE, new ConcurrentHashMap<>());
    }

    /**
     * Queues {@code delivery}, a mail of tenant {@code realmId}; false when the queue or the
     * tenant's share is full (or the node is stopping).
     */
    boolean offer(String realmId, Runnable delivery) {
        AtomicInteger tenant = waiting.computeIfAbsent(realmId, id -> new AtomicInteger());
        if (tenant.incrementAndGet() > tenantShare) {
            tenant.decrementAndGet();
            return false;
        }
        try {
            senders.execute(
                    () -> {
                        tenant.decrementAndGet();
                        delivery.run();
                    });
            return true;
        } catch (RejectedExecutionException e) {
            tenant.decrementAndGet();
            return false;
        }
    }

    /**
     * Queues a security notice: held to the queue's capacity, not to its tenant's share (a flood of
     * other mails must not crowd it out).
     */
    boolean offerNotice(Runnable delivery) {
        try {
            senders.execute(delivery);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {}
}
