package dev.xacct.secrets.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalListener;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A concurrent map bounded to {@code maximumSize} entries: a plain {@link ConcurrentHashMap} while it holds few
 * entries, a Caffeine bounded map from then on. Reads are lock-free in both.
 *
 * <p>Why not Caffeine from the start: an application reads a handful of secrets, and Caffeine's first use in a JVM
 * costs about 50 ms of CPU (its classes, the cache class it finds through method handles, the JDK logger it starts)
 * — a tenth of a client's cold start, paid by every AWS Lambda cold start and CLI run for a bound those never reach.
 *
 * <p>Writes take a lock while the map is plain, so that none is lost when the entries move to Caffeine; afterwards
 * they go straight to Caffeine, whose size upkeep runs on the writing thread (the client starts no thread for it).
 */
public final class BoundedMap<K, V> {

    /** Entries held in the plain map before it becomes a Caffeine map. */
    public static final int PLAIN_ENTRIES = 64;

    private final long maximumSize;
    private final int plainLimit;
    private final @Nullable RemovalListener<K, V> onEvicted;
    private final ConcurrentHashMap<K, V> plain = new ConcurrentHashMap<>();
    /** {@link #plain}, then the Caffeine map. */
    private volatile Map<K, V> entries = plain;

    /**
     * A map that holds at most {@code maximumSize} entries.
     *
     * @param maximumSize the most entries it holds
     * @param onEvicted Caffeine's eviction listener (told only of entries the bound evicts, never of replacements or
     *     removals), run on the writing thread
     */
    public BoundedMap(long maximumSize, @Nullable RemovalListener<K, V> onEvicted) {
        this.maximumSize = maximumSize;
        this.plainLimit = (int) Math.min(maximumSize, PLAIN_ENTRIES);
        this.onEvicted = onEvicted;
    }

    /** A map that holds at most {@code maximumSize} entries. */
    public BoundedMap(long maximumSize) {
        this(maximumSize, null);
    }

    public @Nullable V get(K key) {
        return entries.get(key);
    }

    public boolean containsKey(K key) {
        return entries.containsKey(key);
    }

    public int size() {
        return entries.size();
    }

    /** A live view of the values. */
    public Collection<V> values() {
        return entries.values();
    }

    /** Whether the entries have moved to Caffeine. */
    public boolean isCaffeine() {
        return entries != plain;
    }

    public @Nullable V put(K key, V value) {
        return write(key, true, map -> map.put(key, value));
    }

    public @Nullable V putIfAbsent(K key, V value) {
        return write(key, true, map -> map.putIfAbsent(key, value));
    }

    public V computeIfAbsent(K key, Function<? super K, ? extends V> make) {
        V known = entries.get(key);
        return known != null ? known : write(key, true, map -> map.computeIfAbsent(key, make));
    }

    public @Nullable V remove(K key) {
        return write(key, false, map -> map.remove(key));
    }

    public boolean remove(K key, V value) {
        return write(key, false, map -> map.remove(key, value));
    }

    public void clear() {
        synchronized (this) {
            entries.clear();
        }
    }

    /**
     * Runs a write: on Caffeine directly; on the plain map holding the lock, so that no write is lost to the move,
     * which a write that may add {@code key} to a full plain map makes first.
     */
    private <R> R write(K key, boolean mayAdd, Function<Map<K, V>, R> op) {
        Map<K, V> now = entries;
        if (now != plain) {
            return op.apply(now);
        }
        synchronized (this) {
            return op.apply(mayAdd ? adding(key) : entries);
        }
    }

    /** The map to add {@code key} to, moved to Caffeine first if the plain one is full (called holding the lock). */
    private Map<K, V> adding(K key) {
        if (entries == plain && plain.size() >= plainLimit && !plain.containsKey(key)) {
            Caffeine<Object, Object> builder =
                    Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run);
            Map<K, V> bounded = (onEvicted == null
                            ? builder.<K, V>build()
                            : builder.evictionListener(onEvicted).<K, V>build())
                    .asMap();
            bounded.putAll(plain);
            entries = bounded;
            // A read that still looks in the plain map misses, and takes the path that looks again.
            plain.clear();
        }
        return entries;
    }
}
