package dev.kcemporix.auth.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Requests released at the same moment: how the races of the suite are sent. */
public final class AtOnce {

    private AtOnce() {}

    /** Runs {@code n} calls (each given its index) released together; their results in order. */
    public static List<HttpResult> all(int n, IntFunction<HttpResult> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResult>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    return call.apply(index);
                                }));
            }
            start.countDown();
            List<HttpResult> results = new ArrayList<>();
            for (Future<HttpResult> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
