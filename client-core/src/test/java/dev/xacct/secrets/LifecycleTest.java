package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.World;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** What a client starts it owns, and ends on close; what it registers is its own. */
class LifecycleTest {

    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as each test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
    }

    @Test
    void afterClose_noThreadTheClientStartedIsAlive() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        XacctSecretsClient client = fx.client(aws).build();
        client.getField(fx.ref(), "username");
        // Hits as a busy application makes them (each microseconds at most, even interpreted): the client's clock
        // runs while reads come this fast.
        for (int i = 0; i < 10_000; i++) {
            client.get(fx.ref());
        }
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        assertThat(started)
                .extracting(Thread::getName)
                .as("the client's clock runs while it is read often")
                .contains("xacct-secrets-clock");

        client.close();
        // Not the client's: the JDK's HTTP keep-alive timer (the JVM's, shared by every HttpURLConnection) and the
        // emulator's server threads.
        started.removeIf(thread ->
                thread.getName().equals("Keep-Alive-Timer") || thread.getName().startsWith("aws-emulator"));
        assertThat(started).as("threads the read started").isNotEmpty();
        for (Thread thread : started) {
            thread.join(10_000);
        }
        assertThat(started)
                .filteredOn(Thread::isAlive)
                .extracting(Thread::getName)
                .isEmpty();
    }

    @Test
    void aSuppliedTicker_startsNoClockThread() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        try (XacctSecretsClient client = fx.client(aws)
                .ticker(new ManualTicker())
                .executor(Runnable::run)
                .build()) {
            client.get(fx.ref());
            Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            assertThat(started).extracting(Thread::getName).doesNotContain("xacct-secrets-clock");
        }
    }

    @Test
    void theDefaultCredentialsProvider_isMadeOnce_andClosedWithTheClient() {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AwsCredentials key = AwsBasicCredentials.create(fx.deployerKey.accessKeyId(), fx.deployerKey.secretAccessKey());
        XacctSecretsClientBuilder builder = XacctSecretsClient.builder()
                .endpointOverride(aws.endpoint())
                .region("us-east-1")
                .roleArn(fx.role.arn());
        builder.defaultCredentials = () -> {
            made.incrementAndGet();
            return new ClosableProvider(key, closed);
        };
        XacctSecretsClient client = builder.build();
        assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
        assertThat(closed).hasValue(0);

        client.close();
        assertThat(made).hasValue(1);
        assertThat(closed).hasValue(1);
    }

    @Test
    void aGivenCredentialsProvider_isTheCallersToClose() {
        AtomicInteger closed = new AtomicInteger();
        AwsCredentials key = AwsBasicCredentials.create(fx.deployerKey.accessKeyId(), fx.deployerKey.secretAccessKey());
        try (XacctSecretsClient client = fx.client(aws)
                .credentialsProvider(new ClosableProvider(key, closed))
                .build()) {
            client.get(fx.ref());
        }
        assertThat(closed).hasValue(0);
    }

    @Test
    void twoClientsOnOneRegistry_keepTheirOwnMeters_andClosingOneRemovesOnlyItsOwn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        XacctSecretsClient first =
                XacctSecretsMetrics.monitor(registry, fx.client(aws).build(), "first");
        XacctSecretsClient second =
                XacctSecretsMetrics.monitor(registry, fx.client(aws).build(), "second");
        first.get(fx.ref());
        second.get(fx.ref());
        second.get(fx.ref());
        assertThat(registry.find(XacctSecretsMetrics.VALUE_AGE).gauges()).hasSize(2);
        assertThat(registry.find("cache.size").gauges()).hasSize(2);
        assertThat(registry.get(XacctSecretsMetrics.FETCH)
                        .tag(XacctSecretsMetrics.CLIENT_TAG, "first")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("cache.gets")
                        .tag(XacctSecretsMetrics.CLIENT_TAG, "second")
                        .tag("result", "hit")
                        .counter()
                        .count())
                .isEqualTo(1);

        first.close();
        assertThat(registry.getMeters())
                .isNotEmpty()
                .allSatisfy(meter -> assertThat(meter.getId().getTag(XacctSecretsMetrics.CLIENT_TAG))
                        .isEqualTo("second"));
        assertThat(registry.find(XacctSecretsMetrics.STALE_VALUES)
                        .tag(XacctSecretsMetrics.CLIENT_TAG, "second")
                        .gauge())
                .isNotNull();
        assertThat(registry.find(XacctSecretsMetrics.VALUE_AGE).gauge().value()).isNotNaN();
        second.get(fx.ref());
        assertThat(registry.get("cache.gets")
                        .tag(XacctSecretsMetrics.CLIENT_TAG, "second")
                        .tag("result", "hit")
                        .counter()
                        .count())
                .as("still counted after the other closed")
                .isEqualTo(2);
        second.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    /** Static credentials that count their closing, as the default chain would be closed. */
    private record ClosableProvider(AwsCredentials key, AtomicInteger closed)
            implements AwsCredentialsProvider, SdkAutoCloseable {

        @Override
        public AwsCredentials resolveCredentials() {
            return key;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
