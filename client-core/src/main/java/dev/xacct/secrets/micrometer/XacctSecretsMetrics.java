package dev.xacct.secrets.micrometer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineStatsCounter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * The client's Micrometer meters, all under {@code xacct.secrets}, with bounded tags:
 * <ul>
 *   <li>{@value #FETCH} (timer): each {@code GetSecretValue}, tagged {@code outcome} ({@code success}/{@code failure})
 *       and {@code code} (the diagnosis code), and {@code secret} (the secret name) only when asked for;</li>
 *   <li>{@value #ASSUME_ROLE} (timer): each STS {@code AssumeRole}, tagged {@code outcome} and {@code code};</li>
 *   <li>{@value #REFRESH_FAILURES} (counter): background refreshes that failed, tagged {@code code};</li>
 *   <li>{@value #VALUE_AGE} (gauge, seconds): the age of the oldest value the cache would serve;</li>
 *   <li>{@value #STALE_VALUES} (gauge): values served although their last refresh failed;</li>
 *   <li>the cache's own meters from Micrometer's Caffeine binder ({@code cache.gets}, {@code cache.loads},
 *       {@code cache.evictions}, {@code cache.size}), tagged {@code cache=xacct.secrets}.</li>
 * </ul>
 * Secret values never reach a meter. Used by the client when it is given a registry.
 */
public final class XacctSecretsMetrics implements XacctSecretsListener, AutoCloseable {

    /** The fetch timer. */
    public static final String FETCH = "xacct.secrets.fetch";
    /** The STS AssumeRole timer. */
    public static final String ASSUME_ROLE = "xacct.secrets.sts.assume.role";
    /** The failed-refresh counter. */
    public static final String REFRESH_FAILURES = "xacct.secrets.refresh.failures";
    /** The gauge of the oldest cached value's age. */
    public static final String VALUE_AGE = "xacct.secrets.value.age";
    /** The gauge of values served stale. */
    public static final String STALE_VALUES = "xacct.secrets.stale.values";
    /** The {@code cache} tag of the Caffeine meters. */
    public static final String CACHE_NAME = "xacct.secrets";

    /** The {@code client} tag every meter carries: two clients on one registry keep their own meters. */
    public static final String CLIENT_TAG = "client";

    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    private final MeterRegistry registry;
    private final boolean secretNameTag;
    private final Tags clientTags;
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    /**
     * Creates the meters' home.
     *
     * @param registry where the meters go
     * @param secretNameTag whether {@value #FETCH} carries a {@code secret} tag (one series per secret)
     */
    public XacctSecretsMetrics(MeterRegistry registry, boolean secretNameTag) {
        this(registry, secretNameTag, "xacct-secrets-" + CLIENTS.incrementAndGet());
    }

    /**
     * Creates the meters' home of one client.
     *
     * @param registry where the meters go
     * @param secretNameTag whether {@value #FETCH} carries a {@code secret} tag (one series per secret)
     * @param clientName the value of the {@value #CLIENT_TAG} tag on every meter
     */
    public XacctSecretsMetrics(MeterRegistry registry, boolean secretNameTag, String clientName) {
        this.registry = registry;
        this.secretNameTag = secretNameTag;
        this.clientTags = Tags.of(CLIENT_TAG, clientName);
    }

    @Override
    public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
        Tags tags = outcome(code).and(clientTags);
        if (secretNameTag) {
            tags = tags.and("secret", secret.name());
        }
        Timer.builder(FETCH).description("GetSecretValue calls, by outcome and diagnosis code")
                .tags(tags).register(registry).record(duration);
    }

    @Override
    public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
        Timer.builder(ASSUME_ROLE).description("STS AssumeRole calls, by outcome and diagnosis code")
                .tags(outcome(code).and(clientTags)).register(registry).record(duration);
    }

    @Override
    public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
        Counter.builder(REFRESH_FAILURES).description("Background refreshes that failed, by diagnosis code")
                .tag("code", diagnosis.code().name()).tags(clientTags).register(registry).increment();
    }

    /** The Caffeine statistics sink, which registers Micrometer's cache meters. */
    public StatsCounter statsCounter() {
        return new CaffeineStatsCounter(registry, CACHE_NAME, clientTags);
    }

    /**
     * Registers the cache size and the gauges read from the cache.
     *
     * @param cache the cache, for its size
     * @param oldestValueAgeSeconds the age of the oldest servable value
     * @param staleValues how many values are served stale
     */
    public void bindCache(Cache<?, ?> cache, DoubleSupplier oldestValueAgeSeconds, DoubleSupplier staleValues) {
        // Strong references: the suppliers are lambdas held by nothing else, which a weak gauge loses to the next GC
        // (reading NaN); close() removes the gauges.
        new CaffeineStatsCounter(registry, CACHE_NAME, clientTags).registerSizeMetric(cache);
        gauges.add(Gauge.builder(VALUE_AGE, oldestValueAgeSeconds, DoubleSupplier::getAsDouble)
                .description("Age of the oldest cached secret value").tags(clientTags)
                .baseUnit("seconds").strongReference(true).register(registry));
        gauges.add(Gauge.builder(STALE_VALUES, staleValues, DoubleSupplier::getAsDouble)
                .description("Secret values served although their last refresh failed").tags(clientTags)
                .strongReference(true).register(registry));
        registry.find("cache.size").tags(clientTags).meters().forEach(gauges::add);
    }

    private static Tags outcome(DiagnosisCode code) {
        return Tags.of("outcome", code == DiagnosisCode.OK ? "success" : "failure", "code", code.name());
    }

    /** Removes the gauges (which would otherwise keep the closed client's cache reachable). */
    @Override
    public void close() {
        gauges.forEach(registry::remove);
    }
}
