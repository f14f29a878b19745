package dev.xacct.secrets;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.xacct.secrets.internal.SecretCache;
import java.util.function.Supplier;

/**
 * Metrics, when a Micrometer registry is configured; nothing otherwise. Micrometer classes are touched only in the
 * subclass, so the client runs without Micrometer on the class path.
 */
class Instrumentation {

    private static final Instrumentation NONE = new Instrumentation();

    static Instrumentation of(Object meterRegistry, boolean secretNameTag) {
        return meterRegistry == null ? NONE : new MicrometerInstrumentation(meterRegistry, secretNameTag);
    }

    /** The listener to use: the user's, plus the metrics'. */
    XacctSecretsListener listener(XacctSecretsListener user) {
        return user;
    }

    /** The Caffeine statistics sink, or {@code null} for none. */
    Supplier<StatsCounter> statsCounter() {
        return null;
    }

    /** Registers the gauges read from the cache. */
    void bind(SecretCache cache, Ticker ticker) {
    }

    /** Removes what was registered. */
    void close() {
    }
}
