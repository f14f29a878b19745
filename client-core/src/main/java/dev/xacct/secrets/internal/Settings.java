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
 * Everything the client builder collected, validated and with defaults applied. Immutable.
 *
 * @param defaultRegion the region for references without one, or {@code null} for the SDK's region chain
 * @param credentials the base credentials (the default chain unless given)
 * @param roleArn the role to assume, or {@code null}
 * @param externalId the external id for the role, or {@code null}
 * @param sessionName the role session name
 * @param sessionDuration the role session duration
 * @param sessionRefreshBefore how long before the session ends its credentials are renewed in the background
 * @param endpointOverride one endpoint for Secrets Manager, KMS, STS and IAM, or {@code null}
 * @param secretsManagerClient a client the user supplied for its own region, or {@code null}
 * @param kmsClient a KMS client the user supplied for its own region, or {@code null}
 * @param routeByArnRegion whether each secret is read in its ARN's region (else in the default region)
 * @param overrideConfiguration SDK client settings (retries, timeouts), or {@code null}
 * @param kmsKeyArn the KMS key the secrets use, for diagnosis, or {@code null}
 * @param expectedOwnerAccount the only account secrets may come from, or {@code null}
 * @param refreshAfter when a value is refreshed in the background
 * @param refreshJitter the share of {@code refreshAfter} taken off at random
 * @param maxStaleness the oldest value served while refreshes fail
 * @param serveStaleOnAccessError whether a value is still served after access to it was lost
 * @param failureBackoff the first delay before a failed read is tried again (doubling up to {@code maxBackoff})
 * @param maxBackoff the longest delay between tries of a failing read
 * @param maximumSize the most secret versions kept
 * @param preloadConcurrency how many secrets {@code preload} fetches at once
 * @param ticker the time source of the cache
 * @param executor where fetches and refreshes run, or {@code null} for the client's own threads
 * @param listener what to tell about fetches and refreshes
 * @param meterRegistry a Micrometer {@code MeterRegistry} (typed {@code Object} so core loads without Micrometer)
 * @param secretNameTag whether metrics carry the secret name
 * @param apiCallTimeout the limit of each AWS call of a read, retries included
 * @param apiCallAttemptTimeout the limit of each HTTP attempt of such a call
 * @param diagnosticCallTimeout the limit of each extra call a diagnosis makes (STS, KMS, IAM, DescribeSecret)
 * @param maxResponseBytes the largest response body read from AWS
 */
public record Settings(String defaultRegion, AwsCredentialsProvider credentials, String roleArn, String externalId,
        String sessionName, Duration sessionDuration, Duration sessionRefreshBefore, URI endpointOverride,
        SecretsManagerClient secretsManagerClient, KmsClient kmsClient, boolean routeByArnRegion,
        ClientOverrideConfiguration overrideConfiguration, String kmsKeyArn, String expectedOwnerAccount,
        Duration refreshAfter, double refreshJitter, Duration maxStaleness, boolean serveStaleOnAccessError,
        Duration failureBackoff, Duration maxBackoff, long maximumSize, int preloadConcurrency, Ticker ticker,
        Executor executor, XacctSecretsListener listener, Object meterRegistry, boolean secretNameTag,
        Duration apiCallTimeout, Duration apiCallAttemptTimeout, Duration diagnosticCallTimeout,
        long maxResponseBytes) {

    /**
     * How many calls a diagnosis makes at most, each within {@code diagnosticCallTimeout}: GetCallerIdentity, GetRole
     * as the role and as the base identity, DescribeSecret, DescribeKey, the Decrypt probe and two simulations.
     */
    public static final int DIAGNOSTIC_CALLS = 8;

    /**
     * The longest a read waits for a fetch: the {@code GetSecretValue} call, then, only when access fails, the
     * diagnosis' calls. Past it a fetch still running is abandoned.
     */
    public Duration readBound() {
        return apiCallTimeout.plus(diagnosticCallTimeout.multipliedBy(DIAGNOSTIC_CALLS));
    }
}
