package dev.xacct.secrets.internal;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.XacctSecretsListener;
import dev.xacct.secrets.internal.diagnosis.Diagnoses;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * The AWS SDK clients the reader uses: one Secrets Manager and one KMS client per region (built on first use, so each
 * secret is read in its own ARN's region), an STS and an IAM client, one shared HTTP client, and the credentials —
 * the base ones, or a role assumed through STS and refreshed in the background.
 *
 * <p>Every call has an end-to-end limit: {@code apiCallTimeout} per call (retries included) and
 * {@code apiCallAttemptTimeout} per HTTP attempt; the clients only diagnoses use (KMS, IAM) and the diagnosis' own
 * calls are limited to {@code diagnosticCallTimeout}. Response bodies are capped at {@code maxResponseBytes}.
 */
public final class AwsClients implements AutoCloseable {

    private final Settings settings;
    private final String defaultRegion;
    private final SdkHttpClient httpClient;
    /** Whether the HTTP client is the library's own (closed with it) rather than the user's. */
    private final boolean ownHttpClient;

    private final Lazy<StsClient> sts;
    private final AwsCredentialsProvider baseCredentials;
    private final AwsCredentialsProvider credentials;
    private final StsAssumeRoleCredentialsProvider assumeRole;
    private final Map<String, SecretsManagerClient> secretsManagers = new ConcurrentHashMap<>();
    private final Map<String, KmsClient> kmsClients = new ConcurrentHashMap<>();
    private final Queue<SdkClient> owned = new ConcurrentLinkedQueue<>();
    private final Lazy<StsClient> effectiveSts;
    private final Lazy<IamClient> iam;
    private final Lazy<IamClient> roleIam;
    private volatile boolean closed;

    public AwsClients(Settings settings) {
        this(settings, null);
    }

    /** The clients, with the user's HTTP client (theirs to close), or {@code null} for one made here. */
    public AwsClients(Settings settings, SdkHttpClient givenHttpClient) {
        this.settings = settings;
        this.ownHttpClient = givenHttpClient == null;
        this.httpClient = givenHttpClient != null ? givenHttpClient : UrlConnectionHttpClient.create();
        this.defaultRegion = settings.identity().defaultRegion() != null
                ? settings.identity().defaultRegion()
                : regionFromEnvironment();
        // The SDK clients close the provider they are given: the user's is theirs to close, the client's default
        // chain is closed once, by the client. The lambda is the wrapper that SDK clients cannot close.
        AwsCredentialsProvider given = settings.identity().credentials();
        this.baseCredentials = () -> given.resolveCredentials();
        // Built on first use: a read without a role needs no STS client, and only diagnoses need IAM.
        this.sts = new Lazy<StsClient>(() -> own(
                configure(StsClient.builder(), defaultRegion, baseCredentials).build()));
        if (settings.roleArn() != null) {
            this.assumeRole = TimedStsClient.session(sts.get(), settings, this::assumeRoleRequest);
            this.credentials = assumeRole;
        } else {
            this.assumeRole = null;
            this.credentials = baseCredentials;
        }
        this.effectiveSts = assumeRole == null
                ? sts
                : new Lazy<StsClient>(() -> own(configure(StsClient.builder(), defaultRegion, credentials)
                        .build()));
        this.iam = new Lazy<IamClient>(
                () -> own(configure(IamClient.builder(), iamRegion(defaultRegion), baseCredentials, true)
                        .build()));
        this.roleIam = assumeRole == null
                ? iam
                : new Lazy<IamClient>(
                        () -> own(configure(IamClient.builder(), iamRegion(defaultRegion), credentials, true)
                                .build()));
        SecretsManagerClient givenSecretsManager = settings.network().secretsManagerClient();
        if (givenSecretsManager != null) {
            secretsManagers.put(
                    regionOf(givenSecretsManager.serviceClientConfiguration().region()), givenSecretsManager);
        }
        KmsClient givenKms = settings.network().kmsClient();
        if (givenKms != null) {
            kmsClients.put(regionOf(givenKms.serviceClientConfiguration().region()), givenKms);
        }
    }

    private static String regionFromEnvironment() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new IllegalStateException(
                    "no region: set region(...) on the builder, or AWS_REGION / a profile "
                            + "region in the environment (secrets given by ARN are read in their own region regardless)",
                    e);
        }
    }

    private void assumeRoleRequest(AssumeRoleRequest.Builder request) {
        request.roleArn(settings.roleArn())
                .roleSessionName(settings.identity().sessionName())
                .durationSeconds((int) settings.identity().sessionDuration().toSeconds());
        if (settings.externalId() != null) {
            request.externalId(settings.externalId());
        }
    }

    private static String regionOf(Region region) {
        return region == null ? "" : region.id();
    }

    /** The region used for references that name none. */
    public String defaultRegion() {
        return defaultRegion;
    }

    /** The region a secret of {@code region} is read in: its own, unless routing by ARN region is off. */
    public String routedRegion(String region) {
        return settings.network().routeByArnRegion() || settings.network().secretsManagerClient() == null
                ? region
                : regionOf(settings.network()
                        .secretsManagerClient()
                        .serviceClientConfiguration()
                        .region());
    }

    /** The Secrets Manager client of {@code region}. */
    public SecretsManagerClient secretsManager(String region) {
        return secretsManagers.computeIfAbsent(
                region,
                r -> own(configure(SecretsManagerClient.builder(), r, credentials)
                        .build()));
    }

    /** The KMS client of {@code region}. */
    public KmsClient kms(String region) {
        // KMS is only called by the diagnostic probe: its calls get the diagnosis' short limit.
        return kmsClients.computeIfAbsent(
                region,
                r -> own(configure(KmsClient.builder(), r, credentials, true).build()));
    }

    /** The STS client, with the base credentials. */
    public StsClient baseSts() {
        return sts.get();
    }

    /** An STS client with the effective credentials (the assumed role's, if one is configured). */
    public StsClient sts() {
        return effectiveSts.get();
    }

    /**
     * The IAM client used for policy simulation, with the base credentials: an operator's own credentials are more
     * likely than the application role's to be allowed {@code iam:SimulatePrincipalPolicy}.
     */
    public IamClient iam() {
        return iam.get();
    }

    /**
     * IAM as the role the client assumes (a role may be allowed to simulate its own policies and read itself when its
     * base identity is not), or {@link #iam()} when no role is configured.
     */
    public IamClient iamAsRole() {
        return roleIam.get();
    }

    /**
     * The region an IAM client is built for: the global region of the default region's partition ({@code aws-global},
     * {@code aws-cn-global}, {@code aws-us-gov-global}...), where IAM signs; the default region itself for a
     * partition the SDK does not know.
     */
    static String iamRegion(String region) {
        software.amazon.awssdk.regions.RegionMetadata metadata =
                Region.of(region).metadata();
        if (metadata == null) {
            return region;
        }
        Region global = Region.of(metadata.partition().id() + "-global");
        return Region.regions().contains(global) ? global.id() : region;
    }

    private volatile String callerArn;
    /** Made by the first diagnosis that calls AWS (a read that succeeds never needs it). */
    private volatile @Nullable AwsRequestOverrideConfiguration diagnosticCall;

    /**
     * Who the caller is, from STS {@code GetCallerIdentity} (asked once, on the first failure that needs it), or
     * {@code null} if STS cannot tell.
     */
    public String callerArn() {
        String arn = callerArn;
        if (arn == null) {
            try {
                arn = effectiveSts
                        .get()
                        .getCallerIdentity(r -> r.overrideConfiguration(diagnosticCall()))
                        .arn();
                callerArn = arn;
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                return null;
            }
        }
        return arn;
    }

    /**
     * The per-request setting that limits a diagnosis' extra call (on a client shared with reads, such as
     * {@code DescribeSecret} on Secrets Manager) to {@code diagnosticCallTimeout}, retries included.
     */
    public AwsRequestOverrideConfiguration diagnosticCall() {
        AwsRequestOverrideConfiguration made = diagnosticCall;
        if (made == null) {
            // Two diagnoses at once may each make one: they are equal, and either may stay.
            made = AwsRequestOverrideConfiguration.builder()
                    .apiCallTimeout(settings.diagnosis().diagnosticCallTimeout())
                    .apiCallAttemptTimeout(min(
                            settings.network().apiCallAttemptTimeout(),
                            settings.diagnosis().diagnosticCallTimeout()))
                    .build();
            diagnosticCall = made;
        }
        return made;
    }

    /** The role configured to be assumed, or {@code null}. */
    public String roleArn() {
        return settings.roleArn();
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(
            B builder, String region, AwsCredentialsProvider credentialsProvider) {
        return configure(builder, region, credentialsProvider, false);
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(
            B builder, String region, AwsCredentialsProvider credentialsProvider, boolean diagnostic) {
        builder.region(Region.of(region)).credentialsProvider(credentialsProvider);
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        ClientOverrideConfiguration.Builder override = settings.network().overrideConfiguration() != null
                ? settings.network().overrideConfiguration().toBuilder()
                : ClientOverrideConfiguration.builder();
        override.apiCallTimeout(
                        diagnostic
                                ? settings.diagnosis().diagnosticCallTimeout()
                                : settings.network().apiCallTimeout())
                .apiCallAttemptTimeout(
                        diagnostic
                                ? min(
                                        settings.network().apiCallAttemptTimeout(),
                                        settings.diagnosis().diagnosticCallTimeout())
                                : settings.network().apiCallAttemptTimeout())
                .addExecutionInterceptor(
                        new ResponseSizeLimit(settings.network().maxResponseBytes()));
        builder.overrideConfiguration(override.build());
        if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(httpClient);
        }
        return builder;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private <C> C own(C client) {
        owned.add((SdkClient) client);
        if (closed) {
            // Built while closing: not left open.
            owned.remove(client);
            ((SdkClient) client).close();
            throw new IllegalStateException("the XacctSecretsClient is closed");
        }
        return client;
    }

    @Override
    public void close() {
        closed = true;
        if (assumeRole != null) {
            assumeRole.close();
        }
        for (SdkClient client; (client = owned.poll()) != null; ) {
            client.close();
        }
        if (ownHttpClient) {
            httpClient.close();
        }
    }

    /**
     * An SDK client made on first use, once (built under a lock; read lock-free after). It is made by a supplier of
     * {@link SdkClient}, not of the client's own interface: a lambda typed {@code IamClient} would load that interface
     * (hundreds of methods, about 10 ms in a fresh JVM) when the lambda is made, for a client most runs never build.
     */
    private static final class Lazy<T extends SdkClient> {

        private final java.util.function.Supplier<SdkClient> make;
        private volatile @Nullable SdkClient value;

        Lazy(java.util.function.Supplier<SdkClient> make) {
            this.make = make;
        }

        @SuppressWarnings("unchecked") // each Lazy is declared with the type its supplier builds
        T get() {
            SdkClient made = value;
            if (made == null) {
                synchronized (this) {
                    made = value;
                    if (made == null) {
                        made = make.get();
                        value = made;
                    }
                }
            }
            return (T) made;
        }
    }

    /** Times {@code AssumeRole} for the listener; everything else goes to the real client. */
    private static final class TimedStsClient implements StsClient {

        private final StsClient delegate;
        private final XacctSecretsListener listener;

        TimedStsClient(StsClient delegate, XacctSecretsListener listener) {
            this.delegate = delegate;
            this.listener = listener;
        }

        /**
         * The assumed role's credentials, renewed in the background. Made here, not in {@link AwsClients}: checking
         * code that passes a client as an {@code StsClient} loads that interface, which a client without a role never
         * needs.
         */
        static StsAssumeRoleCredentialsProvider session(
                StsClient sts, Settings settings, java.util.function.Consumer<AssumeRoleRequest.Builder> request) {
            return StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(new TimedStsClient(sts, settings.listener()))
                    .refreshRequest(request)
                    .asyncCredentialUpdateEnabled(true)
                    .prefetchTime(settings.identity().sessionRefreshBefore())
                    // Only if the background renewal has not succeeded by then does a read wait for one.
                    .staleTime(settings.identity().sessionRefreshBefore().dividedBy(2))
                    .build();
        }

        @Override
        public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
            long start = System.nanoTime();
            try {
                AssumeRoleResponse response = delegate.assumeRole(request);
                listener.roleAssumed(request.roleArn(), DiagnosisCode.OK, Duration.ofNanos(System.nanoTime() - start));
                return response;
            } catch (RuntimeException e) {
                listener.roleAssumed(
                        request.roleArn(), Diagnoses.of(e, null).code(), Duration.ofNanos(System.nanoTime() - start));
                throw e;
            }
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public software.amazon.awssdk.services.sts.StsServiceClientConfiguration serviceClientConfiguration() {
            return delegate.serviceClientConfiguration();
        }

        @Override
        public void close() {
            // the real client is closed with the others
        }
    }
}
