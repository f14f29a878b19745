package dev.xacct.secrets.internal;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.SecretValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The secret cache, on Caffeine.
 *
 * <ul>
 *   <li>A hit is a lock-free, allocation-free {@code getIfPresent} on an already completed future.</li>
 *   <li>Concurrent misses on one key share one load (Caffeine installs one future per key; callers wait on it
 *       without holding any monitor, so virtual threads are not pinned).</li>
 *   <li>After {@code refreshAfter} (jittered so a fleet does not refresh in step) the next read starts a background
 *       refresh and is answered with the current value; concurrent triggers share one refresh.</li>
 *   <li>A failed refresh keeps the last good value: served while the failure is transient and the value younger
 *       than {@code maxStaleness}; for an access failure only if configured so. The next try backs off
 *       exponentially.</li>
 *   <li>A failed first load is remembered, and tried again only after its backoff: a misconfigured application
 *       does not hammer AWS.</li>
 * </ul>
 */
public final class SecretCache {

    private final Settings settings;
    private final SecretFetcher fetcher;
    private final AsyncLoadingCache<SecretRef, CacheEntry> cache;
    private final StatsCounter stats;
    private final long maxStalenessNanos;
    /** Read on every hit: kept in fields rather than reached through the settings and the cache. */
    private final Ticker ticker;
    private final ConcurrentMap<SecretRef, CompletableFuture<CacheEntry>> map;

    public SecretCache(Settings settings, SecretFetcher fetcher, Supplier<StatsCounter> statsCounter) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.stats = statsCounter == null ? null : statsCounter.get();
        this.maxStalenessNanos = settings.maxStaleness().toNanos();
        // No time-based policy in Caffeine itself: refresh and staleness are decided here, from one read of our
        // ticker per hit, so Caffeine's hit path stays the plain lock-free map read.
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .executor(settings.executor());
        if (stats != null) {
            builder.recordStats(() -> stats);
        }
        this.cache = builder.buildAsync(new Loader());
        this.map = cache.asMap();
        this.ticker = settings.ticker();
    }

    /**
     * The value of {@code key} (a reference pinned to a full ARN, with its region), from the cache or from AWS.
     *
     * @throws SecretAccessException if there is no value to serve
     */
    public SecretValue get(SecretRef key) {
        // The map view's get records no statistics, so a miss is counted once (by the loading get) and a hit here.
        CompletableFuture<CacheEntry> future = map.get(key);
        if (future == null) {
            future = cache.get(key);
        } else if (stats != null) {
            stats.recordHits(1);
        }
        CacheEntry entry = future.join();
        long now = ticker.read();
        // refreshAt is never later than the moment the value becomes too old to serve: one comparison per hit.
        if (now - entry.refreshAt() >= 0) {
            if (!entry.hasValue() || tooOld(entry, now)) {
                // Nothing servable: wait for the read (concurrent callers share Caffeine's one refresh).
                entry = cache.synchronous().refresh(key).join();
            } else if (entry.claimRefresh()) {
                cache.synchronous().refresh(key);
            }
        }
        return serve(entry, now);
    }

    /** Reads {@code key} from AWS now (sharing a refresh already under way) and returns the new value. */
    public SecretValue refresh(SecretRef key) {
        return serve(cache.synchronous().refresh(key).join(), settings.ticker().read());
    }

    /** Shares a value read under a partial reference with its full ARN's key, unless that key has one already. */
    public void putIfAbsent(SecretRef key, SecretValue value) {
        long now = settings.ticker().read();
        cache.asMap().putIfAbsent(key,
                CompletableFuture.completedFuture(CacheEntry.success(value, now, nextRefresh(now))));
    }

    /** Forgets {@code key}. */
    public void invalidate(SecretRef key) {
        cache.synchronous().invalidate(key);
    }

    /** The age in seconds of the oldest value the cache would serve (for a gauge; walks the cache). */
    public double oldestValueAgeSeconds(long now) {
        long oldest = 0;
        for (CompletableFuture<CacheEntry> future : cache.asMap().values()) {
            CacheEntry entry = future.getNow(null);
            if (entry != null && entry.hasValue()) {
                oldest = Math.max(oldest, now - entry.fetchedAt());
            }
        }
        return oldest / 1e9;
    }

    /** How many cached values are served although their last refresh failed (for a gauge; walks the cache). */
    public double staleValues() {
        return cache.asMap().values().stream()
                .map(future -> future.getNow(null))
                .filter(entry -> entry != null && entry.hasValue() && entry.failure() != null)
                .count();
    }

    /** The underlying cache, for Micrometer's cache binder. */
    public com.github.benmanes.caffeine.cache.Cache<SecretRef, CacheEntry> caffeine() {
        return cache.synchronous();
    }

    private SecretValue serve(CacheEntry entry, long now) {
        SecretAccessException failure = entry.failure();
        if (failure == null) {
            return entry.value();
        }
        boolean servable = entry.hasValue() && !tooOld(entry, now)
                && (failure.isRetryable() || settings.serveStaleOnAccessError());
        if (servable) {
            return entry.value();
        }
        throw failure;
    }

    /** Whether a value is older than {@code maxStaleness}: never served, read again first. */
    private boolean tooOld(CacheEntry entry, long now) {
        return now - entry.fetchedAt() > maxStalenessNanos;
    }

    private CacheEntry load(SecretRef key, CacheEntry previous) {
        try {
            SecretValue value = fetcher.fetch(key);
            long now = settings.ticker().read();
            return CacheEntry.success(value, now, nextRefresh(now));
        } catch (SecretAccessException e) {
            long now = settings.ticker().read();
            if (previous == null) {
                return CacheEntry.firstFailure(e, now + backoff(1));
            }
            if (previous.hasValue()) {
                settings.listener().refreshFailed(key, e.diagnosis());
            }
            long retryAt = now + backoff(previous.failures() + 1);
            return previous.failed(e, previous.hasValue()
                    ? Math.min(retryAt, previous.fetchedAt() + maxStalenessNanos + 1) : retryAt);
        }
    }

    /**
     * When a value read at {@code now} is due again: {@code refreshAfter}, less a random share of the jitter, and
     * never after it becomes too old to serve.
     */
    long nextRefresh(long now) {
        long refresh = settings.refreshAfter().toNanos();
        long jitter = (long) (refresh * settings.refreshJitter() * ThreadLocalRandom.current().nextDouble());
        return Math.min(now + refresh - jitter, now + maxStalenessNanos + 1);
    }

    /** Exponential backoff after {@code failures} failed reads: base·2^(n-1), capped, less up to half at random. */
    long backoff(int failures) {
        long base = settings.failureBackoff().toNanos();
        long cap = settings.maxBackoff().toNanos();
        long delay = failures >= 62 ? cap : Math.min(cap, base << Math.min(failures - 1, 40));
        delay = delay < 0 ? cap : delay;
        return delay - (long) (delay / 2 * ThreadLocalRandom.current().nextDouble());
    }

    /** Loads run the fetch on the cache's executor; reloads start from the entry they replace. */
    private final class Loader implements CacheLoader<SecretRef, CacheEntry> {

        @Override
        public CacheEntry load(SecretRef key) {
            return SecretCache.this.load(key, null);
        }

        @Override
        public CacheEntry reload(SecretRef key, CacheEntry oldValue) {
            return SecretCache.this.load(key, oldValue);
        }
    }
}
