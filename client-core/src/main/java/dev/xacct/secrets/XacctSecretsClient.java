package dev.xacct.secrets;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.xacct.secrets.internal.AwsClients;
import dev.xacct.secrets.internal.CoarseTicker;
import dev.xacct.secrets.internal.Instruments;
import dev.xacct.secrets.internal.Listeners;
import dev.xacct.secrets.internal.Preloader;
import dev.xacct.secrets.internal.SecretCache;
import dev.xacct.secrets.internal.SecretFetcher;
import dev.xacct.secrets.internal.Settings;
import dev.xacct.secrets.internal.Verifier;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import org.slf4j.LoggerFactory;

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
 */
public final class XacctSecretsClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XacctSecretsClient.class);

    private final Settings settings;
    /** The settings as given, for {@link #toBuilder()}. */
    private final XacctSecretsClientBuilder given;
    private final AwsClients clients;
    private final SecretFetcher fetcher;
    private final SecretCache cache;
    private final ExecutorService ownExecutor;
    private final CoarseTicker ownTicker;
    private final AwsCredentialsProvider ownCredentials;
    /** A partial reference and the full ARN it was found to name; bounded like the cache. */
    private final Map<SecretRef, SecretRef> pinned;
    /** The references already warned about, so each is warned about once; bounded. */
    private final Map<SecretRef, Boolean> suffixWarnings;
    /**
     * References by the text they were parsed from, for the reads by {@code String} that the cache's text lookup
     * ({@link SecretCache#getByText}) does not answer (a first read, a value that left the cache) and for
     * {@code refresh} and {@code invalidate}: a map lookup, not a parse (the SDK's ARN and partition parsing,
     * thousands of nanoseconds and bytes). Only text that parsed enters, so validation is unchanged. A plain
     * concurrent map, bounded by starting over when full: an application reads a fixed set.
     */
    private final Map<String, SecretRef> parsed = new ConcurrentHashMap<>();
    private final int parsedLimit;
    private final Instruments instruments;

    static {
        // For metrics binders (dev.xacct.secrets.micrometer): a client's instruments, without a public method here.
        Instruments.lookup(client -> client.instruments);
    }

    XacctSecretsClient(XacctSecretsClientBuilder builder) {
        this.given = builder.copy();
        Settings requested = builder.settings();
        // What the client makes it owns, and closes: the threads, the clock, the default credentials chain.
        this.ownExecutor = requested.runtime().executor() == null
                ? daemonThreads(requested.cache().preloadConcurrency()) : null;
        this.ownTicker = requested.runtime().ticker() == null ? CoarseTicker.start() : null;
        this.ownCredentials = requested.identity().credentials() == null ? builder.defaultCredentials.get() : null;
        Listeners listeners = new Listeners(builder.listeners());
        this.settings = builder.settings(ownExecutor != null ? ownExecutor : requested.runtime().executor(), listeners,
                ownTicker != null ? ownTicker : requested.runtime().ticker(),
                ownCredentials != null ? ownCredentials : requested.identity().credentials());
        this.pinned = bounded(settings.cache().maximumSize());
        this.suffixWarnings = bounded(1_000);
        this.parsedLimit = (int) Math.min(settings.cache().maximumSize(), 100_000);
        try {
            this.clients = new AwsClients(settings, builder.httpClient());
        } catch (RuntimeException e) {
            // No region, say: what was made for this client is not left running.
            closeOwned();
            throw e;
        }
        this.fetcher = new SecretFetcher(settings, clients);
        this.cache = new SecretCache(settings, fetcher);
        this.instruments = new Instruments(cache, settings.runtime().ticker(), listeners);
    }

    /** A map bounded to {@code size} entries, lock-free to read; its upkeep runs on the writing thread. */
    private static <K, V> Map<K, V> bounded(long size) {
        return Caffeine.newBuilder().maximumSize(size).executor(Runnable::run).<K, V>build().asMap();
    }

    /**
     * The client's own threads: at most {@code preloadConcurrency} (20 by default), ended after a minute idle. More
     * refreshes than threads queue (at most one per cached secret version): a dead endpoint cannot make the client
     * spawn a thread per secret.
     */
    private static ExecutorService daemonThreads(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "xacct-secrets-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * A builder.
     *
     * @return a builder with every default
     */
    public static XacctSecretsClientBuilder builder() {
        return new XacctSecretsClientBuilder();
    }

    /**
     * A builder with every setting this client was built with, to build a variant of it (another role, region or
     * time limit). What was given to the builder (a credentials provider, an executor, an HTTP client, listeners)
     * is shared, not copied, and stays the caller's; what this client made for itself is not in it.
     *
     * @return a new builder
     */
    public XacctSecretsClientBuilder toBuilder() {
        return given.copy();
    }

    /**
     * A client with every default: the default credentials chain and region, no role.
     *
     * @return the client
     */
    public static XacctSecretsClient create() {
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
    public SecretValue get(SecretRef ref) {
        SecretRef key = ref.isFullArn() ? ref : pinned.get(ref);
        return key != null ? cache.get(key) : firstRead(ref);
    }

    /**
     * The secret named by {@code ref} (an ARN or name, parsed with {@link SecretRef#parse}).
     *
     * @param ref a secret ARN or name
     * @return the value, never {@code null}
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     */
    public SecretValue get(String ref) {
        SecretValue hit = ref == null ? null : cache.getByText(ref);
        return hit != null ? hit : readAndAlias(ref);
    }

    /**
     * A read by text that did not find its slot by the text: parsed (once per text), read by reference, and the text
     * remembered as naming the key the value is cached under, so the next read by it is one lookup.
     */
    private SecretValue readAndAlias(String text) {
        SecretRef ref = parsed(text);
        SecretValue value = get(ref);
        SecretRef key = ref.isFullArn() ? ref : pinned.get(ref);
        if (key != null) {
            cache.alias(text, key);
        }
        return value;
    }

    /** {@code ref} parsed with {@link SecretRef#parse}, once per distinct text. */
    private SecretRef parsed(String ref) {
        SecretRef known = ref == null ? null : parsed.get(ref);
        if (known == null) {
            known = SecretRef.parse(ref);
            if (parsed.size() >= parsedLimit) {
                parsed.clear();
            }
            parsed.put(ref, known);
        }
        return known;
    }

    /**
     * The string value.
     *
     * @param ref the secret (and version)
     * @return the string
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     * @throws IllegalStateException if the secret is binary
     */
    public String getString(SecretRef ref) {
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
    public String getString(String ref) {
        return get(ref).asString();
    }

    /**
     * The value as bytes: the binary value, or the string in UTF-8.
     *
     * @param ref the secret (and version)
     * @return a copy of the bytes
     * @throws SecretAccessException with the diagnosis, if it cannot be read
     */
    public byte[] getBinary(SecretRef ref) {
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
    public byte[] getBinary(String ref) {
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
    public Map<String, Object> getJson(SecretRef ref) {
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
    public Map<String, Object> getJson(String ref) {
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
    public String getField(SecretRef ref, String field) {
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
    public String getField(String ref, String field) {
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
    public SecretValue refresh(SecretRef ref) {
        cache.requireOpen();
        SecretRef key = ref.isFullArn() ? ref : pinned.get(ref);
        return key != null ? cache.refresh(key) : firstRead(ref);
    }

    /**
     * {@link #refresh(SecretRef)} of the secret named by {@code ref} (an ARN or name).
     *
     * @param ref a secret ARN or name
     * @return the value just read
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     * @throws SecretAccessException with the diagnosis, if it cannot be read now
     * @throws IllegalStateException if the client is closed
     */
    public SecretValue refresh(String ref) {
        return refresh(parsed(ref));
    }

    /**
     * Forgets the cached value of {@code ref}: the next read goes to AWS.
     *
     * @param ref the secret (and version)
     */
    public void invalidate(SecretRef ref) {
        SecretRef key = pinned.remove(ref);
        cache.invalidate(key != null ? key : ref);
        cache.invalidate(located(ref));
    }

    /**
     * {@link #invalidate(SecretRef)} of the secret named by {@code ref} (an ARN or name).
     *
     * @param ref a secret ARN or name
     * @throws InvalidSecretRefException if {@code ref} is not a usable reference
     */
    public void invalidate(String ref) {
        invalidate(parsed(ref));
    }

    /**
     * Reads many secrets in parallel (at most {@code preloadConcurrency} at a time), for a fast startup.
     *
     * @param refs the secrets
     * @return the secrets that could not be read, with their diagnoses (empty when all were read)
     */
    public Map<SecretRef, Diagnosis> preload(Collection<SecretRef> refs) {
        cache.requireOpen();
        return new Preloader(settings.runtime().executor(), settings.cache().preloadConcurrency()).run(refs, this::get);
    }

    /**
     * Checks who the caller really is (STS {@code GetCallerIdentity}; with a role configured, that it is a session of
     * that role), then reads each secret from AWS. Values are cached but never reported.
     *
     * @param refs the secrets to check
     * @return the report: the caller, and per secret OK or its diagnosis
     */
    public VerifyReport verify(Collection<SecretRef> refs) {
        return new Verifier(settings, clients, this::refresh).verify(refs);
    }

    private SecretValue firstRead(SecretRef ref) {
        SecretRef located = located(ref);
        SecretValue value = cache.get(located);
        SecretRef full = located.pinnedTo(value.arn());
        cache.share(located, full);
        pinned.put(ref, full);
        return value;
    }

    /** The reference with its region; warns once when a partial ARN looks like a full one. */
    private SecretRef located(SecretRef ref) {
        if (ref.nameLooksSuffixed() && ref.hasOwner() && suffixWarnings.putIfAbsent(ref.secretOnly(), true) == null) {
            log.warn("secret name '{}' ends in a hyphen and six characters: AWS takes its partial ARN for a full ARN "
                    + "and will not find it; use the full ARN [secret={}]", ref.name(), ref);
        }
        return ref.inRegion(clients.defaultRegion());
    }

    /**
     * Releases the SDK clients, the STS credential refresher and the client's own threads. Every read, refresh and
     * preload after it (or waiting for a fetch when it is called) fails at once with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        cache.close();
        instruments.close();
        clients.close();
        closeOwned();
    }

    private void closeOwned() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
        if (ownTicker != null) {
            ownTicker.close();
        }
        if (ownCredentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "XacctSecretsClient[region=" + clients.defaultRegion()
                + (settings.roleArn() == null ? "" : ", role=" + settings.roleArn()) + "]";
    }
}
