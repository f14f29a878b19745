package dev.xacct.secrets.internal;

import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretValue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the cache holds for one secret version: the last good value (if any), when it was fetched, when the next fetch
 * is due, and the last failure since then (if any). Immutable: every fetch makes a new entry.
 *
 * @param value the last value read, or {@code null} if no read has succeeded yet
 * @param fetchedAt when {@code value} was read, in ticker nanoseconds
 * @param refreshAt when the next read is due, in ticker nanoseconds
 * @param failure the failure of the last read, or {@code null} if it succeeded
 * @param failures how many reads in a row have failed
 * @param refreshClaimed set by the one reader that starts this entry's refresh, so that readers of an entry about to be
 *     replaced do not start another
 */
record CacheEntry(SecretValue value, long fetchedAt, long refreshAt, SecretAccessException failure, int failures,
        AtomicBoolean refreshClaimed) {

    static CacheEntry success(SecretValue value, long now, long refreshAt) {
        return new CacheEntry(value, now, refreshAt, null, 0, new AtomicBoolean());
    }

    /** This entry after a failed read: the old value (if any) kept, the failure noted, the next try due later. */
    CacheEntry failed(SecretAccessException error, long retryAt) {
        return new CacheEntry(value, fetchedAt, retryAt, error, failures + 1, new AtomicBoolean());
    }

    static CacheEntry firstFailure(SecretAccessException error, long retryAt) {
        return new CacheEntry(null, 0, retryAt, error, 1, new AtomicBoolean());
    }

    /** Whether this caller is the first to ask for this entry's refresh (a plain read first: no write on a hit). */
    boolean claimRefresh() {
        return !refreshClaimed.get() && refreshClaimed.compareAndSet(false, true);
    }

    boolean hasValue() {
        return value != null;
    }
}
