package io.nightshift.jobs.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a stage's independent steps (each its own Spark jobs and Delta commits, on different tables) on a few
 * driver threads. Small writes are dominated by driver-side planning and commit work, which then overlaps
 * with another step's tasks. Every step is waited for, and the first failure in step order is rethrown, so
 * the error a run reports does not depend on which thread failed first.
 */
public final class ParallelSteps {
    private ParallelSteps() {}

    public static <T> List<T> run(String name, int threads, List<Callable<T>> steps) throws Exception {
        if (threads <= 1 || steps.size() <= 1) {
            List<T> results = new ArrayList<>();
            for (Callable<T> step : steps) {
                results.add(step.call());
            }
            return results;
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, steps.size()), task -> {
            Thread thread = new Thread(task, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> step : steps) {
                futures.add(pool.submit(step));
            }
            List<T> results = new ArrayList<>();
            Throwable first = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    results.add(null);
                    if (first == null) {
                        first = e.getCause();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
            if (first instanceof Exception exception) {
                throw exception;
            }
            if (first instanceof Error error) {
                throw error;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
