package dev.xacct.secrets.internal;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.SecretValue;
import dev.xacct.secrets.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The secret cache: a bounded map ({@link BoundedMap}, Caffeine once it holds many) of one {@link Slot} per secret
 * version; fetches and their timing are decided here.
 *
 * <ul>
 *   <li>A hit is a lock-free, allocation-free map read, one volatile read of the entry and one of the ticker.</li>
 *   <li>At most one fetch per key runs at a time (an {@link Attempt}); readers with nothing to serve wait on it, for
 *       at most the read bound. A fetch older than the bound (by the ticker) is abandoned as a timeout: its late
 *       result is dropped, and the next try waits for the backoff.</li>
 *   <li>After {@code refreshAfter} (jittered so a fleet does not refresh in step) the next read starts a background
 *       refresh and is answered with the current value.</li>
 *   <li>Every failed fetch, of a key with or without a value, sets the next try after an exponential backoff; until
 *       then reads get the last good value (if servable) or the remembered failure, without a call.</li>
 *   <li>Entries are ordered by the sequence number of the fetch that made them: the outcome of a fetch started
 *       earlier never replaces a newer one, so a version never goes back.</li>
 *   <li>Keys that never had a value (first reads, failed lookups) live in a map of their own: a flood of unknown
 *       names cannot evict good values.</li>
 *   <li>A read by text (the ARN or name as a {@code String}) is one lookup of the text itself, to the slot of the
 *       key it was found to name ({@link #getByText}); a slot leaving the cache is marked retired, which sends such
 *       a read back to the full path.</li>
 * </ul>
 */
public final class SecretCache {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SecretCache.class);
    private static final String CURRENT = SecretRef.AWSCURRENT;
    private static final String PREVIOUS = "AWSPREVIOUS";

    private final Settings settings;
    private final SecretFetcher fetcher;
    private final Executor executor;
    /** Where hits, misses, loads and evictions are counted (metrics bound to the client), or {@code null}. */
    private volatile StatsCounter stats;

    private final long maxStalenessNanos;
    private final long readBoundNanos;
    private final AtomicLong sequence = new AtomicLong();
    /** The sequence number at the last invalidation: a value read before it is not shared to another key. */
    private volatile long invalidatedAt;

    private volatile boolean closed;
    /** Read on every hit: kept in fields rather than reached through the settings and the cache. */
    private final Ticker ticker;

    /** The slots with a value (or that had one). */
    private final BoundedMap<SecretRef, Slot> map;
    /** The slots of keys that never had a value (first reads, failed lookups): they cannot evict good values. */
    private final BoundedMap<SecretRef, Slot> cold;
    /**
     * The slot each text read names ({@link #getByText}). A plain concurrent map: its read is a few nanoseconds, a
     * bounded cache's several times that; bounded by starting over when full (an application reads a fixed set).
     */
    private final ConcurrentMap<String, Slot> byText = new ConcurrentHashMap<>();

    private final int byTextLimit;

    public SecretCache(Settings settings, SecretFetcher fetcher) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.executor = settings.execution().executor();
        this.maxStalenessNanos = settings.cache().maxStaleness().toNanos();
        this.readBoundNanos = settings.readBound().toNanos();
        // No time-based policy in the map itself: refresh and staleness are decided here, from one read of our
        // ticker per hit, so a hit stays the plain lock-free map read.
        // Told only of evictions (Caffeine's eviction listener): a replaced slot is retired by promote().
        this.map = new BoundedMap<>(settings.cache().maximumSize(), (key, slot, cause) -> {
            retire(slot);
            StatsCounter counter = stats;
            if (counter != null) {
                counter.recordEviction(1, cause);
            }
        });
        this.cold = new BoundedMap<>(settings.cache().maximumSize());
        this.byTextLimit = (int) Math.min(settings.cache().maximumSize(), 100_000);
        this.ticker = settings.execution().ticker();
    }

    /**
     * The value of {@code key} (a reference pinned to a full ARN, with its region), from the cache or from AWS.
     *
     * @throws SecretAccessException if there is no value to serve
     * @throws IllegalStateException if the cache is closed
     */
    public SecretValue get(SecretRef key) {
        SecretValue value = hit(map.get(key));
        return value != null ? value : due(key);
    }

    /**
     * The value of the key {@code text} was found to name ({@link #alias}), read as {@link #get} reads it; or
     * {@code null} when the text names no cached slot (never read, or its slot has left the cache), for the caller to
     * parse it and read by reference. One lookup, of the text: a {@code String} read costs what a reference read does.
     *
     * @throws SecretAccessException if there is no value to serve
     */
    public SecretValue getByText(String text) {
        Slot slot = byText.get(text);
        if (slot == null) {
            return null;
        }
        if (slot.retired) {
            byText.remove(text, slot);
            return null;
        }
        SecretValue value = hit(slot);
        return value != null ? value : due(slot.key);
    }

    /**
     * The value of {@code slot} when it is not due, else {@code null}: the whole of a hit, by reference or by text.
     * Lock-free and allocation-free.
     */
    private SecretValue hit(Slot slot) {
        if (slot == null) {
            return null;
        }
        CacheEntry entry = slot.entry;
        long now = ticker.read();
        // refreshAt is never later than the moment the value becomes too old to serve: one comparison per hit.
        if (now - entry.refreshAt() >= 0) {
            return null;
        }
        StatsCounter counter = stats;
        if (counter != null) {
            counter.recordHits(1);
        }
        return serve(entry, now);
    }

    /**
     * Remembers that {@code text} names {@code key} (a reference with a cached value, pinned to a full ARN), for
     * {@link #getByText}. Nothing is remembered for a key without a value.
     */
    public void alias(String text, SecretRef key) {
        Slot slot = map.get(key);
        if (slot == null || closed) {
            return;
        }
        if (byText.size() >= byTextLimit) {
            byText.clear();
        }
        slot.text = text;
        byText.put(text, slot);
        if (slot.retired) {
            // Left the cache meanwhile: its retirement may have looked before the put.
            byText.remove(text, slot);
        }
    }

    /** A slot that left the values map: reads by text no longer reach it, nor keep its value reachable. */
    private void retire(Slot slot) {
        if (slot == null) {
            return;
        }
        slot.retired = true;
        String text = slot.text;
        if (text != null) {
            byText.remove(text, slot);
        }
    }

    /** A read of a key that is absent or due: start a refresh, or fetch and wait. */
    private SecretValue due(SecretRef key) {
        requireOpen();
        Slot slot = slotFor(key);
        StatsCounter counter = stats;
        if (counter != null) {
            if (slot.entry.hasValue()) {
                counter.recordHits(1);
            } else {
                counter.recordMisses(1);
            }
        }
        while (true) {
            long now = ticker.read();
            CacheEntry entry = slot.entry;
            if (now - entry.refreshAt() < 0) {
                // Refreshed meanwhile, or failing and within its backoff: no call.
                return serve(entry, now);
            }
            Attempt running = slot.attempt.get();
            if (running != null && !running.future.isDone() && now - running.startedAt > readBoundNanos) {
                abandon(key, slot, running);
                continue;
            }
            if (servable(entry, now)) {
                if (running == null || running.future.isDone()) {
                    Attempt mine = new Attempt(sequence.incrementAndGet(), now);
                    if (slot.attempt.compareAndSet(running, mine)) {
                        inBackground(key, slot, mine);
                    }
                }
                return entry.value();
            }
            if (running != null && !running.future.isDone()) {
                return serve(await(key, slot, running), ticker.read());
            }
            Attempt mine = new Attempt(sequence.incrementAndGet(), now);
            if (slot.attempt.compareAndSet(running, mine)) {
                // The caller waits anyway: it fetches on its own thread, queued behind no background refresh.
                return serve(run(key, slot, mine), ticker.read());
            }
        }
    }

    /**
     * Reads {@code key} from AWS now and returns what that read found: a fetch already running is joined only if it
     * started after this call, so the value is never one read before it.
     *
     * @throws SecretAccessException if that read failed (even if an older value could still be served)
     */
    public SecretValue refresh(SecretRef key) {
        requireOpen();
        long asked = sequence.get();
        Slot slot = slotFor(key);
        while (true) {
            Attempt running = slot.attempt.get();
            if (running != null && running.seq > asked && !running.future.isDone()) {
                return fresh(await(key, slot, running));
            }
            Attempt mine = new Attempt(sequence.incrementAndGet(), ticker.read());
            if (slot.attempt.compareAndSet(running, mine)) {
                // An older fetch still running goes on; whichever ends last, the newer outcome stays.
                return fresh(run(key, slot, mine));
            }
        }
    }

    /** The value a fetch found, or its failure. */
    private static SecretValue fresh(CacheEntry outcome) {
        if (outcome.failure() != null) {
            throw thrown(outcome.failure());
        }
        return outcome.value();
    }

    /**
     * Shares the value just read under {@code from} (a partial reference) with {@code to} (its full ARN), unless a
     * newer read of {@code to} is cached or an invalidation came after the read.
     */
    public void share(SecretRef from, SecretRef to) {
        Slot source = map.get(from);
        if (source == null || from.equals(to)) {
            return;
        }
        CacheEntry read = source.entry;
        if (!read.hasValue() || read.failure() != null || read.seq() <= invalidatedAt || closed) {
            return;
        }
        Slot target = slotFor(to);
        synchronized (target) {
            if (read.seq() > target.entry.seq()) {
                target.entry = read;
                promote(to, target);
            }
        }
    }

    /** Forgets {@code key}; a fetch of it still running is not cached, nor shared. */
    public void invalidate(SecretRef key) {
        invalidatedAt = sequence.incrementAndGet();
        retire(map.remove(key));
        cold.remove(key);
    }

    /**
     * Closes the cache: every later read fails with {@link IllegalStateException}, and so do reads waiting for a
     * fetch.
     */
    public void close() {
        closed = true;
        IllegalStateException failure = closedException();
        for (BoundedMap<SecretRef, Slot> slots : java.util.List.of(map, cold)) {
            for (Slot slot : slots.values()) {
                Attempt running = slot.attempt.get();
                if (running != null) {
                    running.future.completeExceptionally(failure);
                }
            }
            // An empty map sends every read to the path that checks for close.
            slots.clear();
        }
        byText.clear();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Fails if the cache is closed.
     *
     * @throws IllegalStateException if the cache is closed
     */
    public void requireOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private static IllegalStateException closedException() {
        return new IllegalStateException("the XacctSecretsClient is closed");
    }

    /** The age in seconds of the oldest value the cache would serve (for a gauge; walks the cache). */
    public double oldestValueAgeSeconds(long now) {
        long oldest = 0;
        for (Slot slot : map.values()) {
            CacheEntry entry = slot.entry;
            if (entry.hasValue()) {
                oldest = Math.max(oldest, now - entry.fetchedAt());
            }
        }
        return oldest / 1e9;
    }

    /** How many cached values are served although their last refresh failed (for a gauge; walks the cache). */
    public double staleValues() {
        return map.values().stream()
                .map(slot -> slot.entry)
                .filter(entry -> entry.hasValue() && entry.failure() != null)
                .count();
    }

    /** Counts hits, misses, loads and evictions into {@code counter} too. */
    public synchronized void addStatsCounter(StatsCounter counter) {
        StatsCounter[] now = StatsCounters.each(stats);
        StatsCounter[] more = java.util.Arrays.copyOf(now, now.length + 1);
        more[now.length] = counter;
        stats = StatsCounters.of(more);
    }

    /** Stops counting into {@code counter}. */
    public synchronized void removeStatsCounter(StatsCounter counter) {
        stats = StatsCounters.of(java.util.Arrays.stream(StatsCounters.each(stats))
                .filter(c -> c != counter)
                .toArray(StatsCounter[]::new));
    }

    /** How many secret versions have a cached value. */
    public long size() {
        return map.size();
    }

    private SecretValue serve(CacheEntry entry, long now) {
        SecretAccessException failure = entry.failure();
        if (failure == null) {
            return entry.value();
        }
        if (servable(entry, now)) {
            return entry.value();
        }
        throw thrown(failure);
    }

    /**
     * A new exception for each throw, with the stored failure as its cause: one instance rethrown to every caller
     * during a backoff would carry the loader's stack, and what one caller adds to it (suppressed exceptions) would
     * reach the others.
     */
    private static SecretAccessException thrown(SecretAccessException stored) {
        return new SecretAccessException(stored.secret(), stored.diagnosis(), stored);
    }

    /** Whether the entry has a value that may be served now. */
    private boolean servable(CacheEntry entry, long now) {
        SecretAccessException failure = entry.failure();
        return entry.hasValue()
                && !tooOld(entry, now)
                && (failure == null || failure.isRetryable() || settings.cache().serveStaleOnAccessError());
    }

    /** Whether a value is older than {@code maxStaleness}: never served, read again first. */
    private boolean tooOld(CacheEntry entry, long now) {
        return now - entry.fetchedAt() > maxStalenessNanos;
    }

    /** The slot of {@code key}: the one with a value, else the cold one (made if needed). */
    private Slot slotFor(SecretRef key) {
        Slot slot = map.get(key);
        if (slot != null) {
            return slot;
        }
        Slot made = cold.computeIfAbsent(key, k -> new Slot(k, CacheEntry.empty(ticker.read())));
        // Promoted between the two looks: the map has it now (promotion puts before it removes).
        Slot promoted = map.get(key);
        return promoted != null ? promoted : made;
    }

    /** Moves a slot that now has a value to the values map (called holding the slot's lock). */
    private void promote(SecretRef key, Slot slot) {
        if (cold.get(key) == slot) {
            Slot replaced = map.put(key, slot);
            if (replaced != slot) {
                retire(replaced);
            }
            cold.remove(key, slot);
        } else if (!map.containsKey(key)) {
            map.putIfAbsent(key, slot);
        }
    }

    /** Runs {@code attempt} on the executor; if the executor refuses (closed), readers are not left waiting. */
    private void inBackground(SecretRef key, Slot slot, Attempt attempt) {
        try {
            executor.execute(() -> run(key, slot, attempt));
        } catch (RejectedExecutionException e) {
            attempt.future.completeExceptionally(closedException());
        }
    }

    /** Fetches for {@code attempt}, records the outcome and hands it to the readers waiting. */
    private CacheEntry run(SecretRef key, Slot slot, Attempt attempt) {
        long start = System.nanoTime();
        try {
            CacheEntry outcome;
            try {
                SecretValue value = fetcher.fetch(key);
                StatsCounter counter = stats;
                if (counter != null) {
                    counter.recordLoadSuccess(System.nanoTime() - start);
                }
                outcome = record(key, slot, attempt, value, null);
            } catch (SecretAccessException e) {
                StatsCounter counter = stats;
                if (counter != null) {
                    counter.recordLoadFailure(System.nanoTime() - start);
                }
                outcome = record(key, slot, attempt, null, e);
            }
            attempt.future.complete(outcome);
            return outcome;
        } catch (RuntimeException | Error e) {
            RuntimeException failure = closed ? closedException() : null;
            attempt.future.completeExceptionally(failure != null ? failure : e);
            if (failure != null) {
                throw failure;
            }
            throw e;
        }
    }

    /** Gives up on a fetch running past the read bound: it counts as a timeout, and the next try backs off. */
    private void abandon(SecretRef key, Slot slot, Attempt running) {
        CacheEntry outcome = record(key, slot, running, null, fetcher.timedOut(key, settings.readBound()));
        running.future.complete(outcome);
    }

    /** Waits for a fetch someone else runs, at most the read bound; then gives up on it. */
    private CacheEntry await(SecretRef key, Slot slot, Attempt running) {
        try {
            return running.future.get(readBoundNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(key, slot, running);
            return await(key, slot, running);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("fetch of " + key + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fetcher.timedOut(key, settings.readBound());
        }
    }

    /**
     * The entry a fetch leads to, installed unless a fetch started later has already recorded its outcome. Returns it
     * either way: it is what this fetch found.
     */
    private CacheEntry record(
            SecretRef key, Slot slot, Attempt attempt, SecretValue value, SecretAccessException failure) {
        CacheEntry outcome;
        CacheEntry replaced;
        synchronized (slot) {
            long now = ticker.read();
            replaced = slot.entry;
            if (value != null) {
                outcome = CacheEntry.success(value, attempt.startedAt, nextRefresh(now), attempt.seq);
            } else {
                long retryAt = now + backoff(replaced.failures() + 1);
                long tooOldAt = replaced.fetchedAt() + maxStalenessNanos + 1;
                if (replaced.hasValue() && tooOldAt - now > 0) {
                    // Still servable: try again at the latest when the value becomes too old to serve.
                    retryAt = Math.min(retryAt, tooOldAt);
                }
                outcome = replaced.failed(failure, retryAt, attempt.seq);
            }
            if (attempt.seq <= replaced.seq()) {
                return outcome;
            }
            slot.entry = outcome;
            if (value != null && !replaced.hasValue()) {
                promote(key, slot);
            }
        }
        if (value == null && replaced.hasValue()) {
            if (replaced.failure() == null && servable(outcome, outcome.refreshAt() - 1)) {
                log.warn(
                        "serving the last good value of {}: its refresh failed ({}); retried with backoff, served "
                                + "for at most maxStaleness after it was read",
                        key,
                        failure.code());
            }
            settings.listener().refreshFailed(key, failure.diagnosis());
        }
        if (value != null
                && replaced.hasValue()
                && replaced.failure() != null
                && servable(replaced, replaced.fetchedAt())) {
            log.info("{} read again after failed refreshes: serving its current value", key);
        }
        if (value != null
                && replaced.hasValue()
                && !java.util.Objects.equals(value.versionId(), replaced.value().versionId())) {
            rotated(key);
        }
        return outcome;
    }

    /**
     * The current version of {@code key} changed: the cached {@code AWSPREVIOUS} of the secret is now the version
     * just replaced, so it is dropped and read again in the background.
     */
    private void rotated(SecretRef key) {
        if (key.versionId() != null || !(key.versionStage() == null || CURRENT.equals(key.versionStage()))) {
            return;
        }
        SecretRef previous = key.withVersionStage(PREVIOUS);
        Slot removed = map.remove(previous);
        retire(removed);
        if (removed == null && cold.remove(previous) == null) {
            return;
        }
        Slot slot = slotFor(previous);
        Attempt mine = new Attempt(sequence.incrementAndGet(), ticker.read());
        if (slot.attempt.compareAndSet(null, mine)) {
            inBackground(previous, slot, mine);
        }
    }

    /**
     * When a value read at {@code now} is due again: {@code refreshAfter}, less a random share of the jitter, and
     * never after it becomes too old to serve.
     */
    long nextRefresh(long now) {
        long refresh = settings.cache().refreshAfter().toNanos();
        long jitter = (long) (refresh
                * settings.cache().refreshJitter()
                * ThreadLocalRandom.current().nextDouble());
        return Math.min(now + refresh - jitter, now + maxStalenessNanos + 1);
    }

    /** Exponential backoff after {@code failures} failed reads: base·2^(n-1), capped, less up to half at random. */
    long backoff(int failures) {
        long base = settings.backoff().failureBackoff().toNanos();
        long cap = settings.backoff().maxBackoff().toNanos();
        long delay = failures >= 62 ? cap : Math.min(cap, base << Math.min(failures - 1, 40));
        delay = delay < 0 ? cap : delay;
        return delay - (long) (delay / 2.0 * ThreadLocalRandom.current().nextDouble());
    }

    /** One cached secret version: its entry, and the fetch of it under way, if any. */
    private static final class Slot {

        /** The key it caches (a read by text that finds the slot due reads this key). */
        final SecretRef key;

        volatile CacheEntry entry;
        final AtomicReference<Attempt> attempt = new AtomicReference<>();
        /** Set once the slot has left the values map: a read by text must not serve it. */
        volatile boolean retired;
        /** The last text aliased to it, removed from the text map when it retires. */
        volatile String text;

        Slot(SecretRef key, CacheEntry entry) {
            this.key = key;
            this.entry = entry;
        }
    }

    /** One fetch: when it started (ticker), its sequence number, and its outcome for the readers waiting. */
    private static final class Attempt {

        final long seq;
        final long startedAt;
        final CompletableFuture<CacheEntry> future = new CompletableFuture<>();

        Attempt(long seq, long startedAt) {
            this.seq = seq;
            this.startedAt = startedAt;
        }
    }
}
