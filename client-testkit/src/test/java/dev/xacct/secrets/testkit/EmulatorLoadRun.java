package dev.xacct.secrets.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A load run, not a test: how many cross-account GetSecretValue requests per second the emulator serves, with
 * SigV4 verification and full policy evaluation on every request, to real SDK clients in the same JVM (so client
 * and server share the machine's cores). The world is the documented setup of {@link CrossAccountScenario}; the
 * emulator is started by hand because this is a program, not a JUnit test. Bounded in time; talks only to 127.0.0.1.
 *
 * <p>Run: {@code mvn -B -ntp -pl client-testkit test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.xacct.secrets.testkit.EmulatorLoadRun}
 */
public final class EmulatorLoadRun {

    private static final int THREADS = 8;
    private static final Duration WARMUP = Duration.ofSeconds(10);
    private static final Duration MEASURE = Duration.ofSeconds(20);

    private EmulatorLoadRun() {
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        CrossAccountScenario scenario = CrossAccountScenario.create(1);
        try (AwsEmulator aws = AwsEmulator.start(scenario.world()); Sdk sdk = new Sdk(aws)) {
            SecretsManagerClient client = sdk.secretsManager(AppReader.appSession(sdk, scenario));
            LongAdder completed = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        client.getSecretValue(r -> r.secretId(scenario.secretArn()));
                        completed.increment();
                    }
                });
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(WARMUP.toMillis());
            long before = completed.sum();
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(MEASURE.toMillis());
            long requests = completed.sum() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            System.out.printf("%d threads, %.1f s: %d GetSecretValue requests, %.0f requests/second%n",
                    THREADS, seconds, requests, requests / seconds);
            // On a busy machine the wall-clock rate says more about the other processes than about the emulator:
            // the CPU time this JVM (client and server) got says what a request costs.
            System.out.printf("CPU time of this JVM: %.1f s (%.2f of %d cores), %.0f requests per CPU-second%n",
                    cpuSeconds, cpuSeconds / seconds, Runtime.getRuntime().availableProcessors(),
                    requests / cpuSeconds);
        }
    }
}
