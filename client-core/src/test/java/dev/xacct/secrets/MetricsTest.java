package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Fault;
import dev.xacct.secrets.testkit.World;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Micrometer meters, bound with {@link XacctSecretsMetrics#monitor}: names under xacct.secrets, bounded tags, the
 * client's name on each, a secret tag only when asked for.
 */
class MetricsTest {

    private final ManualTicker ticker = new ManualTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as each test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
    }

    private XacctSecretsClient monitored(XacctSecretsClient client) {
        return XacctSecretsMetrics.monitor(registry, client, "orders");
    }

    private XacctSecretsClient monitoredWithSecretNames(XacctSecretsClient client) {
        new XacctSecretsMetrics(client, "orders", Tags.empty())
                .withSecretNameTag()
                .bindTo(registry);
        return client;
    }

    @Test
    void fetchTimer_isTaggedWithOutcomeAndCode() {
        try (XacctSecretsClient client = monitored(fx.client(aws).build())) {
            client.get(fx.ref());
            fx.secret.resourcePolicy(null);
            assertThat(catchThrowable(() -> client.refresh(fx.ref()))).isInstanceOf(XacctSecretsException.class);

            assertThat(registry.get(XacctSecretsMetrics.FETCH)
                            .tag("outcome", "success")
                            .tag("code", "OK")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get(XacctSecretsMetrics.FETCH)
                            .tag("outcome", "failure")
                            .tag("code", "SECRET_RESOURCE_POLICY")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.find(XacctSecretsMetrics.FETCH)
                            .tagKeys("secret")
                            .timers())
                    .isEmpty();
        }
    }

    @Test
    void cacheMeters_fromMicrometersCaffeineBinder() {
        try (XacctSecretsClient client = monitored(fx.client(aws).build())) {
            client.get(fx.ref());
            client.get(fx.ref());
            client.get(fx.ref());

            assertThat(registry.get("cache.gets")
                            .tag("cache", XacctSecretsMetrics.CACHE_NAME)
                            .tag("result", "hit")
                            .counter()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("cache.gets")
                            .tag("cache", XacctSecretsMetrics.CACHE_NAME)
                            .tag("result", "miss")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("cache.size")
                            .tag("cache", XacctSecretsMetrics.CACHE_NAME)
                            .gauge()
                            .value())
                    .isEqualTo(1);
        }
    }

    @Test
    void assumeRoleTimer_andValueAgeGauge() {
        try (XacctSecretsClient client = monitored(fx.client(aws).ticker(ticker).build())) {
            client.get(fx.ref());
            ticker.advance(Duration.ofSeconds(42));

            assertThat(registry.get(XacctSecretsMetrics.ASSUME_ROLE)
                            .tag("outcome", "success")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get(XacctSecretsMetrics.VALUE_AGE).gauge().value())
                    .isEqualTo(42.0);
        }
    }

    @Test
    void refreshFailures_areCountedByCode_andStaleValuesGauged() {
        try (XacctSecretsClient client = monitored(fx.client(aws)
                .ticker(ticker)
                .refreshAfter(Duration.ofMinutes(1))
                .executor(Runnable::run)
                .build())) {
            client.get(fx.ref());
            aws.faults().inject("GetSecretValue", Fault.throttling());
            ticker.advance(Duration.ofMinutes(2));
            client.get(fx.ref());
            client.get(fx.ref());

            assertThat(registry.get(XacctSecretsMetrics.REFRESH_FAILURES)
                            .tag("code", "THROTTLED")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get(XacctSecretsMetrics.STALE_VALUES).gauge().value())
                    .isEqualTo(1);
        }
    }

    @Test
    void secretNameTag_whenAskedFor() {
        try (XacctSecretsClient client = monitoredWithSecretNames(fx.client(aws).build())) {
            client.get(fx.ref());

            assertThat(registry.get(XacctSecretsMetrics.FETCH)
                            .tag("secret", "app/db")
                            .timer()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void everyMeter_isNamedUnderTheLibrarysPrefixOrCache_andDescribed() {
        try (XacctSecretsClient client = monitored(fx.client(aws).build())) {
            client.get(fx.ref());
            for (Meter meter : registry.getMeters()) {
                String name = meter.getId().getName();
                assertThat(name).matches("(xacct\\.secrets\\.|cache\\.).*");
                if (name.startsWith("xacct.")) {
                    assertThat(meter.getId().getDescription()).as(name).isNotBlank();
                }
            }
        }
    }

    @Test
    void closingTheClient_removesItsGauges() {
        XacctSecretsClient client = monitored(fx.client(aws).build());
        client.get(fx.ref());
        client.close();

        assertThat(registry.find(XacctSecretsMetrics.VALUE_AGE).gauge()).isNull();
    }

    @Test
    void everyMeter_carriesTheClientsNameAndTheTagsGiven() {
        try (XacctSecretsClient client =
                XacctSecretsMetrics.monitor(registry, fx.client(aws).build(), "orders", "team", "payments")) {
            client.get(fx.ref());
            assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter -> {
                assertThat(meter.getId().getTag(XacctSecretsMetrics.CLIENT_TAG)).isEqualTo("orders");
                assertThat(meter.getId().getTag("team")).isEqualTo("payments");
            });
        }
    }

    @Test
    void bindingTwiceToOneRegistry_countsOnce() {
        try (XacctSecretsClient client = fx.client(aws).build()) {
            XacctSecretsMetrics metrics = new XacctSecretsMetrics(client, "orders", Tags.empty());
            metrics.bindTo(registry);
            metrics.bindTo(registry);
            client.get(fx.ref());

            assertThat(registry.get(XacctSecretsMetrics.FETCH).timer().count()).isEqualTo(1);
        }
    }

    @Test
    void aSecondClientUnderTheSameName_isRefused() {
        try (XacctSecretsClient first = monitored(fx.client(aws).build());
                XacctSecretsClient second = fx.client(aws).build()) {
            assertThatThrownBy(() -> XacctSecretsMetrics.monitor(registry, second, "orders"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("orders");
            assertThat(first).isNotNull();
        }
    }

    @Test
    void evictions_areCounted() {
        dev.xacct.secrets.testkit.Secret other = fx.owner
                .createSecret("app/other")
                .kmsKey(fx.key)
                .secretString("other")
                .resourcePolicy(fx.secret.resourcePolicy().orElseThrow());
        try (XacctSecretsClient client = monitored(fx.client(aws).maximumSize(1).build())) {
            client.get(fx.ref());
            client.get(SecretRef.parse(other.arn()));

            assertThat(registry.get("cache.evictions")
                            .tag("cache", XacctSecretsMetrics.CACHE_NAME)
                            .tag("cause", "SIZE")
                            .summary()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("cache.evictions")
                            .tag("cause", "REPLACED")
                            .summary()
                            .count())
                    .isZero();
        }
    }
}
