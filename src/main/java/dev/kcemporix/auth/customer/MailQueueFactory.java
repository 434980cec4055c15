package dev.kcemporix.auth.customer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * Owns the node's mail senders: {@code threads} of them (default {@value #DEFAULT_THREADS}) and a
 * queue of at most {@code capacity} mails (default {@value #DEFAULT_CAPACITY}), of which one tenant
 * may hold {@code tenantShare} (default a quarter), set with {@code
 * --spi-emporix-mail-queue--default--threads}, {@code ...--capacity} and {@code ...--tenant-share}.
 * When the node stops, queued mails are still sent for up to {@value #DRAIN_SECONDS} s; what is
 * left then is logged.
 */
public class MailQueueFactory implements ProviderFactory<MailQueue> {

    static final int DEFAULT_THREADS = 2;
    static final int DEFAULT_CAPACITY = 1000;
    static final int DRAIN_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(MailQueueFactory.class);

    private ThreadPoolExecutor senders;
    private int tenantShare;

    /**
     * The node's queue counted per tenant (a queue is the node's own: nothing here is needed by
     * another node).
     */
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    @Override
    public MailQueue create(KeycloakSession session) {
        return new MailQueue(senders, tenantShare, waiting);
    }

    @Override
    public void init(Config.Scope config) {
        int capacity = Math.max(1, config.getInt("capacity", DEFAULT_CAPACITY));
        senders = senders(Math.max(1, config.getInt("threads", DEFAULT_THREADS)), capacity);
        tenantShare = Math.max(1, config.getInt("tenantShare", defaultShare(capacity)));
    }

    /** A quarter of the queue: one tenant's flood leaves three quarters to the others. */
    static int defaultShare(int capacity) {
        return Math.max(1, capacity / 4);
    }

    /**
     * {@code threads} senders taking mails from a queue of at most {@code capacity}; a mail beyond
     * it is refused.
     */
    static ThreadPoolExecutor senders(int threads, int capacity) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity),
                task -> {
                    Thread thread = new Thread(task, "emporix-mail-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {
        if (senders == null) {
            return;
        }
        senders.shutdown();
        try {
            if (!senders.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                List<Runnable> unsent = senders.shutdownNow();
                LOG.warnf(
                        "Stopping with %d self-service e-mails still queued: they were not sent",
                        unsent.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name("threads")
                .type("int")
                .helpText("Threads sending self-service e-mails")
                .defaultValue(DEFAULT_THREADS)
                .add()
                .property()
                .name("capacity")
                .type("int")
                .helpText(
                        "Self-service e-mails that may wait to be sent; more are refused as an"
                                + " event error")
                .defaultValue(DEFAULT_CAPACITY)
                .add()
                .property()
                .name("tenantShare")
                .type("int")
                .helpText(
                        "Self-service e-mails one tenant may have waiting at once (default: a"
                            + " quarter of the capacity), so one shop's flood does not crowd out"
                            + " the others' mails")
                .add()
                .build();
    }

    @Override
    public String getId() {
        return "default";
    }
}
