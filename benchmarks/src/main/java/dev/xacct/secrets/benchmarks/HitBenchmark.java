package dev.xacct.secrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cache hit: ours ({@code XacctSecretsClient.getString}), the peer ({@code SecretCache.getSecretString}), and the
 * floor (Caffeine {@code getIfPresent} on a map of the same values), on one secret or on 1,000 read at random. Run
 * with {@code -t 1} and {@code -t 2}, and {@code -prof gc} for bytes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class HitBenchmark {

    @Param({"1", "1000"})
    int secrets;

    private BenchWorld bench;
    private XacctSecretsClient ours;
    private SecretCache peer;
    private Cache<String, String> floor;
    private SecretRef[] refs;
    private String[] arns;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new BenchWorld(secrets);
        ours = bench.track(bench.ours().build());
        peer = bench.peer(java.time.Duration.ofHours(1).toMillis());
        floor = Caffeine.newBuilder().maximumSize(10_000).build();
        List<SecretRef> refList = bench.refs();
        refs = refList.toArray(SecretRef[]::new);
        arns = bench.arns.toArray(String[]::new);
        for (int i = 0; i < secrets; i++) {
            floor.put(arns[i], ours.getString(refs[i]));
            peer.getSecretString(arns[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }

    private int next() {
        return secrets == 1 ? 0 : ThreadLocalRandom.current().nextInt(secrets);
    }

    /** Ours: a hit on a pre-parsed reference. */
    @Benchmark
    public String ours() {
        return ours.getString(refs[next()]);
    }

    /** The peer's hit. */
    @Benchmark
    public String peer() {
        return peer.getSecretString(arns[next()]);
    }

    /** The floor: Caffeine alone. */
    @Benchmark
    public String caffeine() {
        return floor.getIfPresent(arns[next()]);
    }
}
