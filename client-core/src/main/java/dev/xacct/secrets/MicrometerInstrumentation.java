package dev.xacct.secrets;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.xacct.secrets.internal.SecretCache;
import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/** {@link Instrumentation} with Micrometer: the metrics listener, Caffeine statistics and the cache gauges. */
final class MicrometerInstrumentation extends Instrumentation {

    private final XacctSecretsMetrics metrics;

    MicrometerInstrumentation(Object meterRegistry, boolean secretNameTag) {
        this.metrics = new XacctSecretsMetrics((MeterRegistry) meterRegistry, secretNameTag);
    }

    @Override
    XacctSecretsListener listener(XacctSecretsListener user) {
        return user == XacctSecretsListener.NONE ? metrics : new XacctSecretsListener() {
            @Override
            public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
                metrics.fetched(secret, code, duration);
                user.fetched(secret, code, duration);
            }

            @Override
            public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
                metrics.roleAssumed(roleArn, code, duration);
                user.roleAssumed(roleArn, code, duration);
            }

            @Override
            public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
                metrics.refreshFailed(secret, diagnosis);
                user.refreshFailed(secret, diagnosis);
            }
        };
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
