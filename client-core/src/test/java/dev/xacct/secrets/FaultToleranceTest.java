package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Fault;
import dev.xacct.secrets.testkit.Policies;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * Reads under faults the network and the service can produce, through the emulator and a {@link FaultyFront} before
 * it: no read waits past its bound, failing secrets back off, versions never go back, nothing runs after close.
 * Time is moved by hand; AWS calls are limited to fractions of a second, so nothing here waits long.
 */
class FaultToleranceTest {

    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);
    private static final Duration MAX_STALENESS = Duration.ofHours(1);
    /** Far above the limits below: a read that is still blocked then would be blocked for ever. */
    private static final Duration NEVER = Duration.ofSeconds(20);

    private CrossAccountScenario scenario;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        scenario = CrossAccountScenario.create(11);
        return scenario.world();
    });

    private final ManualTicker ticker = new ManualTicker();
    private final List<Diagnosis> refreshFailures = new CopyOnWriteArrayList<>();
    private AwsEmulator aws;
    private FaultyFront front;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        front = new FaultyFront(aws.endpoint());
    }

    @AfterEach
    void stop() {
        front.close();
    }

    private SecretRef ref() {
        return SecretRef.parse(scenario.secretArn());
    }

    /**
     * A client of the scenario's app through the front, without SDK retries, and with limits long enough for a cold
     * first call on a busy machine (a CI runner running other builds): tests of the limits set short ones.
     */
    private XacctSecretsClientBuilder client() {
        return client(front.endpoint());
    }

    /** As {@link #client()}, with the short limits the tests of stuck calls wait for in real time. */
    private XacctSecretsClientBuilder clientWithShortLimits() {
        return client().apiCallTimeout(Duration.ofSeconds(3))
                .apiCallAttemptTimeout(Duration.ofMillis(2500))
                .diagnosticCallTimeout(Duration.ofSeconds(1));
    }

    private XacctSecretsClientBuilder client(URI endpoint) {
        AccessKey key = scenario.appCredentials();
        return XacctSecretsClient.builder()
                .endpointOverride(endpoint)
                .region(CrossAccountScenario.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .roleArn(scenario.roleArn())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .apiCallTimeout(Duration.ofSeconds(20))
                .apiCallAttemptTimeout(Duration.ofSeconds(15))
                .diagnosticCallTimeout(Duration.ofSeconds(5))
                .ticker(ticker)
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

    private static DiagnosisCode codeOf(Throwable e) {
        return ((SecretAccessException) e).code();
    }

    @Test
    void firstReadFromATricklingServer_failsWithinTheCallLimit_asATransientError() {
        front.fault("GetSecretValue", FaultyFront.Mode.TRICKLE);
        try (XacctSecretsClient client = clientWithShortLimits().build()) {
            assertTimeoutPreemptively(
                    NEVER,
                    () -> assertThatThrownBy(() -> client.get(ref()))
                            .isInstanceOf(SecretAccessException.class)
                            .satisfies(e -> assertThat(codeOf(e)).isEqualTo(DiagnosisCode.SERVICE_ERROR)));
        }
    }

    @Test
    void refreshStuckOnATricklingServer_endsAtTheCallLimit_andTheNextOneAfterTheBackoffReadsTheRecoveredValue()
            throws Exception {
        try (XacctSecretsClient client = clientWithShortLimits().build()) {
            String v1 = client.getString(ref());
            front.fault("GetSecretValue", FaultyFront.Mode.TRICKLE);
            ticker.advance(REFRESH_AFTER.plusSeconds(1));

            assertThat(client.getString(ref())).isEqualTo(v1);
            awaitRefreshFailure();
            assertThat(refreshFailures).extracting(Diagnosis::code).containsExactly(DiagnosisCode.SERVICE_ERROR);

            front.clear();
            scenario.secret().rotate("after-the-trickle");
            ticker.advance(Duration.ofSeconds(1));
            client.get(ref());
            assertTimeoutPreemptively(NEVER, () -> {
                while (!client.getString(ref()).equals("after-the-trickle")) {
                    Thread.sleep(10);
                }
            });
        }
    }

    @Test
    void refreshThatNeverRuns_isAbandonedAfterTheReadBound_andRetriedAfterTheBackoff() {
        PausableExecutor executor = new PausableExecutor();
        try (XacctSecretsClient client =
                clientWithShortLimits().executor(executor).build()) {
            client.get(ref());
            scenario.secret().rotate("rotated");
            executor.pause();
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            client.get(ref());
            assertThat(executor.queuedTasks()).isEqualTo(1);

            ticker.advance(Duration.ofMinutes(1));
            client.get(ref());
            assertThat(executor.queuedTasks())
                    .as("within the backoff after the abandoned refresh")
                    .isEqualTo(1);
            assertThat(refreshFailures).extracting(Diagnosis::code).containsExactly(DiagnosisCode.SERVICE_ERROR);

            ticker.advance(Duration.ofSeconds(1));
            client.get(ref());
            assertThat(executor.queuedTasks())
                    .as("a new refresh after the backoff")
                    .isEqualTo(2);

            executor.runQueued();
            assertThat(client.getString(ref())).isEqualTo("rotated");
        }
    }

    @Test
    void blackHoledEndpoint_failsAFirstReadWithinTheCallLimit_withoutDiagnosticCalls() {
        try (XacctSecretsClient client = clientWithShortLimits().build()) {
            client.verify(List.of()); // the role is assumed before the black hole
            front.fault("GetSecretValue", FaultyFront.Mode.BLACK_HOLE);
            long callerChecks = aws.requestLog().count("GetCallerIdentity");

            assertTimeoutPreemptively(
                    NEVER,
                    () -> assertThatThrownBy(() -> client.get(ref()))
                            .isInstanceOf(SecretAccessException.class)
                            .satisfies(e -> assertThat(codeOf(e)).isEqualTo(DiagnosisCode.SERVICE_ERROR)));
            assertThat(aws.requestLog().count("GetCallerIdentity")).isEqualTo(callerChecks);
        }
    }

    @Test
    void throttling_makesNoDiagnosticCall() {
        aws.faults().inject("GetSecretValue", Fault.throttling());
        try (XacctSecretsClient client = client(aws.endpoint()).build()) {
            assertThatThrownBy(() -> client.get(ref()))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(DiagnosisCode.THROTTLED));

            assertThat(aws.requestLog().count("GetCallerIdentity")).isZero();
            assertThat(aws.requestLog().count("DescribeSecret")).isZero();
        }
    }

    @Test
    void throttledSecretPastMaxStaleness_isFetchedOncePerBackoff_byAllReaders() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(16);
        try (XacctSecretsClient client = client(aws.endpoint()).build()) {
            client.get(ref());
            aws.faults().inject("GetSecretValue", Fault.throttling());
            ticker.advance(MAX_STALENESS.plusSeconds(1));

            CountDownLatch go = new CountDownLatch(1);
            List<Future<Throwable>> reads = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                reads.add(readers.submit(() -> {
                    go.await();
                    List<Throwable> failures = new ArrayList<>();
                    for (int j = 0; j < 5; j++) {
                        try {
                            client.get(ref());
                        } catch (SecretAccessException e) {
                            failures.add(e);
                        }
                    }
                    return failures.size() == 5 ? failures.get(0) : null;
                }));
            }
            go.countDown();
            for (Future<Throwable> read : reads) {
                assertThat(read.get(NEVER.toSeconds(), TimeUnit.SECONDS))
                        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(DiagnosisCode.THROTTLED));
            }
            assertThat(gets()).as("one warm read, then one fetch for 80 reads").isEqualTo(2);

            ticker.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> client.get(ref())).isInstanceOf(SecretAccessException.class);
            assertThat(gets()).as("the next after the backoff").isEqualTo(3);
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void afterClose_everyReadRefreshAndPreloadFailsAtOnce() {
        XacctSecretsClient client = client(aws.endpoint()).build();
        SecretRef warm = ref();
        client.get(warm);
        ticker.advance(MAX_STALENESS.plusSeconds(1));
        client.close();

        assertTimeoutPreemptively(NEVER, () -> {
            assertThatThrownBy(() -> client.get(warm))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> client.get(SecretRef.of("never/read", CrossAccountScenario.OWNER_ACCOUNT)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> client.refresh(warm)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> client.preload(List.of(warm))).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void manySecretsDueOnABlackHoledEndpoint_runOnABoundedNumberOfThreads() throws Exception {
        List<SecretRef> refs = new ArrayList<>();
        scenario.role()
                .orElseThrow()
                .putPolicy(
                        "bulk",
                        Policies.allow(
                                "arn:aws:secretsmanager:*:" + CrossAccountScenario.OWNER_ACCOUNT + ":secret:bulk/*",
                                "secretsmanager:GetSecretValue"));
        for (int i = 0; i < 12; i++) {
            refs.add(SecretRef.parse(scenario.owner()
                    .createSecret("bulk/" + i)
                    .kmsKey(scenario.key())
                    .secretString("v" + i)
                    .resourcePolicy(scenario.resourcePolicy().orElseThrow())
                    .arn()));
        }
        long before = clientThreads();
        // The black hole holds each refresh for the whole (long) limit; close() abandons them without waiting.
        try (XacctSecretsClient client = client().preloadConcurrency(3).build()) {
            assertThat(client.preload(refs)).isEmpty();
            front.fault("GetSecretValue", FaultyFront.Mode.BLACK_HOLE);
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            for (SecretRef ref : refs) {
                assertThat(client.getString(ref)).startsWith("v");
            }

            assertTimeoutPreemptively(NEVER, () -> {
                while (front.faulted() == 0) {
                    Thread.sleep(10);
                }
            });
            assertThat(clientThreads()).as("at most preloadConcurrency threads").isLessThanOrEqualTo(before + 3);
        }
    }

    /** The client threads alive (of this client, and perhaps of clients of earlier tests still ending). */
    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("xacct-secrets-\\d+") && t.isAlive())
                .count();
    }

    @Test
    void firstReadThroughAPartialArn_doesNotBringBackAVersionReadBeforeARefreshAndInvalidate() throws Exception {
        SecretRef full = ref();
        SecretRef partial = SecretRef.parse(scenario.secret().partialArn());
        try (XacctSecretsClient client = client().build()) {
            front.fault("GetSecretValue", FaultyFront.Mode.HOLD, 1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> client.getString(partial));
            front.awaitHeld();

            scenario.secret().rotate("v2");
            assertThat(client.refresh(full).asString()).isEqualTo("v2");
            client.invalidate(full);
            front.release();

            assertThat(first.get(NEVER.toSeconds(), TimeUnit.SECONDS))
                    .as("what the first read found")
                    .isNotEqualTo("v2");
            assertThat(client.getString(full)).isEqualTo("v2");
            assertThat(client.getString(partial)).as("pinned to the full ARN").isEqualTo("v2");
        }
    }

    @Test
    void refresh_returnsAValueReadAfterTheCall_notTheRefreshAlreadyUnderWay() throws Exception {
        try (XacctSecretsClient client = client().build()) {
            String v1 = client.getString(ref());
            front.fault("GetSecretValue", FaultyFront.Mode.HOLD, 1);
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            assertThat(client.getString(ref())).isEqualTo(v1);
            front.awaitHeld();

            scenario.secret().rotate("v2");
            assertThat(client.refresh(ref()).asString()).isEqualTo("v2");

            front.release();
            assertThat(client.getString(ref()))
                    .as("the older refresh, ending last, is dropped")
                    .isEqualTo("v2");
        }
    }

    @Test
    void awsPrevious_isReadAgainWhenTheCurrentVersionChanges() {
        PausableExecutor inline = new PausableExecutor();
        scenario.secret().rotate("v2");
        try (XacctSecretsClient client = client(aws.endpoint()).executor(inline).build()) {
            SecretRef previous = ref().withVersionStage("AWSPREVIOUS");
            assertThat(client.getString(ref())).isEqualTo("v2");
            String v1 = client.getString(previous);
            assertThat(v1).isNotEqualTo("v2");

            scenario.secret().rotate("v3");
            ticker.advance(REFRESH_AFTER.plusSeconds(1));
            client.get(ref());
            assertThat(client.getString(ref())).isEqualTo("v3");
            assertThat(client.getString(previous)).isEqualTo("v2");
        }
    }

    @Test
    void failedLookupsOfUnknownSecrets_doNotEvictGoodValues() {
        try (XacctSecretsClient client = client(aws.endpoint()).maximumSize(2).build()) {
            client.get(ref());
            for (int i = 0; i < 40; i++) {
                SecretRef unknown =
                        SecretRef.of("unknown/" + i, CrossAccountScenario.OWNER_ACCOUNT, CrossAccountScenario.REGION);
                assertThatThrownBy(() -> client.get(unknown)).isInstanceOf(SecretAccessException.class);
            }
            long before = gets();
            client.get(ref());
            assertThat(gets()).isEqualTo(before);
        }
    }

    @Test
    void hugeResponse_isRefusedAsATransientError_andTheLastGoodValueIsServed() {
        try (XacctSecretsClient client = client().build()) {
            String v1 = client.getString(ref());
            front.fault("GetSecretValue", FaultyFront.Mode.HUGE_200);
            ticker.advance(REFRESH_AFTER.plusSeconds(1));

            assertThat(client.getString(ref())).isEqualTo(v1);
            awaitRefreshFailure();
            assertThat(refreshFailures).extracting(Diagnosis::code).containsExactly(DiagnosisCode.SERVICE_ERROR);
            assertThat(client.getString(ref())).isEqualTo(v1);
        }
    }

    private void awaitRefreshFailure() {
        assertTimeoutPreemptively(NEVER, () -> {
            while (refreshFailures.isEmpty()) {
                Thread.sleep(10);
            }
        });
    }

    @Test
    void hugeResponseToAFirstRead_failsAsAServiceError() {
        front.fault("GetSecretValue", FaultyFront.Mode.HUGE_200);
        try (XacctSecretsClient client = client().build()) {
            assertThatThrownBy(() -> client.get(ref()))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(DiagnosisCode.SERVICE_ERROR));
        }
    }
}
