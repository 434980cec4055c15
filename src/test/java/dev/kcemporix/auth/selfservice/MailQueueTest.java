package dev.kcemporix.auth.selfservice;

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
            assertTrue(queue.offer(() -> {
                sending.countDown();
                await(smtpStalls);
                sent.incrementAndGet();
            }));
            assertTrue(sending.await(5, TimeUnit.SECONDS), "the sender took the first mail");
            for (int i = 0; i < 3; i++) {
                assertTrue(queue.offer(sent::incrementAndGet), "mail " + (i + 2) + " fits the queue");
            }
            assertFalse(queue.offer(sent::incrementAndGet), "a fifth mail while the queue is full");
            smtpStalls.countDown();
        } finally {
            senders.shutdown();
            assertTrue(senders.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(4, sent.get());
        assertFalse(queue.offer(sent::incrementAndGet), "a stopped queue takes nothing");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
