package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Fault;
import dev.xacct.secrets.testkit.World;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache's semantics, with time moved by hand (an injected ticker) and requests counted by the emulator. */
class CacheBehaviourTest {

    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);
    private static final Duration MAX_STALENESS = Duration.ofHours(1);

    private final ManualTicker ticker = new ManualTicker();
    private final PausableExecutor executor = new PausableExecutor();
    private final List<Diagnosis> refreshFailures = new CopyOnWriteArrayList<>();
    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as each test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
    }

    private XacctSecretsClientBuilder builder() {
        return fx.client(aws)
                .ticker(ticker)
                .executor(executor)
                .refreshAfter(REFRESH_AFTER)
                .refreshJitter(0)
                .maxStaleness(MAX_STALENESS)
                .addListener(new XacctSecretsListener() {
                    @Override
                    public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
                        refreshFailures.add(diagnosis);
                    }
                });
    }

    private long gets() {
        return aws.requestLog().count("GetSecretValue");
    }

    @Test
    void thirtyTwoThreadsReadingOneColdSecret_makeOneGetSecretValue() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(32);
        try (XacctSecretsClient client = fx.client(aws).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> reads = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                reads.add(readers.submit(() -> {
                    start.await();
                    return client.getField(fx.ref(), "username");
                }));
            }
            start.countDown();
            for (Future<String> read : reads) {
                assertThat(read.get()).isEqualTo("app");
            }
            assertThat(gets()).isEqualTo(1);
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void hits_makeNoRequest() {
        try (XacctSecretsClient client = builder().build()) {
            for (int i = 0; i < 100; i++) {
                client.get(fx.ref());
            }
            assertThat(gets()).isEqualTo(1);
        }
    }

    @Test
    void afterRefreshAfter_theReaderGetsTheCurrentValueWhileTheRefreshRunsInTheBackground() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            fx.secret.rotate("{\"password\":\"rotated\"}");
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            executor.pause();

            assertThat(client.getField(fx.ref(), "password")).isEqualTo(Fixture.CANARY);
            assertThat(client.getField(fx.ref(), "password")).isEqualTo(Fixture.CANARY);
            assertThat(executor.queuedTasks())
                    .as("the refresh waits in the background")
                    .isPositive();
            assertThat(gets()).isEqualTo(1);

            executor.runQueued();
            assertThat(client.getField(fx.ref(), "password")).isEqualTo("rotated");
            assertThat(gets()).as("one refresh, however many readers").isEqualTo(2);
        }
    }

    @Test
    void beforeRefreshAfter_nothingIsRefreshed() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            ticker.advance(REFRESH_AFTER.minusSeconds(1));
            client.get(fx.ref());

            assertThat(gets()).isEqualTo(1);
        }
    }

    @Test
    void jitter_spreadsRefreshesWithinTheJitterShare() {
        try (XacctSecretsClient client = builder().refreshJitter(0.5).build()) {
            client.get(fx.ref());
            ticker.advance(REFRESH_AFTER.dividedBy(2).minusSeconds(1));
            client.get(fx.ref());
            assertThat(gets())
                    .as("never earlier than refreshAfter less the jitter share")
                    .isEqualTo(1);

            ticker.advance(REFRESH_AFTER.dividedBy(2).plusSeconds(2));
            client.get(fx.ref());
            assertThat(gets()).as("always by refreshAfter").isEqualTo(2);
        }
    }

    @Test
    void transientFailureOnRefresh_servesTheLastGoodValue_untilMaxStaleness() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            aws.faults().inject("GetSecretValue", Fault.throttling());
            ticker.advance(REFRESH_AFTER.plusSeconds(1));

            assertThat(client.getField(fx.ref(), "password")).isEqualTo(Fixture.CANARY);
            assertThat(client.getField(fx.ref(), "password")).isEqualTo(Fixture.CANARY);
            assertThat(refreshFailures).extracting(Diagnosis::code).containsExactly(DiagnosisCode.THROTTLED);

            ticker.advance(MAX_STALENESS);
            assertThatThrownBy(() -> client.get(fx.ref()))
                    .isInstanceOf(SecretAccessException.class)
                    .satisfies(
                            e -> assertThat(((SecretAccessException) e).code()).isEqualTo(DiagnosisCode.THROTTLED));
        }
    }

    @Test
    void transientFailureOnRefresh_isRetriedWithBackoff_andRecovers() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            aws.faults().inject("GetSecretValue", Fault.internalError().times(1));
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            client.get(fx.ref());
            assertThat(gets()).isEqualTo(2);

            client.get(fx.ref());
            assertThat(gets()).as("no retry before the backoff").isEqualTo(2);

            ticker.advance(Duration.ofSeconds(1));
            fx.secret.rotate("{\"password\":\"after-outage\"}");
            client.get(fx.ref());
            assertThat(gets()).isEqualTo(3);
            assertThat(client.getField(fx.ref(), "password")).isEqualTo("after-outage");
        }
    }

    @Test
    void accessLostOnRefresh_failsWithTheDiagnosis() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            fx.secret.resourcePolicy(null);
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            client.get(fx.ref());

            assertThatThrownBy(() -> client.get(fx.ref()))
                    .isInstanceOf(SecretAccessException.class)
                    .satisfies(e -> assertThat(((SecretAccessException) e).code())
                            .isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY));
        }
    }

    @Test
    void accessLostOnRefresh_servesStaleWhenConfigured() {
        try (XacctSecretsClient client = builder().serveStaleOnAccessError(true).build()) {
            client.get(fx.ref());
            fx.secret.resourcePolicy(null);
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            client.get(fx.ref());

            assertThat(client.getField(fx.ref(), "password")).isEqualTo(Fixture.CANARY);
            assertThat(refreshFailures)
                    .extracting(Diagnosis::code)
                    .containsExactly(DiagnosisCode.SECRET_RESOURCE_POLICY);
        }
    }

    @Test
    void failedFirstRead_isRemembered_andRetriedOnlyAfterTheBackoff() {
        fx.secret.resourcePolicy(null);
        try (XacctSecretsClient client =
                builder().failureBackoff(Duration.ofSeconds(2)).build()) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> client.get(fx.ref())).isInstanceOf(SecretAccessException.class);
            }
            assertThat(gets()).isEqualTo(1);

            ticker.advance(Duration.ofSeconds(2));
            assertThatThrownBy(() -> client.get(fx.ref())).isInstanceOf(SecretAccessException.class);
            assertThat(gets()).isEqualTo(2);

            ticker.advance(Duration.ofSeconds(2));
            assertThatThrownBy(() -> client.get(fx.ref())).isInstanceOf(SecretAccessException.class);
            assertThat(gets()).as("the second backoff is longer (2-4 s)").isBetween(2L, 3L);

            fx.secret.resourcePolicy(
                    dev.xacct.secrets.testkit.Policies.allowPrincipal(fx.role.arn(), "secretsmanager:GetSecretValue"));
            ticker.advance(Duration.ofSeconds(9));
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
        }
    }

    @Test
    void refresh_readsNow() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            fx.secret.rotate("{\"password\":\"rotated\"}");

            assertThat(client.refresh(fx.ref()).field("password")).isEqualTo("rotated");
            assertThat(client.getField(fx.ref(), "password")).isEqualTo("rotated");
            assertThat(gets()).isEqualTo(2);
        }
    }

    @Test
    void refresh_whoseReadFails_throwsThatFailure_whileReadsKeepServingTheLastGoodValue() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            aws.faults().inject("GetSecretValue", Fault.throttling().times(1));

            assertThatThrownBy(() -> client.refresh(fx.ref()))
                    .isInstanceOf(SecretAccessException.class)
                    .satisfies(
                            e -> assertThat(((SecretAccessException) e).code()).isEqualTo(DiagnosisCode.THROTTLED));
            assertThat(client.getField(fx.ref(), "password")).isEqualTo(Fixture.CANARY);
        }
    }

    @Test
    void unreadValue_olderThanMaxStaleness_isReadAgainBeforeItIsServed() {
        try (XacctSecretsClient client = builder().build()) {
            client.get(fx.ref());
            fx.secret.rotate("{\"password\":\"rotated\"}");
            ticker.advance(MAX_STALENESS.plusSeconds(1));

            assertThat(client.getField(fx.ref(), "password")).isEqualTo("rotated");
        }
    }
}
