package dev.xacct.secrets.internal;

import dev.xacct.secrets.Ticker;
import java.util.concurrent.locks.LockSupport;

/**
 * The system's monotonic time, read from a field a daemon thread refreshes every millisecond: a cache hit checks
 * whether its value is due for refresh with one volatile read instead of a {@code System.nanoTime()} call, which
 * would cost several times the rest of the hit. A millisecond is nothing next to refresh intervals of minutes.
 *
 * <p>Owned by one client: made only when no ticker is supplied, its thread started by {@link #start()} and ended by
 * {@link #close()} with the client. Nothing runs on class load.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {

    private static final long RESOLUTION_NANOS = 1_000_000;

    private volatile long now = System.nanoTime();
    private volatile boolean closed;
    private final Thread thread;

    private CoarseTicker() {
        this.thread = new Thread(this::tick, "xacct-secrets-clock");
        thread.setDaemon(true);
    }

    /** A ticker whose thread runs until {@link #close()}. */
    public static CoarseTicker start() {
        CoarseTicker ticker = new CoarseTicker();
        ticker.thread.start();
        return ticker;
    }

    private void tick() {
        while (!closed) {
            LockSupport.parkNanos(RESOLUTION_NANOS);
            now = System.nanoTime();
        }
    }

    @Override
    public long read() {
        return now;
    }

    /** Ends the thread (it ends within a millisecond; the last time read stays). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    /** The thread, for tests that check it ended. */
    Thread thread() {
        return thread;
    }
}
