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
 * <p>The thread runs only while reads come faster than it ticks: without it, a read reads the system clock itself,
 * and the {@value #BUSY_READS}th read within a millisecond starts it; it ends after a second without a read. A client
 * read now and then (a Lambda function's, a cold start's first read) costs no thread and no wake-ups: a thousand
 * wake-ups a second are worth it only to reads that come more often than that. Owned by one client, made only when
 * no ticker is supplied, ended by {@link #close()}.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {

    private static final long RESOLUTION_NANOS = 1_000_000;
    /** Ticks without a read after which the thread ends: a second. */
    private static final int IDLE_TICKS = 1_000;
    /**
     * Reads within one tick that start the thread: more than a single cache miss makes (a handful), so that only
     * hits coming fast start it.
     */
    static final int BUSY_READS = 16;

    private final int idleTicks;
    private volatile long now = System.nanoTime();
    /**
     * Whether a read came since the thread last looked. Only while it is set is {@link #now} current: it is cleared
     * when the thread ends, and set again only after {@link #now} is refreshed.
     */
    private volatile boolean touched;

    /**
     * When the current millisecond of reads without the thread began, and how many came in it. Plain fields: a count
     * lost to a race only starts the thread a little later, and no read's time depends on them.
     */
    private long windowStart = System.nanoTime() - RESOLUTION_NANOS;

    private int windowReads;

    private volatile boolean closed;
    /** The thread while it runs, else {@code null}; changed holding the lock. */
    private volatile @Nullable Thread thread;

    /** A ticker whose thread starts when reads come fast. */
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
        return unticked();
    }

    /** A read while the thread does not run: the system clock's time, and the thread started if reads come fast. */
    private long unticked() {
        long time = System.nanoTime();
        if (time - windowStart >= RESOLUTION_NANOS) {
            windowStart = time;
            windowReads = 1;
            return time;
        }
        return ++windowReads < BUSY_READS ? time : wake();
    }

    /** Starts the thread if it has ended (the time it has kept is old, so it is read from the clock first). */
    private synchronized long wake() {
        if (closed) {
            return System.nanoTime();
        }
        if (thread == null) {
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
                    // No read for a whole period: the next ones find the thread gone and read the clock themselves.
                    thread = null;
                    touched = false;
                    return;
                }
                touched = false;
            }
        }
    }

    /** Ends the thread (within a millisecond); reads after it read the system clock. */
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
