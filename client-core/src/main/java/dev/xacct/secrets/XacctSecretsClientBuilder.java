package dev.xacct.secrets;

import dev.xacct.secrets.internal.Quoted;
import dev.xacct.secrets.internal.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Configures an {@link XacctSecretsClient}. Every setting has a default, stated on its setter; setters check their
 * argument at once and say what is wrong with it.
 */
public final class XacctSecretsClientBuilder {

    /** By default a value is refreshed in the background an hour after it was read. */
    public static final Duration DEFAULT_REFRESH_AFTER = Duration.ofHours(1);
    /** By default up to 10% of {@code refreshAfter} is taken off at random, so a fleet does not refresh in step. */
    public static final double DEFAULT_REFRESH_JITTER = 0.1;
    /** By default a value is served for at most a day while refreshes fail transiently. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofHours(24);
    /** By default a failed read is tried again after 1 second, doubling. */
    public static final Duration DEFAULT_FAILURE_BACKOFF = Duration.ofSeconds(1);
    /** By default the delay between tries of a failing read grows to at most 5 minutes. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    /** By default at most 10,000 secret versions are cached. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** By default {@code preload} reads 20 secrets at a time: 50 secrets in three round trips. */
    public static final int DEFAULT_PRELOAD_CONCURRENCY = 20;
    /** The role session name used unless another is set. */
    public static final String DEFAULT_SESSION_NAME = "xacct-secrets";
    /** By default role credentials are renewed in the background 5 minutes before they expire. */
    public static final Duration DEFAULT_SESSION_REFRESH_BEFORE = Duration.ofMinutes(5);
    /** The role session duration used unless another is set. */
    public static final Duration DEFAULT_SESSION_DURATION = Duration.ofHours(1);

    /**
     * By default each AWS call of a read, retries included, is abandoned after 15 seconds: room for the SDK's three
     * attempts, and far less than the minutes an unlimited call can hang.
     */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(15);
    /**
     * By default each HTTP attempt of an AWS call is abandoned after 5 seconds (and retried within the call's limit):
     * a cold start (TLS, a first connection) fits, a dead connection does not hold a read.
     */
    public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** By default each extra call a diagnosis makes is abandoned after 3 seconds. */
    public static final Duration DEFAULT_DIAGNOSTIC_CALL_TIMEOUT = Duration.ofSeconds(3);
    /**
     * By default a response body over 1 MiB is refused: a secret is at most 64 KiB, so no honest response comes near,
     * and a larger one is not read into memory.
     */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    /** The longest {@code refreshAfter}, {@code maxStaleness}: a year. Longer is a unit mistake. */
    private static final Duration MAX_CACHE_DURATION = Duration.ofDays(366);
    /** The longest backoff: a day. */
    private static final Duration MAX_BACKOFF_DURATION = Duration.ofDays(1);
    /** The longest limit of one AWS call. */
    private static final Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(10);

    /** The setters' patterns, in a holder: compiled when a setter first needs one, not by every cold start. */
    private static final class Patterns {

        static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
        static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
        static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

        private Patterns() {}
    }

    // null: the setting is left at its default (stated on the setter).
    private @Nullable String region;
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable String roleArn;
    private @Nullable String externalId;
    private String sessionName = DEFAULT_SESSION_NAME;
    private Duration sessionDuration = DEFAULT_SESSION_DURATION;
    private Duration sessionRefreshBefore = DEFAULT_SESSION_REFRESH_BEFORE;
    private @Nullable URI endpointOverride;
    private @Nullable SecretsManagerClient secretsManagerClient;
    private @Nullable KmsClient kmsClient;
    private boolean routeByArnRegion = true;
    private @Nullable ClientOverrideConfiguration overrideConfiguration;
    private @Nullable String kmsKeyArn;
    private @Nullable String expectedOwnerAccount;
    private Duration refreshAfter = DEFAULT_REFRESH_AFTER;
    private double refreshJitter = DEFAULT_REFRESH_JITTER;
    private Duration maxStaleness = DEFAULT_MAX_STALENESS;
    private boolean serveStaleOnAccessError;
    private Duration failureBackoff = DEFAULT_FAILURE_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private int preloadConcurrency = DEFAULT_PRELOAD_CONCURRENCY;
    /** {@code null}: the client makes its own coarse clock, and stops it on close. */
    private @Nullable Ticker ticker;
    /** {@code null}: the client makes its own threads, and stops them on close. */
    private @Nullable Executor executor;

