package dev.xacct.secrets.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure to inject into the emulator's responses, with {@link Faults#inject(String, Fault)}: throttling, an
 * internal error (HTTP 500), added latency, or a connection closed without a response. By default a fault applies to
 * every matching call; {@link #times(int)} limits it to the next N calls, {@link #fraction(double)} to a random share.
 *
 * <p>Immutable: {@code times} and {@code fraction} return new faults.
 */
public final class Fault {

    /** The kinds of fault. */
    public enum Kind {
        /** {@code ThrottlingException} (JSON) or {@code Throttling} (Query), HTTP 400, "Rate exceeded". */
        THROTTLING,
        /** The service's internal error with HTTP 500 ({@code InternalServiceError} for Secrets Manager). */
        INTERNAL_ERROR,
        /** The response is delayed, then served normally. */
        LATENCY,
        /** The connection is closed without a response. */
        CONNECTION_RESET
    }

    private final Kind kind;
    private final Duration latency;
    private final int times;
    private final double fraction;

    private Fault(Kind kind, Duration latency, int times, double fraction) {
        this.kind = kind;
        this.latency = latency;
        this.times = times;
        this.fraction = fraction;
    }

    /**
     * Throttling on every matching call: the service's throttling error ({@link Kind#THROTTLING}), as AWS answers a
     * caller over its rate.
     *
     *
     * @return the fault
     */
    public static Fault throttling() {
        return new Fault(Kind.THROTTLING, Duration.ZERO, -1, 1.0);
    }

    /** {@return an HTTP 500 internal error on every matching call} */
    public static Fault internalError() {
        return new Fault(Kind.INTERNAL_ERROR, Duration.ZERO, -1, 1.0);
    }

    /** {@return a connection closed without a response on every matching call} */
    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, Duration.ZERO, -1, 1.0);
    }

    /**
     * {@code delay} added to every matching call, which is then served normally.
     *
     * @param delay the wait before the response; zero or positive
     * @return the fault
     * @throws IllegalArgumentException if the delay is negative
     */
    public static Fault latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was: " + delay);
        }
        return new Fault(Kind.LATENCY, delay, -1, 1.0);
    }

    /**
     * {@return a copy of this fault for the next {@code n} matching calls only}
     *
     * @param n how many matching calls the fault affects; at least 1
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1, was: " + n);
        }
        return new Fault(kind, latency, n, fraction);
    }

    /**
     * {@return a copy of this fault for each matching call with probability {@code p}}
     *
     * @param p the probability, from 0 (never) to 1 (always)
     * @throws IllegalArgumentException if {@code p} is outside 0 to 1
     */
    public Fault fraction(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, was: " + p);
        }
        return new Fault(kind, latency, times, p);
    }

    /** {@return the kind of fault} */
    public Kind kind() {
        return kind;
    }

    /** {@return the added latency ({@code 0} unless {@link Kind#LATENCY})} */
    public Duration latency() {
        return latency;
    }

    /** {@return how many calls it applies to, or {@code -1} for all} */
    public int times() {
        return times;
    }

    /** {@return the probability that it applies to a matching call} */
    public double fraction() {
        return fraction;
    }

    @Override
    public String toString() {
        return "Fault[" + kind + (kind == Kind.LATENCY ? " " + latency : "") + (times < 0 ? "" : ", times=" + times)
                + (fraction < 1.0 ? ", fraction=" + fraction : "") + "]";
    }
}
