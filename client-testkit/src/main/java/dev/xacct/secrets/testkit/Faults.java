package dev.xacct.secrets.testkit;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults injected into an emulator, per operation. Obtained from {@link AwsEmulator#faults()}.
 *
 * <pre>{@code
 * emulator.faults().inject("GetSecretValue", Fault.throttling().times(2));
 * emulator.faults().inject("*", Fault.latency(Duration.ofMillis(50)));
 * }</pre>
 */
public final class Faults {

    /** The wildcard operation: every operation of every service. */
    public static final String ANY_OPERATION = "*";

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private volatile Random random = new Random(0);

    Faults() {}

    /** A fault and how many calls it has left. */
    private record Rule(String operation, Fault fault, AtomicInteger remaining) {}

    /**
     * Injects {@code fault} into calls of {@code operation} (such as {@code GetSecretValue}, {@code Decrypt},
     * {@code AssumeRole}) or of every operation with {@value #ANY_OPERATION}.
     *
     * @param operation the API operation name, or {@value #ANY_OPERATION}
     * @param fault the fault to inject; every fault that matches a call fires on it, latency first
     *
     * @return these faults
     * @throws IllegalArgumentException if {@code operation} is null or blank
     */
    public Faults inject(String operation, Fault fault) {
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("operation must be an operation name or \"*\", was: " + operation);
        }
        rules.add(new Rule(operation, fault, new AtomicInteger(fault.times())));
        return this;
    }

    /**
     * Seeds the random choice of {@link Fault#fraction(double)} faults, to repeat a run.
     *
     * @param seed any value; the same seed makes the same choices for the same calls
     * @return these faults
     */
    public Faults seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Removes every fault. */
    public void clear() {
        rules.clear();
    }

    /**
     * The faults that fire for this call of {@code operation}, latency first: each rule that matches and is due
     * uses up one of its calls.
     */
    List<Fault> due(String operation) {
        if (rules.isEmpty()) {
            return List.of();
        }
        List<Fault> due = new java.util.ArrayList<>();
        for (Rule rule : rules) {
            if ((rule.operation().equals(ANY_OPERATION) || rule.operation().equals(operation)) && fires(rule)) {
                due.add(rule.fault());
            }
        }
        due.sort((a, b) -> Boolean.compare(a.kind() != Fault.Kind.LATENCY, b.kind() != Fault.Kind.LATENCY));
        return due;
    }

    private boolean fires(Rule rule) {
        Fault fault = rule.fault();
        if (fault.fraction() < 1.0) {
            synchronized (this) {
                if (random.nextDouble() >= fault.fraction()) {
                    return false;
                }
            }
        }
        if (fault.times() < 0) {
            return true;
        }
        return rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
