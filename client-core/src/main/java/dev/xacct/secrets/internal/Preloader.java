package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/** Reads many secrets in parallel, at most {@code concurrency} at a time, and collects the failures. */
public final class Preloader {

    private final Executor executor;
    private final int concurrency;

    public Preloader(Executor executor, int concurrency) {
        this.executor = executor;
        this.concurrency = concurrency;
    }

    /** Reads each secret with {@code read}; returns the diagnosis of each one that failed, in the order given. */
    public Map<SecretRef, Diagnosis> run(Collection<SecretRef> refs, Consumer<SecretRef> read) {
        Semaphore permits = new Semaphore(concurrency);
        Map<SecretRef, Diagnosis> failures = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (SecretRef ref : refs) {
            permits.acquireUninterruptibly();
            reads.add(CompletableFuture.runAsync(() -> {
                try {
                    read.accept(ref);
                } catch (SecretAccessException e) {
                    failures.put(ref, e.diagnosis());
                } finally {
                    permits.release();
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // Not a read failure (those are collected): the client was closed, or a bug. Thrown as it was.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        Map<SecretRef, Diagnosis> ordered = new LinkedHashMap<>();
        refs.stream().filter(failures::containsKey).forEach(ref -> ordered.put(ref, failures.get(ref)));
        return ordered;
    }
}