    private final java.util.List<XacctSecretsListener> listeners = new java.util.ArrayList<>();
    /** {@code null}: the limit of {@code overrideConfiguration}, else the default. */
    private @Nullable Duration apiCallTimeout;

    private @Nullable Duration apiCallAttemptTimeout;
    private Duration diagnosticCallTimeout = DEFAULT_DIAGNOSTIC_CALL_TIMEOUT;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    /** {@code null}: the client makes its own, and closes it. */
    private @Nullable SdkHttpClient httpClient;

    /**
     * The HTTP client of every SDK client the library builds (for a proxy, a TLS setting, a connection pool). By
     * default one {@code UrlConnectionHttpClient} the client makes and closes; one you give stays yours to close.
     *
     * @param httpClient the HTTP client
     * @return this builder
     */
    public XacctSecretsClientBuilder httpClient(SdkHttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        return this;
    }

    /** The HTTP client given, or {@code null} for the client's own. */
    @Nullable
    SdkHttpClient httpClient() {
        return httpClient;
    }

    /** Makes the default credentials (for tests, which check the client closes what it made). */
    java.util.function.Supplier<AwsCredentialsProvider> defaultCredentials =
            () -> DefaultCredentialsProvider.builder().build();

    XacctSecretsClientBuilder() {}

