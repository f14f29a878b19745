package dev.xacct.secrets.testkit;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A load run, not a test: how many cross-account GetSecretValue requests per second the emulator serves, with
 * SigV4 verification and full policy evaluation on every request, to real SDK clients in the same JVM (so client
 * and server share the machine's cores). The world is the documented setup of {@link CrossAccountScenario}; the
 * emulator is started by hand because this is a program, not a JUnit test. Bounded in time; talks only to 127.0.0.1.
 *
 * <p>Run: {@code mvn -B -ntp -pl client-testkit test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.xacct.secrets.testkit.EmulatorLoadRun} (add {@code -Dxacct.loadrun.http=urlconnection} for
 * the load on the URLConnection HTTP client instead of the CRT one).
 */
public final class EmulatorLoadRun {

    private static final int THREADS = 8;
    private static final Duration WARMUP = Duration.ofSeconds(10);
    private static final Duration MEASURE = Duration.ofSeconds(20);
    private static final String LOAD_THREAD = "load-";
    /**
     * The SDK's HTTP client for the load: {@code crt} (the default: the least CPU per request, so the most left for
     * the emulator on shared cores) or {@code urlconnection} (what the tests use), by {@code -Dxacct.loadrun.http}.
     */
    private static final String HTTP_CLIENT = System.getProperty("xacct.loadrun.http", "crt");

    private EmulatorLoadRun() {}

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time and allocated bytes so far of the emulator's threads (the JDK server's dispatcher and the request
     * threads) and of the load threads, by thread name: on a machine shared with other work, what a request costs
     * on each side. {server CPU ns, load CPU ns, server bytes, load bytes}.
     */
    private static long[] costBySide() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] cost = new long[4];
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            int side = name.startsWith("aws-emulator-") || name.startsWith("HTTP-")
                    ? 0
                    : name.startsWith(LOAD_THREAD) ? 1 : -1;
            if (side >= 0) {
                cost[side] += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                cost[side + 2] += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return cost;
    }

    public static void main(String[] args) throws Exception {
        CrossAccountScenario scenario = CrossAccountScenario.create(1);
        try (AwsEmulator aws = AwsEmulator.start(scenario.world());
                Sdk sdk = new Sdk(aws)) {
            AccessKey session = AppReader.appSession(sdk, scenario);
            @SuppressWarnings("resource") // closed below, once the load threads are done with it
            SdkHttpClient http =
                    HTTP_CLIENT.equals("urlconnection") ? UrlConnectionHttpClient.create() : AwsCrtHttpClient.create();
            SecretsManagerClient client = sdk.secretsManager(Sdk.credentials(session), World.DEFAULT_REGION, http);
            LongAdder completed = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Thread thread = new Thread(
                        () -> {
                            while (running.get()) {
                                client.getSecretValue(r -> r.secretId(scenario.secretArn()));
                                completed.increment();
                            }
                        },
                        LOAD_THREAD + i);
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(WARMUP.toMillis());
            long before = completed.sum();
            long cpuBefore = processCpuNanos();
            long[] sidesBefore = costBySide();
            long start = System.nanoTime();
            Thread.sleep(MEASURE.toMillis());
            long requests = completed.sum() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            long[] sidesAfter = costBySide();
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            http.close();
            System.out.printf(
                    "%d threads, %s HTTP client, %.1f s: %d GetSecretValue requests, %.0f " + "requests/second%n",
                    THREADS, HTTP_CLIENT, seconds, requests, requests / seconds);
            // On a busy machine the wall-clock rate says more about the other processes than about the emulator:
            // the CPU time this JVM (client and server) got says what a request costs.
            System.out.printf(
                    "CPU time of this JVM: %.1f s (%.2f of %d cores), %.0f requests per CPU-second%n",
                    cpuSeconds,
                    cpuSeconds / seconds,
                    Runtime.getRuntime().availableProcessors(),
                    requests / cpuSeconds);
            long serverNanos = sidesAfter[0] - sidesBefore[0];
            long loadNanos = sidesAfter[1] - sidesBefore[1];
            System.out.printf(
                    "Per request: emulator threads %.0f us CPU and %.1f kB allocated, load threads (SDK "
                            + "calls) %.0f us and %.1f kB; rest of the CPU (GC, JIT, the HTTP client's own I/O threads) %.0f "
                            + "us%n",
                    serverNanos / 1e3 / requests,
                    (sidesAfter[2] - sidesBefore[2]) / 1e3 / requests,
                    loadNanos / 1e3 / requests,
                    (sidesAfter[3] - sidesBefore[3]) / 1e3 / requests,
                    (cpuSeconds * 1e9 - serverNanos - loadNanos) / 1e3 / requests);
        }
    }
}
