package dev.xacct.secrets.internal;

import dev.xacct.secrets.Ticker;
import dev.xacct.secrets.XacctSecretsListener;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executor;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Everything the client builder collected, validated and with defaults applied, in small groups by concern. Immutable.
 *
 * @param identity who reads: region, credentials, the role and its session
 * @param network how AWS is reached: endpoint, SDK clients and their limits
 * @param cache what is kept and for how long
 * @param backoff how failed reads are retried
 * @param diagnosis what diagnoses use
 * @param execution the clock, threads and listeners
 */
public record Settings(
        Identity identity, Network network, Cache cache, Backoff backoff, Diagnosis diagnosis, Execution execution) {

    /**
     * How many calls a diagnosis makes at most, each within {@code diagnosticCallTimeout}: GetCallerIdentity, GetRole
     * as the role and as the base identity, DescribeSecret, DescribeKey, the Decrypt probe and two simulations.
     */
    public static final int DIAGNOSTIC_CALLS = 8;

    /**
     * Who reads.
     *
     * @param defaultRegion the region for references without one, or {@code null} for the SDK's region chain
     * @param credentials the base credentials (the default chain unless given)
     * @param roleArn the role to assume, or {@code null}
     * @param externalId the external id for the role, or {@code null}
     * @param sessionName the role session name
     * @param sessionDuration the role session duration
     * @param sessionRefreshBefore how long before the session ends its credentials are renewed in the background
     */
    public record Identity(
            String defaultRegion,
            AwsCredentialsProvider credentials,
            String roleArn,
            String externalId,
            String sessionName,
            Duration sessionDuration,
            Duration sessionRefreshBefore) {

        /** These settings with {@code credentials}. */
        public Identity withCredentials(AwsCredentialsProvider credentials) {
            return new Identity(
                    defaultRegion,
                    credentials,
                    roleArn,
                    externalId,
                    sessionName,
                    sessionDuration,
                    sessionRefreshBefore);
        }
    }

    /**
     * How AWS is reached.
     *
     * @param endpointOverride one endpoint for Secrets Manager, KMS, STS and IAM, or {@code null}
     * @param secretsManagerClient a client the user supplied for its own region, or {@code null}
     * @param kmsClient a KMS client the user supplied for its own region, or {@code null}
     * @param routeByArnRegion whether each secret is read in its ARN's region (else in the default region)
     * @param overrideConfiguration SDK client settings (retries, timeouts), or {@code null}
     * @param apiCallTimeout the limit of each AWS call of a read, retries included
     * @param apiCallAttemptTimeout the limit of each HTTP attempt of such a call
     * @param maxResponseBytes the largest response body read from AWS
     */
    public record Network(
            URI endpointOverride,
            SecretsManagerClient secretsManagerClient,
            KmsClient kmsClient,
            boolean routeByArnRegion,
            ClientOverrideConfiguration overrideConfiguration,
            Duration apiCallTimeout,
            Duration apiCallAttemptTimeout,
            long maxResponseBytes) {}

    /**
     * What is kept, and for how long.
     *
     * @param refreshAfter when a value is refreshed in the background
     * @param refreshJitter the share of {@code refreshAfter} taken off at random
     * @param maxStaleness the oldest value served while refreshes fail
     * @param serveStaleOnAccessError whether a value is still served after access to it was lost
     * @param maximumSize the most secret versions kept
     * @param preloadConcurrency how many secrets {@code preload} fetches at once (and the client's thread bound)
     */
    public record Cache(
            Duration refreshAfter,
            double refreshJitter,
            Duration maxStaleness,
            boolean serveStaleOnAccessError,
            long maximumSize,
            int preloadConcurrency) {}

    /**
     * How failed reads are tried again.
     *
     * @param failureBackoff the first delay before a failed read is tried again (doubling up to {@code maxBackoff})
     * @param maxBackoff the longest delay between tries of a failing read
     */
    public record Backoff(Duration failureBackoff, Duration maxBackoff) {}

    /**
     * What diagnoses use.
     *
     * @param kmsKeyArn the KMS key the secrets use, or {@code null}
     * @param expectedOwnerAccount the only account secrets may come from, or {@code null}
     * @param diagnosticCallTimeout the limit of each extra call a diagnosis makes (STS, KMS, IAM, DescribeSecret)
     */
    public record Diagnosis(String kmsKeyArn, String expectedOwnerAccount, Duration diagnosticCallTimeout) {}

    /**
     * The clock, threads and listeners.
     *
     * @param ticker the time source of the cache
     * @param executor where fetches and refreshes run
     * @param listener what to tell about fetches and refreshes
     */
    public record Execution(Ticker ticker, Executor executor, XacctSecretsListener listener) {}

    /** The role to assume, or {@code null}. */
    public String roleArn() {
        return identity.roleArn();
    }

    /** The external id sent when assuming the role, or {@code null}. */
    public String externalId() {
        return identity.externalId();
    }

    /** The one endpoint for every service, or {@code null}. */
    public URI endpointOverride() {
        return network.endpointOverride();
    }

    /** What to tell about fetches and refreshes. */
    public XacctSecretsListener listener() {
        return execution.listener();
    }

    /**
     * The longest a read waits for a fetch: the {@code GetSecretValue} call, then, only when access fails, the
     * diagnosis' calls. Past it a fetch still running is abandoned.
     */
    public Duration readBound() {
        // In nanoseconds, not Duration.multipliedBy, which computes through BigDecimal: a cost a cold start notices.
        // The timeouts are at most minutes (the builder checks), far from overflowing.
        return network.apiCallTimeout()
                .plusNanos(diagnosis.diagnosticCallTimeout().toNanos() * DIAGNOSTIC_CALLS);
    }
}
