package dev.xacct.secrets.spring;

import dev.xacct.secrets.Ticker;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time for the rotation tests: a test that needs it turns it on ({@link #start()}), and the import clients built
 * meanwhile read time from a ticker the test moves by hand, and refresh on the calling thread, so that a refresh has
 * happened when the call that started it returns. Nothing sleeps.
 */
final class TestTime {

    private static final AtomicLong NANOS = new AtomicLong();
    private static volatile boolean on;

    private TestTime() {}

    static void start() {
        on = true;
    }

    static void stop() {
        on = false;
    }

    static void advance(Duration duration) {
        NANOS.addAndGet(duration.toNanos());
    }

    static void apply(XacctSecretsClientBuilder builder) {
        if (on) {
            Ticker ticker = NANOS::get;
            builder.ticker(ticker).executor(Runnable::run).refreshJitter(0);
        }
    }
}
