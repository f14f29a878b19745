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
 * A cache hit: ours ({@code XacctSecretsClient.getString}) by a parsed {@code SecretRef} and by the ARN as a
 * {@code String}, the peer ({@code SecretCache.getSecretString}), and the floor: a bounded Caffeine cache's
 * {@code getIfPresent} on the same keys (the ARN strings, and the parsed references), on one secret or on 1,000 read
 * at random. Run with {@code -t 1} and {@code -t 2}, and {@code -prof gc} for bytes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class HitBenchmark {

    @Param({"1", "1000"})
    int secrets;

    private BenchWorld bench;
    private XacctSecretsClient ours;
    private SecretCache peer;
    private Cache<String, String> floor;
    private Cache<SecretRef, String> floorByRef;
    private SecretRef[] refs;
    private String[] arns;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new BenchWorld(secrets);
        ours = bench.track(bench.ours().build());
        peer = bench.peer(java.time.Duration.ofHours(1).toMillis());
        // Bounded like our cache (10,000 by default): the same Caffeine hit path, without our work around it.
        floor = Caffeine.newBuilder().maximumSize(10_000).build();
        floorByRef = Caffeine.newBuilder().maximumSize(10_000).build();
        List<SecretRef> refList = bench.refs();
        refs = refList.toArray(SecretRef[]::new);
        arns = bench.arns.toArray(String[]::new);
        for (int i = 0; i < secrets; i++) {
            floor.put(arns[i], ours.getString(refs[i]));
            floorByRef.put(refs[i], ours.getString(refs[i]));
            ours.getString(arns[i]);
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

    /** Ours: a hit by the ARN as a {@code String}, the way most users call it. */
    @Benchmark
    public String oursByString() {
        return ours.getString(arns[next()]);
    }

    /** The peer's hit. */
    @Benchmark
    public String peer() {
        return peer.getSecretString(arns[next()]);
    }

    /** The floor: a bounded Caffeine cache alone, keyed by the ARN strings. */
    @Benchmark
    public String caffeine() {
        return floor.getIfPresent(arns[next()]);
    }

    /** The floor keyed by the parsed references, as our cache is. */
    @Benchmark
    public String caffeineByRef() {
        return floorByRef.getIfPresent(refs[next()]);
    }
}
