package dev.xacct.secrets.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What the emulator was asked, for tests to assert on: how many calls per operation, by whom, for which secret.
 *
 * <p>Counts per operation are exact however many requests arrive; the entries themselves are kept for the most
 * recent {@value #RETAINED} requests, so a long benchmark does not fill the heap.
 */
public final class RequestLog {

    /** How many of the most recent entries are kept. */
    public static final int RETAINED = 100_000;

    private final ConcurrentLinkedDeque<LoggedRequest> entries = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    RequestLog() {}

    void record(LoggedRequest request) {
        counts.computeIfAbsent(request.operation(), op -> new LongAdder()).increment();
        entries.addLast(request);
        if (size.incrementAndGet() > RETAINED && entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /** {@return the retained entries, oldest first} */
    public List<LoggedRequest> entries() {
        return new ArrayList<>(entries);
    }

    /**
     * {@return how many requests for {@code operation} (such as {@code GetSecretValue}) arrived, failed ones included}
     *
     * @param operation the API operation name, without the service prefix, such as {@code AssumeRole}
     */
    public long count(String operation) {
        LongAdder adder = counts.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * {@return how many retained entries match {@code filter}}
     *
     * @param filter the test each retained entry is given
     */
    public long count(Predicate<LoggedRequest> filter) {
        return entries.stream().filter(filter).count();
    }

    /**
     * {@return how many requests for {@code operation} named {@code secretId} (among the retained entries)}
     *
     * @param operation the API operation name, such as {@code GetSecretValue}
     * @param secretId the {@code SecretId} exactly as the request sent it (name, partial or full ARN)
     */
    public long count(String operation, String secretId) {
        return count(r -> r.operation().equals(operation) && secretId.equals(r.secretId()));
    }

    /** Forgets everything recorded so far: the retained entries and the counts. */
    public void clear() {
        entries.clear();
        size.set(0);
        counts.clear();
    }
}
