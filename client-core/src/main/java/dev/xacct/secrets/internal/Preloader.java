package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reads many secrets in parallel, at most {@code concurrency} at a time, and collects the failures.
 *
 * <p>The calling thread reads too, taking secrets from the same queue as the helpers it hands to the executor: it
 * never waits for a task that has not started, so no executor (one thread, busy, saturated, or the one the cache
 * refreshes on) can make a preload wait forever. At worst the caller reads everything itself.
 */
public final class Preloader {

    private final Executor executor;
    private final int concurrency;

    public Preloader(Executor executor, int concurrency) {
        this.executor = executor;
        this.concurrency = concurrency;
    }

    /** Reads each secret with {@code read}; returns the diagnosis of each one that failed, in the order given. */
    public Map<SecretRef, Diagnosis> run(Collection<SecretRef> refs, Consumer<SecretRef> read) {
        List<SecretRef> all = List.copyOf(refs);
        Queue<SecretRef> queue = new ConcurrentLinkedQueue<>(all);
        CountDownLatch done = new CountDownLatch(all.size());
        Map<SecretRef, Diagnosis> failures = new ConcurrentHashMap<>();
        AtomicReference<RuntimeException> unexpected = new AtomicReference<>();
        Runnable worker = () -> {
            for (SecretRef ref; (ref = queue.poll()) != null; ) {
                try {
                    read.accept(ref);
                } catch (SecretAccessException e) {
                    failures.put(ref, e.diagnosis());
                } catch (RuntimeException e) {
                    // Not a read failure (those are collected): the client was closed, or a bug. Thrown as it was.
                    unexpected.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(concurrency, all.size()) - 1;
        for (int i = 0; i < helpers; i++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break;
            }
        }
        worker.run();
        // Only secrets a running worker has taken are left: each ends within the read bound.
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (unexpected.get() != null) {
            throw unexpected.get();
        }
        Map<SecretRef, Diagnosis> ordered = new LinkedHashMap<>();
        all.stream().filter(failures::containsKey).forEach(ref -> ordered.put(ref, failures.get(ref)));
        return ordered;
    }
}
