package dev.xacct.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedMapTest {

    @Test
    void aFewEntries_stayInThePlainMap() {
        BoundedMap<Integer, String> map = new BoundedMap<>(10_000);

        IntStream.range(0, BoundedMap.PLAIN_ENTRIES).forEach(i -> map.put(i, "v" + i));

        assertThat(map.isCaffeine()).isFalse();
        assertThat(map.size()).isEqualTo(BoundedMap.PLAIN_ENTRIES);
    }

    @Test
    void moreEntries_moveToCaffeine_withNoneLost() {
        BoundedMap<Integer, String> map = new BoundedMap<>(10_000);

        IntStream.range(0, BoundedMap.PLAIN_ENTRIES + 1).forEach(i -> map.putIfAbsent(i, "v" + i));

        assertThat(map.isCaffeine()).isTrue();
        assertThat(map.size()).isEqualTo(BoundedMap.PLAIN_ENTRIES + 1);
        IntStream.rangeClosed(0, BoundedMap.PLAIN_ENTRIES)
                .forEach(i -> assertThat(map.get(i)).isEqualTo("v" + i));
    }

    @Test
    void theBound_holdsBelowThePlainLimit_andEvictionsAreTold() {
        List<Integer> evicted = new ArrayList<>();
        BoundedMap<Integer, String> map = new BoundedMap<>(2, (key, value, cause) -> {
            if (cause.wasEvicted()) {
                evicted.add(key);
            }
        });

        IntStream.range(0, 5).forEach(i -> map.computeIfAbsent(i, k -> "v" + k));

        assertThat(map.size()).isEqualTo(2);
        assertThat(evicted).hasSize(3);
    }

    @Test
    void writersRacingTheMoveToCaffeine_loseNothing() throws Exception {
        BoundedMap<Integer, Integer> map = new BoundedMap<>(10_000);
        int writers = 4;
        int each = BoundedMap.PLAIN_ENTRIES;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w * each;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = first; i < first + each; i++) {
                        map.put(i, i);
                        map.remove(i + 1_000_000);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(map.isCaffeine()).isTrue();
        assertThat(map.size()).isEqualTo(writers * each);
        IntStream.range(0, writers * each).forEach(i -> assertThat(map.get(i)).isEqualTo(i));
    }
}
