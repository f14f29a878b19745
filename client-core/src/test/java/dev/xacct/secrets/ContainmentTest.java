package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.Fault;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the client keeps to itself: a listener's failure, one caller's exception, a user's executor, its log. */
class ContainmentTest {

    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    private final ManualTicker ticker = new ManualTicker();
    private final Fixture fx = new Fixture(World.create());
    /** On an instance field: an emulator per test, as each test changes its own world. */
    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(fx.world);

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
    }

    private long gets() {
        return aws.requestLog().count("GetSecretValue");
    }

    @Test
    void aListenerThatThrows_doesNotBreakTheRead_norIsItCachedAsAFailure() {
        AtomicInteger calls = new AtomicInteger();
        XacctSecretsListener throwing = new XacctSecretsListener() {
            @Override
            public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (XacctSecretsClient client = fx.client(aws)
                .ticker(ticker)
                .executor(Runnable::run)
                .addListener(throwing)
                .build()) {
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
            assertThat(client.refresh(fx.ref()).field("username")).isEqualTo("app");
            assertThat(calls).as("the listener was called, and threw").hasValue(2);
            assertThat(gets()).isEqualTo(2);
        }
    }

    @Test
    void aRememberedFailure_isThrownAsAFreshExceptionPerCaller_withTheStoredFailureAsCause() {
        SecretRef missing = SecretRef.parse(fx.secret.arn().replace("app/db", "app/gone"));
        try (XacctSecretsClient client =
                fx.client(aws).ticker(ticker).executor(Runnable::run).build()) {
            SecretAccessException first = catchThrowableOfType(SecretAccessException.class, () -> client.get(missing));
            SecretAccessException second = catchThrowableOfType(SecretAccessException.class, () -> client.get(missing));
            first.addSuppressed(new RuntimeException("the first caller's own"));

            assertThat(gets())
                    .as("the second read is within the backoff: no call")
                    .isEqualTo(1);
            assertThat(second).isNotSameAs(first);
            assertThat(second.getSuppressed()).isEmpty();
            assertThat(second.code()).isEqualTo(first.code());
            assertThat(second.getCause())
                    .isInstanceOf(SecretAccessException.class)
                    .isSameAs(first.getCause());
        }
    }

    @Test
    void preload_onASingleThreadExecutor_calledFromThatExecutor_completes() throws Exception {
        SecretRef other = SecretRef.parse(fx.owner
                .createSecret("app/other")
                .kmsKey(fx.key)
                .secretString("x")
                .resourcePolicy(Policies.allowPrincipal(fx.role.arn(), "secretsmanager:GetSecretValue"))
                .arn());
        ExecutorService single = Executors.newFixedThreadPool(1);
        try (XacctSecretsClient client =
                fx.client(aws).executor(single).preloadConcurrency(4).build()) {
            List<SecretRef> refs =
                    List.of(fx.ref(), other, SecretRef.parse(fx.secret.arn().replace("app/db", "app/nope")));
            // The preloading thread is the executor's only thread: a preload that waited for tasks on it would hang.
            Map<SecretRef, Diagnosis> failed =
                    single.submit(() -> client.preload(refs)).get(60, TimeUnit.SECONDS);

            assertThat(failed).containsOnlyKeys(refs.get(2));
            assertThat(client.getField(fx.ref(), "username")).isEqualTo("app");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void servingStale_logsOneWarning_andRecovery_oneInfo() {
        try (XacctSecretsClient client = fx.client(aws)
                .ticker(ticker)
                .executor(Runnable::run)
                .refreshAfter(REFRESH_AFTER)
                .refreshJitter(0)
                .build()) {
            client.get(fx.ref());
            aws.faults().inject("GetSecretValue", Fault.throttling().times(2));
            ticker.advance(REFRESH_AFTER.plusSeconds(1));

            String whileFailing = logOf(() -> {
                client.get(fx.ref());
                ticker.advance(Duration.ofSeconds(2));
                client.get(fx.ref());
                client.get(fx.ref());
            });
            assertThat(gets()).as("two failed refreshes").isEqualTo(3);
            assertThat(whileFailing.lines().filter(l -> l.contains("WARN")))
                    .hasSize(1)
                    .allSatisfy(l -> assertThat(l)
                            .contains("serving the last good value")
                            .contains("THROTTLED")
                            .doesNotContain(Fixture.CANARY));

            String recovered = logOf(() -> {
                ticker.advance(Duration.ofSeconds(5));
                client.get(fx.ref());
                client.get(fx.ref());
            });
            assertThat(gets()).isEqualTo(4);
            assertThat(recovered.lines().filter(l -> l.contains("INFO")))
                    .hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("read again"));
            assertThat(recovered).doesNotContain("WARN");
        }
    }

    /** What the client logged while {@code action} ran (the tests log to the file the build configures). */
    private static String logOf(Runnable action) {
        Path file = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
        try {
            long before = Files.size(file);
            action.run();
            byte[] all = Files.readAllBytes(file);
            return new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.contains("SecretCache"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
