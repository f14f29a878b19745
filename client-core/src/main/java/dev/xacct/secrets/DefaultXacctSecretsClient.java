package dev.xacct.secrets;

import dev.xacct.secrets.internal.AwsClients;
import dev.xacct.secrets.internal.BoundedMap;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The library's {@link XacctSecretsClient}: what {@link XacctSecretsClientBuilder#build()} returns. Package-private,
 * so not API, and it reaches the package-private parts of {@link SecretRef} and the builder.
 */
final class DefaultXacctSecretsClient implements XacctSecretsClient {

    private static final Logger log = LoggerFactory.getLogger(XacctSecretsClient.class);

    private final Settings settings;
    /** The settings as given, for {@link #toBuilder()}. */
    private final XacctSecretsClientBuilder given;

    private final AwsClients clients;
    private final SecretFetcher fetcher;
    private final SecretCache cache;
    /** What the client made for a setting left at its default, and closes; {@code null} where one was given. */
    private final @Nullable ExecutorService ownExecutor;

    private final @Nullable CoarseTicker ownTicker;
    private final @Nullable AwsCredentialsProvider ownCredentials;
    /** A partial reference and the full ARN it was found to name; bounded like the cache. */
    private final BoundedMap<SecretRef, SecretRef> pinned;
    /** The references already warned about, so each is warned about once; bounded. */
    private final BoundedMap<SecretRef, Boolean> suffixWarnings;
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
        Instruments.lookup(client -> client instanceof DefaultXacctSecretsClient own ? own.instruments : null);
    }

    DefaultXacctSecretsClient(XacctSecretsClientBuilder builder) {
        this.given = builder.copy();
        Settings requested = builder.settings();
        // What the client makes it owns, and closes: the threads, the clock, the default credentials chain.
        this.ownExecutor = requested.execution().executor() == null
                ? daemonThreads(requested.cache().preloadConcurrency())
                : null;
        this.ownTicker = requested.execution().ticker() == null ? new CoarseTicker() : null;
        this.ownCredentials = requested.identity().credentials() == null ? builder.defaultCredentials.get() : null;
        Listeners listeners = new Listeners(builder.listeners());
        this.settings = builder.settings(
                ownExecutor != null ? ownExecutor : requested.execution().executor(),
                listeners,
                ownTicker != null ? ownTicker : requested.execution().ticker(),
                ownCredentials != null ? ownCredentials : requested.identity().credentials());
        this.pinned = new BoundedMap<>(settings.cache().maximumSize());
        this.suffixWarnings = new BoundedMap<>(1_000);
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
        this.instruments = new Instruments(cache, settings.execution().ticker(), listeners);
    }

    /**
     * The client's own threads: at most {@code preloadConcurrency} (20 by default), ended after a minute idle. More
     * refreshes than threads queue (at most one per cached secret version): a dead endpoint cannot make the client
     * spawn a thread per secret.
     */
    private static ExecutorService daemonThreads(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "xacct-secrets-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public XacctSecretsClientBuilder toBuilder() {
        return given.copy();
    }

    @Override
    public SecretValue get(SecretRef ref) {
        SecretRef key = ref.isFullArn() ? ref : pinned.get(ref);
        return key != null ? cache.get(key) : firstRead(ref);
    }

    @Override
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

    @Override
    public SecretValue refresh(SecretRef ref) {
        cache.requireOpen();
        SecretRef key = ref.isFullArn() ? ref : pinned.get(ref);
        return key != null ? cache.refresh(key) : firstRead(ref);
    }

    @Override
    public SecretValue refresh(String ref) {
        return refresh(parsed(ref));
    }

    @Override
    public void invalidate(SecretRef ref) {
        SecretRef key = pinned.remove(ref);
        cache.invalidate(key != null ? key : ref);
        cache.invalidate(located(ref));
    }

    @Override
    public void invalidate(String ref) {
        invalidate(parsed(ref));
    }

    @Override
    public Map<SecretRef, Diagnosis> preload(Collection<SecretRef> refs) {
        cache.requireOpen();
        return new Preloader(settings.execution().executor(), settings.cache().preloadConcurrency())
                .run(refs, this::get);
    }

    @Override
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
            log.warn(
                    "secret name '{}' ends in a hyphen and six characters: AWS takes its partial ARN for a full ARN "
                            + "and will not find it; use the full ARN [secret={}]",
                    ref.name(),
                    ref);
        }
        return ref.inRegion(clients.defaultRegion());
    }

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
