package dev.kcemporix.auth.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The node's mail queue holds at most its capacity, refuses the rest, and sends what it took. */
class MailQueueTest {

    @Test
    void aFullQueueRefusesTheNextMailAndSendsEveryOneItTook() throws InterruptedException {
        ThreadPoolExecutor senders = MailQueueFactory.senders(1, 3);
        MailQueue queue = new MailQueue(senders);
        CountDownLatch smtpStalls = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        try {
            assertTrue(
                    queue.offer(
                            "shop",
                            () -> {
                                sending.countDown();
                                await(smtpStalls);
                                sent.incrementAndGet();
                            }));
            assertTrue(sending.await(5, TimeUnit.SECONDS), "the sender took the first mail");
            for (int i = 0; i < 3; i++) {
                assertTrue(
                        queue.offer("shop", sent::incrementAndGet),
                        "mail " + (i + 2) + " fits the queue");
            }
            assertFalse(
                    queue.offer("shop", sent::incrementAndGet),
                    "a fifth mail while the queue is full");
            smtpStalls.countDown();
        } finally {
            senders.shutdown();
            assertTrue(senders.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(4, sent.get());
        assertFalse(queue.offer("shop", sent::incrementAndGet), "a stopped queue takes nothing");
    }

    @Test
    void oneTenantsFloodLeavesTheOtherTenantsTheirShare() throws InterruptedException {
        ThreadPoolExecutor senders = MailQueueFactory.senders(1, 8);
        MailQueue queue = new MailQueue(senders, 2, new java.util.concurrent.ConcurrentHashMap<>());
        CountDownLatch smtpStalls = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        try {
            assertTrue(
                    queue.offer(
                            "flooded",
                            () -> {
                                sending.countDown();
                                await(smtpStalls);
                            }));
            assertTrue(sending.await(5, TimeUnit.SECONDS), "the sender took the first mail");
            assertTrue(queue.offer("flooded", sent::incrementAndGet));
            assertTrue(queue.offer("flooded", sent::incrementAndGet));
            for (int i = 0; i < 10; i++) {
                assertFalse(
                        queue.offer("flooded", sent::incrementAndGet),
                        "beyond the flooded tenant's share");
            }
            assertTrue(
                    queue.offer("other", sent::incrementAndGet),
                    "another tenant's mail still fits");
            assertTrue(queue.offer("other", sent::incrementAndGet));
            smtpStalls.countDown();
        } finally {
            senders.shutdown();
            assertTrue(senders.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(4, sent.get());
    }

    @Test
    void aTenantsShareIsAQuarterOfTheQueueByDefault() {
        assertEquals(250, MailQueueFactory.defaultShare(1000));
        assertEquals(1, MailQueueFactory.defaultShare(2));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
