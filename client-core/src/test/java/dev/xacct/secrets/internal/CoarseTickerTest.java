package dev.xacct.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoarseTickerTest {

    @Test
    void readsNowAndThen_startNoThread_andReadTheClockThemselves() {
        try (CoarseTicker ticker = new CoarseTicker()) {
            assertThat(ticker.thread()).isNull();
            // Fewer reads than start the thread, however they fall into milliseconds (a cache miss makes a handful).
            for (int i = 0; i < CoarseTicker.BUSY_READS - 2; i++) {
                ticker.read();
            }

            long before = System.nanoTime();
            long read = ticker.read();
            long after = System.nanoTime();

            assertThat(read).as("a read without the thread reads the clock").isBetween(before, after);
            assertThat(ticker.thread())
                    .as("the clock thread of a ticker read now and then")
                    .isNull();
        }
    }

    @Test
    void readsComingFast_startTheThread() {
        try (CoarseTicker ticker = new CoarseTicker()) {
            Thread thread = startedBy(ticker);

            assertThat(thread).isNotNull().matches(Thread::isAlive);
        }
    }

    @Test
    void theThreadEnds_whenNoReadComes_andTheNextReadIsCurrent() throws InterruptedException {
        try (CoarseTicker ticker = new CoarseTicker(3)) {
            Thread first = startedBy(ticker);
            assertThat(first).isNotNull();

            first.join(10_000);

            assertThat(first.isAlive()).as("the clock thread of an idle ticker").isFalse();
            assertThat(ticker.thread()).isNull();
            long before = System.nanoTime();
            long read = ticker.read();
            long after = System.nanoTime();
            assertThat(read).as("the first read after idling reads the clock").isBetween(before, after);
            assertThat(startedBy(ticker))
                    .as("fast reads start it again")
                    .isNotNull()
                    .isNotSameAs(first);
        }
    }

    @Test
    void close_endsTheThread() throws InterruptedException {
        CoarseTicker ticker = new CoarseTicker();
        Thread thread = startedBy(ticker);
        assertThat(thread).isNotNull();

        ticker.close();
        thread.join(10_000);

        assertThat(thread.isAlive()).isFalse();
        for (int i = 0; i < 10 * CoarseTicker.BUSY_READS; i++) {
            ticker.read();
        }
        assertThat(ticker.thread()).as("reads after close start nothing").isNull();
    }

    /** Reads as fast as a busy cache's hits come until the thread starts (or a million reads), and returns it. */
    private static Thread startedBy(CoarseTicker ticker) {
        for (int i = 0; i < 1_000_000 && ticker.thread() == null; i++) {
            ticker.read();
        }
        return ticker.thread();
    }
}
