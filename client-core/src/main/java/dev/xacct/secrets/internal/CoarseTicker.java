package dev.xacct.secrets.internal;

import dev.xacct.secrets.Ticker;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The system's monotonic time, read from a field a thread refreshes every millisecond while the client is being read:
 * a cache hit checks whether its value is due for refresh with one volatile read instead of a
 * {@code System.nanoTime()} call, which would cost several times the rest of the hit. A millisecond is nothing next to
 * refresh intervals of minutes.
 *
 * <p>The thread runs only while reads come: started by the first read, it ends after a second without one, and the
 * next read (which then reads the system clock itself) starts it again. An idle client costs no thread and no
 * wake-ups. Owned by one client, made only when no ticker is supplied, ended by {@link #close()}.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {

    private static final long RESOLUTION_NANOS = 1_000_000;
    /** Ticks without a read after which the thread ends: a second. */
    private static final int IDLE_TICKS = 1_000;

    private final int idleTicks;
    private volatile long now = System.nanoTime();
    /**
     * Whether a read came since the thread last looked. Only while it is set is {@link #now} current: it is cleared
     * when the thread ends, and set again only after {@link #now} is refreshed.
     */
    private volatile boolean touched;

    private volatile boolean closed;
    /** The thread while it runs, else {@code null}; changed holding the lock. */
    private volatile @Nullable Thread thread;

    /** A ticker whose thread starts with the first read. */
    public CoarseTicker() {
        this(IDLE_TICKS);
    }

    /** A ticker whose thread ends after {@code idleTicks} milliseconds without a read (tests use a few). */
    CoarseTicker(int idleTicks) {
        this.idleTicks = idleTicks;
    }

    @Override
    public long read() {
        return touched ? now : touch();
    }

    /**
     * The first read since the thread last looked: marks the ticker read, without a lock while the thread runs. An
     * ending thread clears {@link #thread} before {@link #touched}: seen still running after the mark, it either ticks
     * on or clears the mark after it, so no later read takes an old time for a current one.
     */
    private long touch() {
        if (thread != null) {
            touched = true;
            if (thread != null) {
                return now;
            }
        }
        return wake();
    }

    /** Starts the thread if it has ended (the time it has kept is old, so it is read from the clock first). */
    private synchronized long wake() {
        if (thread == null && !closed) {
            now = System.nanoTime();
            Thread ticking = new Thread(this::tick, "xacct-secrets-clock");
            ticking.setDaemon(true);
            thread = ticking;
            ticking.start();
        }
        touched = true;
        return now;
    }

    private void tick() {
        while (true) {
            for (int i = 0; i < idleTicks && !closed; i++) {
                LockSupport.parkNanos(RESOLUTION_NANOS);
                now = System.nanoTime();
            }
            synchronized (this) {
                if (!touched || closed) {
                    // No read for a whole period: the next one finds the thread gone and reads the clock itself.
                    thread = null;
                    touched = false;
                    return;
                }
                touched = false;
            }
        }
    }

    /** Ends the thread (within a millisecond); reads after it see the last time read. */
    @Override
    public synchronized void close() {
        closed = true;
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }

    /** The thread while it runs, else {@code null}: for tests. */
    @Nullable
    Thread thread() {
        return thread;
    }
}
