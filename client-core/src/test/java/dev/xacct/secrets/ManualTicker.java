package dev.xacct.secrets;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker the test moves by hand: cache time without sleeping. */
final class ManualTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    ManualTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
