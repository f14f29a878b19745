package dev.xacct.secrets;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.xacct.secrets.internal.SecretCache;
import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Supplier;

/** {@link Instrumentation} with Micrometer: the metrics listener, Caffeine statistics and the cache gauges. */
final class MicrometerInstrumentation extends Instrumentation {

    private final XacctSecretsMetrics metrics;

    MicrometerInstrumentation(Object meterRegistry, boolean secretNameTag) {
        this.metrics = new XacctSecretsMetrics((MeterRegistry) meterRegistry, secretNameTag);
    }

    @Override
    XacctSecretsListener listener(XacctSecretsListener user) {
        return XacctSecretsListener.composite(user == XacctSecretsListener.NONE ? List.of(metrics)
                : List.of(metrics, user));
    }

    @Override
    Supplier<StatsCounter> statsCounter() {
        return metrics::statsCounter;
    }

    @Override
    void bind(SecretCache cache, Ticker ticker) {
        metrics.bindCache(cache.caffeine(), () -> cache.oldestValueAgeSeconds(ticker.read()),
                () -> cache.staleValues());
    }

    @Override
    void close() {
        metrics.close();
    }
}
