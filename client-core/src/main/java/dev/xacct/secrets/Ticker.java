package dev.xacct.secrets;

/**
 * The client's time source: a monotonic count of nanoseconds, like {@link System#nanoTime()} (only differences
 * mean anything). Give one to the builder to move the cache's time by hand in tests.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * The time now.
     *
     * @return nanoseconds since an arbitrary origin
     */
    long read();

    /**
     * The system's monotonic time, {@link System#nanoTime()}, read on every call.
     *
     * @return the ticker
     */
    static Ticker system() {
        return System::nanoTime;
    }
}
