package dev.xacct.secrets;

import java.util.Collection;
import java.util.Map;

/**
 * Reads Secrets Manager secrets, including secrets of other AWS accounts, through a cache; when a read fails, says
 * which policy in which account is missing and the statement that fixes it.
 *
 * <pre>{@code
 * try (XacctSecretsClient secrets = XacctSecretsClient.builder()
 *         .roleArn("arn:aws:iam::222222222222:role/ApplicationRole")
 *         .build()) {
 *     SecretRef db = SecretRef.parse("arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123");
 *     secrets.verify(List.of(db)).requireOk();          // at startup: fail with a readable report
 *     String password = secrets.getField(db, "password");
 * }
 * }</pre>
 *
 * <p><b>Routing.</b> Each secret is read in the region its ARN names, whatever the default region; a bare name is
 * read in the caller's own account and the default region (another account's secret needs its ARN).
 *
 * <p><b>Caching.</b> A hit is lock-free and allocation-free. Concurrent reads of a secret share one
 * {@code GetSecretValue}. After {@code refreshAfter} (jittered) the next read starts a background refresh (on at most
 * {@code preloadConcurrency} threads of the client; more queue) and gets the current value without waiting. A
 * transient failure (throttling, 5xx, network, timeout) serves the last good value up to {@code maxStaleness}; an
 * access failure (denied, KMS, not found, deleted) fails with its diagnosis, unless {@code serveStaleOnAccessError}.
 * Every failed fetch is retried only after an exponential backoff; reads in between make no call. A partial reference
 * is pinned to the full ARN AWS returns, and shares its cache entry. A value is never replaced by one read earlier.
 *
 * <p><b>Time.</b> Every AWS call is limited ({@code apiCallTimeout}, {@code apiCallAttemptTimeout}; the diagnosis'
 * calls {@code diagnosticCallTimeout}); a fetch running past the bound is abandoned as a timeout.
 *
 * <p><b>Failures.</b> Reads throw {@link SecretAccessException} carrying a {@link Diagnosis}. When Secrets Manager
 * says only "Access to KMS is not allowed", the client probes (a direct {@code kms:Decrypt} naming the key, then IAM
 * policy simulation) to tell the key policy from the identity policy, and says so when it cannot.
 *
 * <p>Thread-safe. {@link #close()} releases the SDK clients, the STS credential refresher and the client's threads;
 * every read after it fails with {@link IllegalStateException}.
 *
 * <p>An interface, so that an application can stand in a fake or a decorator for it in its own tests and wiring; the
 * implementation is the library's and not API. Read methods added later come as {@code default} methods: an
 * implementation outside the library keeps compiling.
 */
public interface XacctSecretsClient extends AutoCloseable {

    /**
     * A builder.
     *
     * @return a builder with every default
     */
    static XacctSecretsClientBuilder builder() {
        return new XacctSecretsClientBuilder();
    }

    /**
     * A builder with every setting this client was built with, to build a variant of it (another role, region or
     * time limit). What was given to the builder (a credentials provider, an executor, an HTTP client, listeners)
     * is shared, not copied, and stays the caller's; what this client made for itself is not in it.
     *
     * @return a new builder
     */
    XacctSecretsClientBuilder toBuilder();

    /**
     * A client with every default: the default credentials chain and region, no role.
     *
     * @return the client
     */
    static XacctSecretsClient create() {
        return builder().build();
    }

    /**
     * The secret version {@code ref} names, from the cache or from AWS.
     *
     * @param ref the secret (and version)
     * @return the value, never {@code null}
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalStateException if the client is closed
     */
    SecretValue get(SecretRef ref);

    /**
     * The secret named by {@code ref} (an ARN or name, parsed with {@link SecretRef#parse}).
     *
     * @param ref a secret ARN or name
     * @return the value, never {@code null}
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     */
    SecretValue get(String ref);

    /**
     * The string value.
     *
     * @param ref the secret (and version)
     * @return the string
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalStateException if the secret is binary
     */
    default String getString(SecretRef ref) {
        return get(ref).asString();
    }

