package dev.xacct.secrets.internal;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import java.util.Arrays;

/** Several Caffeine statistics sinks as one (a client bound to two registries counts into both). */
final class StatsCounters implements StatsCounter {

    private final StatsCounter[] all;

    private StatsCounters(StatsCounter[] all) {
        this.all = all;
    }

    /** {@code counters} as one sink; {@code null} for none. */
    static StatsCounter of(StatsCounter... counters) {
        return counters.length == 0 ? null : counters.length == 1 ? counters[0] : new StatsCounters(counters.clone());
    }

    /** The sinks {@code counter} stands for. */
    static StatsCounter[] each(StatsCounter counter) {
        return counter == null
                ? new StatsCounter[0]
                : counter instanceof StatsCounters several ? several.all.clone() : new StatsCounter[] {counter};
    }

    @Override
    public void recordHits(int count) {
        for (StatsCounter counter : all) {
            counter.recordHits(count);
        }
    }

    @Override
    public void recordMisses(int count) {
        for (StatsCounter counter : all) {
            counter.recordMisses(count);
        }
    }

    @Override
    public void recordLoadSuccess(long loadTime) {
        for (StatsCounter counter : all) {
            counter.recordLoadSuccess(loadTime);
        }
    }

    @Override
    public void recordLoadFailure(long loadTime) {
        for (StatsCounter counter : all) {
            counter.recordLoadFailure(loadTime);
        }
    }

    @Override
    public void recordEviction(int weight, RemovalCause cause) {
        for (StatsCounter counter : all) {
            counter.recordEviction(weight, cause);
        }
    }

    @Override
    public CacheStats snapshot() {
        return Arrays.stream(all).map(StatsCounter::snapshot).reduce(CacheStats.empty(), CacheStats::plus);
    }
}