    /**
     * The region of references that name none (bare names, names with an owner account). By default the SDK's region
     * chain ({@code AWS_REGION}, profile, instance metadata). Secrets given by ARN are read in the ARN's region.
     *
     * @param region the region
     * @return this builder
     * @throws IllegalArgumentException if {@code region} is not a region id such as {@code us-east-1}
     */
    public XacctSecretsClientBuilder region(String region) {
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new IllegalArgumentException(
                    "region must be a region id such as us-east-1, was: " + Quoted.of(region));
        }
        this.region = region;
        return this;
    }

    /**
     * The region of references that name none; see {@link #region(String)}.
     *
     * @param region the region
     * @return this builder
     */
    public XacctSecretsClientBuilder region(Region region) {
        return region(Objects.requireNonNull(region, "region").id());
    }

    /**
     * The base credentials: any SDK credentials provider. By default the SDK's default chain (environment, system
     * properties, profile, web identity, container and instance credentials). With {@link #roleArn(String)} these
     * are the credentials that assume the role.
     *
     * @param provider the base credentials
     * @return this builder
     */
    public XacctSecretsClientBuilder credentialsProvider(AwsCredentialsProvider provider) {
        this.credentials = Objects.requireNonNull(provider, "credentialsProvider");
        return this;
    }

    /**
     * A role to assume (ApplicationRole), through STS, with credentials refreshed in the background before they
     * expire. By default none: the base credentials read the secrets.
     *
     * @param roleArn the role ARN
     * @return this builder
     * @throws IllegalArgumentException if it is not a role ARN ({@code arn:aws:iam::ACCOUNT:role/NAME})
     */
    public XacctSecretsClientBuilder roleArn(String roleArn) {
        if (roleArn == null || !Patterns.ROLE_ARN.matcher(roleArn).matches()) {
            throw new IllegalArgumentException("roleArn must be a role ARN such as "
                    + "arn:aws:iam::222222222222:role/ApplicationRole, was: " + Quoted.of(roleArn));
        }
        this.roleArn = roleArn;
        return this;
    }

    /**
     * The external id the role's trust policy requires. By default none.
     *
     * @param externalId the external id
     * @return this builder
     * @throws IllegalArgumentException if it is not 2-1224 characters
     */
    public XacctSecretsClientBuilder externalId(String externalId) {
        if (externalId == null || externalId.length() < 2 || externalId.length() > 1224) {
            throw new IllegalArgumentException("externalId must be 2-1224 characters, was: "
                    + (externalId == null ? "null" : externalId.length() + " characters"));
        }
        this.externalId = externalId;
        return this;
    }

    /**
     * The role session name, visible in CloudTrail and in the session ARN. By default {@value #DEFAULT_SESSION_NAME}.
     *
     * @param sessionName the session name
     * @return this builder
     * @throws IllegalArgumentException if it is not 2-64 letters, digits or {@code +=,.@_-}
     */
    public XacctSecretsClientBuilder sessionName(String sessionName) {
        if (sessionName == null || !Patterns.SESSION_NAME.matcher(sessionName).matches()) {
            throw new IllegalArgumentException(
                    "sessionName must be 2-64 letters, digits or +=,.@_-, was: " + Quoted.of(sessionName));
        }
        this.sessionName = sessionName;
        return this;
    }

    /**
     * How long each role session lasts; credentials are renewed before it ends. By default 1 hour.
     *
     * @param duration the duration
     * @return this builder
     * @throws IllegalArgumentException if it is under 15 minutes or over 12 hours
     */
    public XacctSecretsClientBuilder sessionDuration(Duration duration) {
        if (duration == null
                || duration.compareTo(Duration.ofMinutes(15)) < 0
                || duration.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException(
                    "sessionDuration must be between 15 minutes and 12 hours, was: " + duration);
        }
        this.sessionDuration = duration;
        return this;
    }

    /**
     * How long before a role session ends its credentials are renewed, in the background: no read waits on STS
     * after the first, unless renewal has kept failing into the last half of this window. By default 5 minutes. It
     * must be shorter than {@link #sessionDuration} (checked by {@link #build()}): else every call would renew.
     *
     * @param duration the duration
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over 12 hours
     */
    public XacctSecretsClientBuilder sessionRefreshBefore(Duration duration) {
        this.sessionRefreshBefore = requireBetween("sessionRefreshBefore", duration, Duration.ofHours(12));
        return this;
    }

    /**
     * One endpoint for Secrets Manager, KMS, STS and IAM (an emulator, a VPC endpoint proxy). By default the SDK's
     * (which honours {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}).
     *
     * @param endpoint the endpoint URI
     * @return this builder
     * @throws IllegalArgumentException if it is not an absolute http(s) URI
     */
    public XacctSecretsClientBuilder endpointOverride(URI endpoint) {
        if (endpoint == null
                || endpoint.getScheme() == null
                || !endpoint.getScheme().startsWith("http")
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException(
                    "endpointOverride must be an absolute http(s) URI, was: " + Quoted.of(String.valueOf(endpoint)));
        }
        this.endpointOverride = endpoint;
        return this;
    }

    /**
     * A Secrets Manager client of your own, used for secrets of its region (others get clients built like the rest).
     * You keep it and close it. By default none.
     *
     * @param client the SDK client
     * @return this builder
     */
    public XacctSecretsClientBuilder secretsManagerClient(SecretsManagerClient client) {
        this.secretsManagerClient = Objects.requireNonNull(client, "secretsManagerClient");
        return this;
    }

    /**
     * A KMS client of your own, used by the diagnostic probe for keys of its region. By default none.
     *
     * @param client the SDK client
     * @return this builder
     */
    public XacctSecretsClientBuilder kmsClient(KmsClient client) {
        this.kmsClient = Objects.requireNonNull(client, "kmsClient");
        return this;
    }

    /**
     * Whether each secret is read in its ARN's region. By default {@code true}. With {@code false} and a
     * {@link #secretsManagerClient}, every read goes to that client, as with the plain SDK; a secret of another region
     * is then diagnosed as {@code REGION_MISMATCH}.
     *
     * @param route whether to route by the ARN region
     * @return this builder
     */
    public XacctSecretsClientBuilder routeByArnRegion(boolean route) {
        this.routeByArnRegion = route;
        return this;
    }

    /**
     * SDK client settings for the clients built here (retries, timeouts, interceptors). By default the SDK's, with the
     * time limits of {@link #apiCallTimeout} and {@link #apiCallAttemptTimeout}; limits set here are kept unless those
     * setters are called.
     *
     * @param configuration the SDK client settings
     * @return this builder
     */
    public XacctSecretsClientBuilder overrideConfiguration(ClientOverrideConfiguration configuration) {
        this.overrideConfiguration = Objects.requireNonNull(configuration, "overrideConfiguration");
        return this;
    }

    /**
     * SDK client settings for the clients built here, as the SDK's own builders take them.
     *
     * @param configuration sets the settings on a fresh builder
     * @return this builder
     */
    public XacctSecretsClientBuilder overrideConfiguration(
            Consumer<ClientOverrideConfiguration.Builder> configuration) {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder();
        Objects.requireNonNull(configuration, "overrideConfiguration").accept(builder);
        return overrideConfiguration(builder.build());
    }

    /**
     * The limit of each AWS call a read makes ({@code GetSecretValue}, {@code AssumeRole}), all its retries included:
     * past it the call fails as a network error (transient: the last good value is served). By default 15 seconds.
     *
     * @param timeout the limit
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over 10 minutes
     */
    public XacctSecretsClientBuilder apiCallTimeout(Duration timeout) {
        this.apiCallTimeout = requireBetween("apiCallTimeout", timeout, MAX_CALL_TIMEOUT);
        return this;
    }

    /**
     * The limit of each HTTP attempt of an AWS call; a timed-out attempt is retried while the call's
     * {@link #apiCallTimeout} allows. By default 5 seconds. It must not exceed {@code apiCallTimeout} (checked by
     * {@link #build()}).
     *
     * @param timeout the limit
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over 10 minutes
     */
    public XacctSecretsClientBuilder apiCallAttemptTimeout(Duration timeout) {
        this.apiCallAttemptTimeout = requireBetween("apiCallAttemptTimeout", timeout, MAX_CALL_TIMEOUT);
        return this;
    }

    /**
     * The limit of each extra call a diagnosis makes after an access failure (STS {@code GetCallerIdentity},
     * {@code DescribeSecret}, the KMS probe, IAM simulation): a diagnosis is worth little time. By default 3 seconds.
     *
     * @param timeout the limit
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over 10 minutes
     */
    public XacctSecretsClientBuilder diagnosticCallTimeout(Duration timeout) {
        this.diagnosticCallTimeout = requireBetween("diagnosticCallTimeout", timeout, MAX_CALL_TIMEOUT);
        return this;
    }

    /**
     * The largest response body read from AWS; a larger one fails as a service error, without being read into
     * memory. By default 1 MiB (a secret is at most 64 KiB).
     *
     * @param bytes the limit in bytes
     * @return this builder
     * @throws IllegalArgumentException if it is under 128 KiB (a 64 KiB binary secret, in base64 and JSON) or over
     *     64 MiB
     */
    public XacctSecretsClientBuilder maxResponseBytes(long bytes) {
        if (bytes < 128 * 1024 || bytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("maxResponseBytes must be 128 KiB to 64 MiB, was: " + bytes);
        }
        this.maxResponseBytes = bytes;
        return this;
    }

    /**
     * The ARN of the KMS key that encrypts the secrets, for diagnosing KMS denials when {@code DescribeSecret} is not
     * allowed. By default none (the key is learnt from {@code DescribeSecret} where possible).
     *
     * @param keyArn the key or alias ARN
     * @return this builder
     * @throws IllegalArgumentException if it is not a KMS key or alias ARN
     */
    public XacctSecretsClientBuilder kmsKeyArn(String keyArn) {
        if (keyArn == null || !keyArn.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/.+")) {
            throw new IllegalArgumentException("kmsKeyArn must be a KMS key ARN such as "
                    + "arn:aws:kms:us-east-1:111111111111:key/<id>, was: " + Quoted.of(keyArn));
        }
        this.kmsKeyArn = keyArn;
        return this;
    }

    /**
     * The only account secrets may come from: a secret whose ARN names another account is refused (a bare name
     * resolves in the caller's account, which may not be the one meant). By default any account.
     *
     * @param accountId the 12-digit account id
     * @return this builder
     * @throws IllegalArgumentException if it is not 12 digits
     */
    public XacctSecretsClientBuilder expectedOwnerAccount(String accountId) {
        if (accountId == null || !Patterns.ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("expectedOwnerAccount must be 12 digits, was: " + Quoted.of(accountId));
        }
        this.expectedOwnerAccount = accountId;
        return this;
    }

    /**
     * How long after a read the value is refreshed in the background (readers keep the current value meanwhile).
     * By default 1 hour.
     *
     * @param duration the duration
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over 366 days
     */
    public XacctSecretsClientBuilder refreshAfter(Duration duration) {
        this.refreshAfter = requireBetween("refreshAfter", duration, MAX_CACHE_DURATION);
        return this;
    }

    /**
     * The share of {@code refreshAfter} taken off at random for each value, 0 to 0.5. By default 0.1.
     *
     * @param share the share, 0 to 0.5
     * @return this builder
     * @throws IllegalArgumentException if it is outside 0 to 0.5
     */
    public XacctSecretsClientBuilder refreshJitter(double share) {
        if (!(share >= 0 && share <= 0.5)) {
            throw new IllegalArgumentException("refreshJitter must be between 0 and 0.5, was: " + share);
        }
        this.refreshJitter = share;
        return this;
    }

    /**
     * The oldest value served while refreshes fail transiently; after it, reads fail with the diagnosis. Also the
     * longest a value stays cached unread. By default 24 hours.
     *
     * @param duration the duration
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over 366 days
     */
    public XacctSecretsClientBuilder maxStaleness(Duration duration) {
        this.maxStaleness = requireBetween("maxStaleness", duration, MAX_CACHE_DURATION);
        return this;
    }

    /**
     * Whether the last good value is still served (up to {@code maxStaleness}) after a refresh finds access lost
     * (denied, deleted, KMS). By default {@code false}: reads fail with the diagnosis at once.
     *
     * @param serveStale whether to serve it
     * @return this builder
     */
    public XacctSecretsClientBuilder serveStaleOnAccessError(boolean serveStale) {
        this.serveStaleOnAccessError = serveStale;
        return this;
    }

    /**
     * The first delay before a failed read is tried again; it doubles with each failure (less up to half at random)
     * up to {@link #maxBackoff}. By default 1 second.
     *
     * @param duration the duration
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over a day
     */
    public XacctSecretsClientBuilder failureBackoff(Duration duration) {
        this.failureBackoff = requireBetween("failureBackoff", duration, MAX_BACKOFF_DURATION);
        return this;
    }

    /**
     * The longest delay between tries of a failing read. By default 5 minutes.
     *
     * @param duration the duration
     * @return this builder
     * @throws IllegalArgumentException if it is not positive, or over a day
     */
    public XacctSecretsClientBuilder maxBackoff(Duration duration) {
        this.maxBackoff = requireBetween("maxBackoff", duration, MAX_BACKOFF_DURATION);
        return this;
    }

    /**
     * The most secret versions kept. By default 10,000.
     *
     * @param size the number of secret versions
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     */
    public XacctSecretsClientBuilder maximumSize(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("maximumSize must be positive, was: " + size);
        }
        this.maximumSize = size;
        return this;
    }

    /**
     * How many secrets {@link XacctSecretsClient#preload} reads at a time. By default 20.
     *
     * @param concurrency how many at a time
     * @return this builder
     * @throws IllegalArgumentException if it is not 1 to 64
     */
    public XacctSecretsClientBuilder preloadConcurrency(int concurrency) {
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("preloadConcurrency must be 1 to 64, was: " + concurrency);
        }
        this.preloadConcurrency = concurrency;
        return this;
    }

    /**
     * The cache's time source, for tests that move time by hand. By default the system's monotonic time at
     * millisecond resolution, read without a system call on each hit.
     *
     * @param ticker the time source
     * @return this builder
     */
    public XacctSecretsClientBuilder ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Where reads from AWS run (blocking I/O). By default the client's own daemon threads, stopped on close.
     * You keep and stop an executor you give.
     *
     * @param executor the executor
     * @return this builder
     */
    public XacctSecretsClientBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Adds a listener: what to tell about reads, role assumptions and failed refreshes. Every listener added is told,
     * in the order added (a framework's and the application's side by side). By default none. What a listener throws
     * is caught and logged once: it cannot fail a read.
     *
     * @param listener the listener
     * @return this builder
     */
    public XacctSecretsClientBuilder addListener(XacctSecretsListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The listeners added, in order. */
    java.util.List<XacctSecretsListener> listeners() {
        return java.util.List.copyOf(listeners);
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalArgumentException if settings contradict each other (naming them)
     */
    public XacctSecretsClient build() {
        if (failureBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("failureBackoff (" + failureBackoff + ") must not exceed maxBackoff ("
                    + maxBackoff + "): the first delay would already be past the longest");
        }
        if (roleArn == null && externalId != null) {
            throw new IllegalArgumentException(
                    "externalId needs roleArn: it is sent when assuming that role, and no " + "roleArn is set");
        }
        if (refreshAfter.compareTo(maxStaleness) > 0) {
            throw new IllegalArgumentException("refreshAfter (" + refreshAfter + ") must not exceed maxStaleness ("
                    + maxStaleness + "): a value would become too old to serve before its refresh is due");
        }
        if (sessionRefreshBefore.compareTo(sessionDuration) >= 0) {
            throw new IllegalArgumentException("sessionRefreshBefore (" + sessionRefreshBefore
                    + ") must be shorter than sessionDuration (" + sessionDuration + "): else every call renews "
                    + "the role session");
        }
        if (effectiveAttemptTimeout().compareTo(effectiveCallTimeout()) > 0) {
            throw new IllegalArgumentException("apiCallAttemptTimeout (" + effectiveAttemptTimeout()
                    + ") must not exceed apiCallTimeout (" + effectiveCallTimeout() + ")");
        }
        return new DefaultXacctSecretsClient(this);
    }

    /** The builder's limit, else the one in overrideConfiguration, else the default. */
    private Duration effectiveCallTimeout() {
        return apiCallTimeout != null
                ? apiCallTimeout
                : overrideConfiguration != null
                                && overrideConfiguration.apiCallTimeout().isPresent()
                        ? overrideConfiguration.apiCallTimeout().get()
                        : DEFAULT_API_CALL_TIMEOUT;
    }

    private Duration effectiveAttemptTimeout() {
        return apiCallAttemptTimeout != null
                ? apiCallAttemptTimeout
                : overrideConfiguration != null
                                && overrideConfiguration.apiCallAttemptTimeout().isPresent()
                        ? overrideConfiguration.apiCallAttemptTimeout().get()
                        : DEFAULT_API_CALL_ATTEMPT_TIMEOUT;
    }

    /** The settings as given: no ticker or credentials made for the defaults (those are {@code null}). */
    Settings settings() {
        return settings(executor, XacctSecretsListener.composite(listeners), ticker, credentials);
    }

    Settings settings(
            @Nullable Executor effectiveExecutor,
            XacctSecretsListener effectiveListener,
            @Nullable Ticker effectiveTicker,
            @Nullable AwsCredentialsProvider effectiveCredentials) {
        return new Settings(
                new Settings.Identity(
                        region,
                        effectiveCredentials,
                        roleArn,
                        externalId,
                        sessionName,
                        sessionDuration,
                        sessionRefreshBefore),
                new Settings.Network(
                        endpointOverride,
                        secretsManagerClient,
                        kmsClient,
                        routeByArnRegion,
                        overrideConfiguration,
                        effectiveCallTimeout(),
                        effectiveAttemptTimeout(),
                        maxResponseBytes),
                new Settings.Cache(
                        refreshAfter,
                        refreshJitter,
                        maxStaleness,
                        serveStaleOnAccessError,
                        maximumSize,
                        preloadConcurrency),
                new Settings.Backoff(failureBackoff, maxBackoff),
                new Settings.Diagnosis(kmsKeyArn, expectedOwnerAccount, diagnosticCallTimeout),
                new Settings.Execution(effectiveTicker, effectiveExecutor, effectiveListener));
    }

    /**
     * A builder with every setting of this one (the objects given, such as the credentials provider, shared, not
     * copied: they stay the caller's).
     */
    XacctSecretsClientBuilder copy() {
        XacctSecretsClientBuilder copy = new XacctSecretsClientBuilder();
        copy.region = region;
        copy.credentials = credentials;
        copy.roleArn = roleArn;
        copy.externalId = externalId;
        copy.sessionName = sessionName;
        copy.sessionDuration = sessionDuration;
        copy.sessionRefreshBefore = sessionRefreshBefore;
        copy.endpointOverride = endpointOverride;
        copy.secretsManagerClient = secretsManagerClient;
        copy.kmsClient = kmsClient;
        copy.routeByArnRegion = routeByArnRegion;
        copy.overrideConfiguration = overrideConfiguration;
        copy.kmsKeyArn = kmsKeyArn;
        copy.expectedOwnerAccount = expectedOwnerAccount;
        copy.refreshAfter = refreshAfter;
        copy.refreshJitter = refreshJitter;
        copy.maxStaleness = maxStaleness;
        copy.serveStaleOnAccessError = serveStaleOnAccessError;
        copy.failureBackoff = failureBackoff;
        copy.maxBackoff = maxBackoff;
        copy.maximumSize = maximumSize;
        copy.preloadConcurrency = preloadConcurrency;
        copy.ticker = ticker;
        copy.executor = executor;
        copy.listeners.addAll(listeners);
        copy.apiCallTimeout = apiCallTimeout;
        copy.apiCallAttemptTimeout = apiCallAttemptTimeout;
        copy.diagnosticCallTimeout = diagnosticCallTimeout;
        copy.maxResponseBytes = maxResponseBytes;
        copy.httpClient = httpClient;
        copy.defaultCredentials = defaultCredentials;
        return copy;
    }

    private static Duration requireBetween(String name, Duration duration, Duration max) {
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    name + " must be a positive duration of at most " + max + ", was: " + duration);
        }
        return duration;
    }
}
