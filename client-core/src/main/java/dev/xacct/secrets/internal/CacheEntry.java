package dev.xacct.secrets.internal;

import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.SecretValue;

/**
 * What the cache holds for one secret version: the last good value (if any), when it was fetched, when the next fetch
 * is due, and the last failure since then (if any). Immutable: every fetch makes a new entry.
 *
 * @param value the last value read, or {@code null} if no read has succeeded yet
 * @param fetchedAt when the read of {@code value} started, in ticker nanoseconds
 * @param refreshAt when the next read is due, in ticker nanoseconds
 * @param failure the failure of the last read, or {@code null} if it succeeded
 * @param failures how many reads in a row have failed
 * @param seq the sequence number of the fetch this entry records (0 for none): an entry is replaced only by the
 *     outcome of a fetch started later, so a slow old read never overwrites a newer one
 */
record CacheEntry(
        SecretValue value, long fetchedAt, long refreshAt, SecretAccessException failure, int failures, long seq) {

    /** Nothing read yet: due at once. */
    static CacheEntry empty(long now) {
        return new CacheEntry(null, 0, now, null, 0, 0);
    }

    static CacheEntry success(SecretValue value, long fetchedAt, long refreshAt, long seq) {
        return new CacheEntry(value, fetchedAt, refreshAt, null, 0, seq);
    }

    /** This entry after a failed read: the old value (if any) kept, the failure noted, the next try due later. */
    CacheEntry failed(SecretAccessException error, long retryAt, long failedSeq) {
        return new CacheEntry(value, fetchedAt, retryAt, error, failures + 1, failedSeq);
    }

    boolean hasValue() {
        return value != null;
    }
}
