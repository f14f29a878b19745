package dev.xacct.secrets.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.locks.LockSupport;

/**
 * The system's monotonic time, read from a field a daemon thread refreshes every millisecond: a cache hit checks
 * whether its value is due for refresh with one volatile read instead of a {@code System.nanoTime()} call, which
 * would cost several times the rest of the hit. A millisecond is nothing next to refresh intervals of minutes.
 */
public final class CoarseTicker implements Ticker {

    /** The one instance: one thread for the whole JVM, started with the first client. */
    public static final CoarseTicker INSTANCE = new CoarseTicker();

    private static final long RESOLUTION_NANOS = 1_000_000;

    private volatile long now = System.nanoTime();

    private CoarseTicker() {
        Thread thread = new Thread(this::tick, "xacct-secrets-clock");
        thread.setDaemon(true);
        thread.start();
    }

    private void tick() {
        while (true) {
            LockSupport.parkNanos(RESOLUTION_NANOS);
            now = System.nanoTime();
        }
    }

    @Override
    public long read() {
        return now;
    }
}
