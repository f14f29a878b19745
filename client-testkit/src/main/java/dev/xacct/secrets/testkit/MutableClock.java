package dev.xacct.secrets.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, so that session expiry, signature skew and creation dates can be tested without
 * waiting. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * {@return a clock standing at {@code instant}, in UTC}
     *
     * @param instant where the clock stands until moved; not null
     */
    public static MutableClock at(Instant instant) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
    }

    /** {@return a clock standing at the current time, in UTC} */
    public static MutableClock now() {
        return at(Instant.now());
    }

    /**
     * Moves the clock forward (or back, with a negative duration).
     *
     * @param duration how far to move; negative moves back
     * @return this clock
     */
    public MutableClock advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
        return this;
    }

    /**
     * Sets the clock to {@code instant}.
     *
     * @param instant the new time, earlier or later; not null
     * @return this clock
     */
    public MutableClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    @Override
    public Instant instant() {
        // Never null: every set goes through requireNonNull.
        return Objects.requireNonNull(now.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of the same moving time in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(now, zone);
    }
}
