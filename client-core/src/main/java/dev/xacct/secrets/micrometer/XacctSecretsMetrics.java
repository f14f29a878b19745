package dev.xacct.secrets.micrometer;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsListener;
import dev.xacct.secrets.internal.Instruments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineStatsCounter;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The Micrometer meters of one {@link XacctSecretsClient}, bound the way Micrometer binds a cache:
 *
 * <pre>{@code
 * XacctSecretsClient secrets = XacctSecretsMetrics.monitor(registry, XacctSecretsClient.create(), "orders");
 * }</pre>
 *
 * <p>Every meter carries the tag {@value #CLIENT_TAG}{@code =NAME} and the tags given, so two clients on one registry
 * keep their own meters; a second client bound under a name already bound to the registry is refused. The meters,
 * with bounded tags:
 * <ul>
 *   <li>{@value #FETCH} (timer): each {@code GetSecretValue}, tagged {@code outcome} ({@code success}/{@code failure})
 *       and {@code code} (the diagnosis code), and {@code secret} (the secret name) only with
 *       {@link #withSecretNameTag()};</li>
 *   <li>{@value #ASSUME_ROLE} (timer): each STS {@code AssumeRole}, tagged {@code outcome} and {@code code};</li>
 *   <li>{@value #REFRESH_FAILURES} (counter): background refreshes that failed, tagged {@code code};</li>
 *   <li>{@value #VALUE_AGE} (gauge, seconds): the age of the oldest value the cache would serve;</li>
 *   <li>{@value #STALE_VALUES} (gauge): values served although their last refresh failed;</li>
 *   <li>the cache's own meters, as Micrometer's Caffeine binder names them ({@code cache.gets},
 *       {@code cache.loads}, {@code cache.evictions}, {@code cache.size}), tagged
 *       {@code cache=}{@value #CACHE_NAME}.</li>
 * </ul>
 * Secret values never reach a meter. When the client closes, its meters are removed from every registry it was bound
 * to (its gauges would otherwise keep the closed cache reachable); binding a closed client registers nothing.
 */
public final class XacctSecretsMetrics implements MeterBinder {

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
    /** The {@code cache} tag of the cache meters. */
    public static final String CACHE_NAME = "xacct.secrets";
    /** The tag naming the client on every meter. */
    public static final String CLIENT_TAG = "client";

    private final XacctSecretsClient client;
    private final Tags tags;
    private final boolean secretNameTag;
    /** The registries bound, each once: binding again (Spring Boot binds every MeterBinder bean) changes nothing. */
    private final Map<MeterRegistry, Binding> bound = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * The meters of {@code client}, to bind to a registry with {@link #bindTo}.
     *
     * @param client the client
     * @param name the value of the {@value #CLIENT_TAG} tag, distinct per client of a registry
     * @param tags more tags for every meter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public XacctSecretsMetrics(XacctSecretsClient client, String name, Iterable<Tag> tags) {
        this(client, Tags.of(CLIENT_TAG, requireName(name)).and(Objects.requireNonNull(tags, "tags")), false);
    }

    private XacctSecretsMetrics(XacctSecretsClient client, Tags tags, boolean secretNameTag) {
        this.client = Objects.requireNonNull(client, "client");
        this.tags = tags;
        this.secretNameTag = secretNameTag;
    }

    /**
     * Binds the meters of {@code client} to {@code registry}.
     *
     * @param registry the registry
     * @param client the client
     * @param name the value of the {@value #CLIENT_TAG} tag, distinct per client of a registry
     * @param tags more tags, as key-value pairs
     * @return {@code client}
     * @throws IllegalArgumentException if a client is already bound to {@code registry} under {@code name}
     */
    public static XacctSecretsClient monitor(
            MeterRegistry registry, XacctSecretsClient client, String name, String... tags) {
        return monitor(registry, client, name, Tags.of(tags));
    }

    /**
     * Binds the meters of {@code client} to {@code registry}.
     *
     * @param registry the registry
     * @param client the client
     * @param name the value of the {@value #CLIENT_TAG} tag, distinct per client of a registry
     * @param tags more tags
     * @return {@code client}
     * @throws IllegalArgumentException if a client is already bound to {@code registry} under {@code name}
     */
    public static XacctSecretsClient monitor(
            MeterRegistry registry, XacctSecretsClient client, String name, Iterable<Tag> tags) {
        new XacctSecretsMetrics(client, name, tags).bindTo(registry);
        return client;
    }

    /**
     * These meters, with {@value #FETCH} also tagged {@code secret} with the secret name: one series per secret.
     *
     * @return a binder like this one, with the secret tag
     */
    public XacctSecretsMetrics withSecretNameTag() {
        return new XacctSecretsMetrics(client, tags, true);
    }

    /**
     * Registers the meters in {@code registry} and starts recording into them; a registry already bound is left as
     * it is.
     *
     * @throws IllegalArgumentException if another client is bound to {@code registry} under the same name
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (bound) {
            if (bound.containsKey(registry)) {
                return;
            }
            if (registry.find(VALUE_AGE).tags(tags).gauge() != null) {
                throw new IllegalArgumentException("a client is already bound to this registry with the tags " + tags
                        + ": give each client its own name");
            }
            Binding binding = new Binding(registry);
            bound.put(registry, binding);
            binding.start();
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must name the client (the value of its " + CLIENT_TAG
                    + " tag), was: " + (name == null ? "null" : "blank"));
        }
        return name;
    }

    private static Tags outcome(DiagnosisCode code) {
        return Tags.of("outcome", code == DiagnosisCode.OK ? "success" : "failure", "code", code.name());
    }

    /** The meters of the client in one registry: a listener of the client, and the cache's counters and gauges. */
    private final class Binding implements XacctSecretsListener {

        private final MeterRegistry registry;
        private final Instruments instruments = Instruments.of(client);
        /** {@code null} until {@link #start()}, which registers it. */
        private @Nullable CaffeineStatsCounter stats;

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        void start() {
            CaffeineStatsCounter counter = new CaffeineStatsCounter(registry, CACHE_NAME, tags);
            stats = counter;
            // Named and tagged as Micrometer's Caffeine binder names its size gauge (the cache is not always a
            // Caffeine one: see BoundedMap).
            Gauge.builder("cache.size", instruments, Instruments::size)
                    .description("The approximate number of entries in this cache.")
                    .tags(tags)
                    .tag("cache", CACHE_NAME)
                    .strongReference(true)
                    .register(registry);
            // Strong references: the functions are lambdas held by nothing else, which a weak gauge loses to the next
            // GC (reading NaN); the client's close removes the gauges.
            gauge(VALUE_AGE, "Age of the oldest cached secret value", "seconds", Instruments::oldestValueAgeSeconds);
            gauge(
                    STALE_VALUES,
                    "Secret values served although their last refresh failed",
                    null,
                    Instruments::staleValues);
            instruments.addStatsCounter(counter);
            instruments.addListener(this);
            instruments.onClose(this::stop);
        }

        private void gauge(
                String name, String description, @Nullable String unit, ToDoubleFunction<Instruments> value) {
            Gauge.builder(name, instruments, value)
                    .description(description)
                    .tags(tags)
                    .baseUnit(unit)
                    .strongReference(true)
                    .register(registry);
        }

        /** Removes every meter of this client from the registry: no other client's (they differ by the tags). */
        void stop() {
            instruments.removeListener(this);
            // Registered as onClose by start(), after stats is set.
            instruments.removeStatsCounter(Objects.requireNonNull(stats, "stop() runs only after start()"));
            for (Meter meter : registry.getMeters()) {
                Meter.Id id = meter.getId();
                boolean ours = id.getName().startsWith("xacct.secrets.") || CACHE_NAME.equals(id.getTag("cache"));
                if (ours && id.getTags().containsAll(tags.stream().toList())) {
                    registry.remove(meter);
                }
            }
            bound.remove(registry);
        }

        @Override
        public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
            Tags fetchTags = outcome(code).and(tags);
            if (secretNameTag) {
                fetchTags = fetchTags.and("secret", secret.name());
            }
            Timer.builder(FETCH)
                    .description("GetSecretValue calls, by outcome and diagnosis code")
                    .tags(fetchTags)
                    .register(registry)
                    .record(duration);
        }

        @Override
        public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
            Timer.builder(ASSUME_ROLE)
                    .description("STS AssumeRole calls, by outcome and diagnosis code")
                    .tags(outcome(code).and(tags))
                    .register(registry)
                    .record(duration);
        }

        @Override
        public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
            Counter.builder(REFRESH_FAILURES)
                    .description("Background refreshes that failed, by diagnosis code")
                    .tag("code", diagnosis.code().name())
                    .tags(tags)
                    .register(registry)
                    .increment();
        }
    }
}
