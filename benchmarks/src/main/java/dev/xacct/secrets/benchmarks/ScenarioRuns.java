package dev.xacct.secrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.Ticker;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.testkit.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The scenarios JMH cannot measure well, ours beside the peer on the same emulator: the read latency across refreshes
 * (every read timed at a steady arrival rate, from its intended start, so a stall is not hidden), the cold herd, the
 * startup of 50 secrets, and AWS calls per secret per hour. Prints a Markdown table, and writes it to the file given.
 */
public final class ScenarioRuns {

    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final Duration HERD_LATENCY = Duration.ofMillis(20);
    private static final long READ_INTERVAL_NANOS = 100_000;
    private static final Duration STALL_RUN = Duration.ofSeconds(6);

    private final StringBuilder report = new StringBuilder();

    private ScenarioRuns() {}

    /**
     * Runs every scenario.
     *
     * @param args optionally, the file to write the Markdown table to
     */
    public static void main(String[] args) throws Exception {
        ScenarioRuns runs = new ScenarioRuns();
        runs.refreshStall();
        runs.coldHerd();
        runs.startup();
        runs.callsPerHour();
        System.out.print(runs.report);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), runs.report.toString());
        }
        System.exit(0);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    // --- Refresh stall ---------------------------------------------------------------------------------------

    private void refreshStall() throws Exception {
        line("### Read latency across refreshes (" + LATENCY.toMillis()
                + " ms injected on every AWS call, a read every " + READ_INTERVAL_NANOS / 1000 + " µs for "
                + STALL_RUN.toSeconds() + " s, refresh every 0.2-0.4 s)");
        line("");
        line("| library | reads | p50 | p99 | p99.9 | worst | refreshes (AWS calls) |");
        line("|---|---|---|---|---|---|---|");
        try (BenchWorld bench = new BenchWorld(1)) {
            XacctSecretsClient ours = bench.track(bench.ours()
                    .refreshAfter(Duration.ofMillis(200))
                    .refreshJitter(0)
                    .build());
            SecretRef ref = bench.refs().get(0);
            ours.get(ref);
            bench.aws.faults().inject("*", Fault.latency(LATENCY));
            bench.aws.requestLog().clear();
            stallRow("xacct-secrets", bench, () -> ours.get(ref));
        }
        try (BenchWorld bench = new BenchWorld(1)) {
            SecretCache peer = bench.peer(400);
            String arn = bench.arns.get(0);
            peer.getSecretString(arn);
            bench.aws.faults().inject("*", Fault.latency(LATENCY));
            bench.aws.requestLog().clear();
            stallRow("aws-secretsmanager-caching-java 2.2.0", bench, () -> peer.getSecretString(arn));
        }
        line("");
    }

    private void stallRow(String name, BenchWorld bench, Runnable read) {
        int reads = (int) (STALL_RUN.toNanos() / READ_INTERVAL_NANOS);
        long[] latencies = new long[reads];
        long start = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            long intended = start + i * READ_INTERVAL_NANOS;
            while (System.nanoTime() < intended) {
                Thread.onSpinWait();
            }
            read.run();
            latencies[i] = System.nanoTime() - intended;
        }
        Arrays.sort(latencies);
        long calls = bench.aws.requestLog().count("GetSecretValue")
                + bench.aws.requestLog().count("DescribeSecret");
        line("| " + name + " | " + reads + " | " + micros(percentile(latencies, 0.50)) + " | "
                + micros(percentile(latencies, 0.99)) + " | " + micros(percentile(latencies, 0.999)) + " | "
                + micros(latencies[reads - 1]) + " | " + calls + " |");
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String micros(long nanos) {
        return nanos >= 1_000_000
                ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    // --- Cold herd -------------------------------------------------------------------------------------------

    private void coldHerd() throws Exception {
        line("### Cold herd: 64 threads ask for one uncached secret at once (" + HERD_LATENCY.toMillis()
                + " ms injected per AWS call)");
        line("");
        line("| library | GetSecretValue | DescribeSecret | time for all 64 | round trips |");
        line("|---|---|---|---|---|");
        try (BenchWorld bench = new BenchWorld(1)) {
            XacctSecretsClient ours = bench.track(bench.ours().build());
            SecretRef ref = bench.refs().get(0);
            herdRow("xacct-secrets", bench, () -> ours.get(ref));
        }
        try (BenchWorld bench = new BenchWorld(1)) {
            SecretCache peer = bench.peer(Duration.ofHours(1).toMillis());
            String arn = bench.arns.get(0);
            herdRow("aws-secretsmanager-caching-java 2.2.0", bench, () -> peer.getSecretString(arn));
        }
        line("");
    }

    private void herdRow(String name, BenchWorld bench, Runnable read) throws Exception {
        bench.aws.faults().inject("*", Fault.latency(HERD_LATENCY));
        bench.aws.requestLog().clear();
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch ready = new CountDownLatch(64);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                reads.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    read.run();
                    return null;
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> future : reads) {
                future.get();
            }
            long elapsed = System.nanoTime() - start;
            line("| " + name + " | " + bench.aws.requestLog().count("GetSecretValue") + " | "
                    + bench.aws.requestLog().count("DescribeSecret") + " | " + micros(elapsed) + " | "
                    + String.format(Locale.ROOT, "%.1f", elapsed / (double) HERD_LATENCY.toNanos()) + " |");
        } finally {
            threads.shutdownNow();
        }
    }

    // --- Startup ---------------------------------------------------------------------------------------------

    private void startup() {
        line("### Startup: 50 secrets, " + HERD_LATENCY.toMillis() + " ms injected per AWS call");
        line("");
        line("| how | time | round trips |");
        line("|---|---|---|");
        try (BenchWorld bench = new BenchWorld(50)) {
            bench.aws.faults().inject("*", Fault.latency(HERD_LATENCY));
            List<SecretRef> refs = bench.refs();
            XacctSecretsClient preloading = bench.track(bench.ours().build());
            startupRow("xacct-secrets preload(50)", refs, r -> preloading.preload(r));
            XacctSecretsClient oneByOne = bench.track(bench.ours().build());
            startupRow("xacct-secrets, one get() after another", refs, r -> r.forEach(oneByOne::get));
            SecretCache peer = bench.peer(Duration.ofHours(1).toMillis());
            startupRow(
                    "caching-java, one getSecretString() after another",
                    refs,
                    r -> bench.arns.forEach(peer::getSecretString));
        }
        line("");
    }

    private void startupRow(String name, List<SecretRef> refs, Consumer<List<SecretRef>> load) {
        long start = System.nanoTime();
        load.accept(refs);
        long elapsed = System.nanoTime() - start;
        line("| " + name + " | " + micros(elapsed) + " | "
                + String.format(Locale.ROOT, "%.1f", elapsed / (double) HERD_LATENCY.toNanos()) + " |");
    }

    // --- Calls per hour --------------------------------------------------------------------------------------

    private void callsPerHour() throws Exception {
        line("### AWS calls for one secret read once a second for an hour, default settings");
        line("");
        line("| library | GetSecretValue | DescribeSecret | how time was moved |");
        line("|---|---|---|---|");
        try (BenchWorld bench = new BenchWorld(1)) {
            AtomicLong nanos = new AtomicLong(1);
            Ticker ticker = nanos::get;
            XacctSecretsClient ours = bench.track(
                    bench.ours().ticker(ticker).executor(Runnable::run).build());
            SecretRef ref = bench.refs().get(0);
            for (int second = 0; second < 3600; second++) {
                ours.get(ref);
                nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            }
            line("| xacct-secrets | " + bench.aws.requestLog().count("GetSecretValue") + " | "
                    + bench.aws.requestLog().count("DescribeSecret") + " | injected ticker, 3,600 reads |");
        }
        try (BenchWorld bench = new BenchWorld(1)) {
            // The peer reads the system clock: its 1-hour TTL is scaled down 1000x to 3.6 s, and it is read every
            // millisecond for 3.6 s — the same reads per TTL as once a second for an hour.
            SecretCache peer = bench.peer(3_600);
            String arn = bench.arns.get(0);
            long end = System.nanoTime() + Duration.ofMillis(3_600).toNanos();
            while (System.nanoTime() < end) {
                peer.getSecretString(arn);
                long next = System.nanoTime() + 1_000_000;
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
            }
            line("| aws-secretsmanager-caching-java 2.2.0 | "
                    + bench.aws.requestLog().count("GetSecretValue") + " | "
                    + bench.aws.requestLog().count("DescribeSecret") + " | TTL scaled 1000x (system clock) |");
        }
        line("");
    }
}
