package dev.xacct.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoarseTickerTest {

    @Test
    void noThreadRuns_untilTheFirstRead() {
        try (CoarseTicker ticker = new CoarseTicker()) {
            assertThat(ticker.thread()).isNull();

            ticker.read();

            assertThat(ticker.thread()).isNotNull().matches(Thread::isAlive);
        }
    }

    @Test
    void theThreadEnds_whenNoReadComes_andTheNextReadIsCurrentAndStartsItAgain() throws InterruptedException {
        try (CoarseTicker ticker = new CoarseTicker(3)) {
            ticker.read();
            Thread first = ticker.thread();
            assertThat(first).isNotNull();

            first.join(10_000);

            assertThat(first.isAlive()).as("the clock thread of an idle ticker").isFalse();
            assertThat(ticker.thread()).isNull();
            long before = System.nanoTime();
            long read = ticker.read();
            long after = System.nanoTime();
            assertThat(read).as("the first read after idling reads the clock").isBetween(before, after);
            assertThat(ticker.thread()).isNotNull().isNotSameAs(first).matches(Thread::isAlive);
        }
    }

    @Test
    void close_endsTheThread() throws InterruptedException {
        CoarseTicker ticker = new CoarseTicker();
        ticker.read();
        Thread thread = ticker.thread();
        assertThat(thread).isNotNull();

        ticker.close();
        thread.join(10_000);

        assertThat(thread.isAlive()).isFalse();
        ticker.read();
        assertThat(ticker.thread()).as("a read after close starts nothing").isNull();
    }
}
