package dev.kcemporix.auth.selfservice;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.keycloak.provider.Provider;

/**
 * The node's queue of self-service e-mails waiting to be sent: bounded, so a flood of requests
 * cannot fill the heap with mails, and drained when the node stops ({@link MailQueueFactory}). A mail
 * the queue cannot take is refused to the caller, who records it as a Keycloak event error.
 */
public final class MailQueue implements Provider {

    private final Executor senders;

    MailQueue(Executor senders) {
        this.senders = senders;
    }

    /** Queues {@code delivery}; false when the queue is full (or the node is stopping). */
    boolean offer(Runnable delivery) {
        try {
            senders.execute(delivery);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
    }
}