    /**
     * The string value of the secret named by {@code ref} (an ARN or name, parsed with {@link SecretRef#parse}).
     *
     * @param ref a secret ARN or name
     * @return the string
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalStateException if the secret is binary
     */
    default String getString(String ref) {
        return get(ref).asString();
    }

    /**
     * The value as bytes: the binary value, or the string in UTF-8.
     *
     * @param ref the secret (and version)
     * @return a copy of the bytes
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     */
    default byte[] getBinary(SecretRef ref) {
        return get(ref).asBytes();
    }

    /**
     * The value as bytes, of the secret named by {@code ref} (an ARN or name).
     *
     * @param ref a secret ARN or name
     * @return a copy of the bytes
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     */
    default byte[] getBinary(String ref) {
        return get(ref).asBytes();
    }

    /**
     * The value parsed as a JSON object.
     *
     * @param ref the secret (and version)
     * @return the object as an unmodifiable map (nested objects and arrays as maps and lists)
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalStateException if it is not a JSON object
     */
    default Map<String, Object> getJson(SecretRef ref) {
        return get(ref).asJson();
    }

    /**
     * The value parsed as a JSON object, of the secret named by {@code ref} (an ARN or name).
     *
     * @param ref a secret ARN or name
     * @return the object as an unmodifiable map
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalStateException if it is not a JSON object
     */
    default Map<String, Object> getJson(String ref) {
        return get(ref).asJson();
    }

    /**
     * One field of a JSON secret, such as {@code password}.
     *
     * @param ref the secret (and version)
     * @param field the top-level field name
     * @return the field as text
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalArgumentException if there is no such field
     */
    default String getField(SecretRef ref, String field) {
        return get(ref).field(field);
    }

    /**
     * One field of a JSON secret named by {@code ref} (an ARN or name).
     *
     * @param ref a secret ARN or name
     * @param field the top-level field name
     * @return the field as text
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalArgumentException if there is no such field
     */
    default String getField(String ref, String field) {
        return get(ref).field(field);
    }

    /**
     * Reads the secret from AWS now and caches the result, for an application that has just seen its database reject
     * the cached password (the secret may have been rotated).
     *
     * @param ref the secret (and version)
     * <p>The value returned was read after this call: a refresh already under way, which may have read the version
     * before the rotation, is not joined.
     *
     * @return the value just read
     * @throws SecretAccessException with the diagnosis, if it cannot be read now (even if a cached value could still
     *     be served)
     * @throws IllegalStateException if the client is closed
     */
    SecretValue refresh(SecretRef ref);

    /**
     * {@link #refresh(SecretRef)} of the secret named by {@code ref} (an ARN or name).
     *
     * @param ref a secret ARN or name
     * @return the value just read
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read now
     * @throws IllegalStateException if the client is closed
     */
    SecretValue refresh(String ref);

    /**
     * Forgets the cached value of {@code ref}: the next read goes to AWS.
     *
     * @param ref the secret (and version)
     */
    void invalidate(SecretRef ref);

    /**
     * {@link #invalidate(SecretRef)} of the secret named by {@code ref} (an ARN or name).
     *
     * @param ref a secret ARN or name
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     */
    void invalidate(String ref);

    /**
     * Reads many secrets in parallel (at most {@code preloadConcurrency} at a time), for a fast startup.
     *
     * @param refs the secrets
     * @return the secrets that could not be read, with their diagnoses (empty when all were read)
     */
    Map<SecretRef, Diagnosis> preload(Collection<SecretRef> refs);

    /**
     * Checks who the caller really is (STS {@code GetCallerIdentity}; with a role configured, that it is a session of
     * that role), then reads each secret from AWS. Values are cached but never reported.
     *
     * @param refs the secrets to check
     * @return the report: the caller, and per secret OK or its diagnosis
     */
    VerifyReport verify(Collection<SecretRef> refs);

    /**
     * Releases the SDK clients, the STS credential refresher and the client's own threads. Every read, refresh and
     * preload after it (or waiting for a fetch when it is called) fails at once with {@link IllegalStateException}.
     */
    @Override
    void close();
}
