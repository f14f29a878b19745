package dev.xacct.secrets.spring;

import dev.xacct.secrets.XacctSecretsClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code xacct.secrets.*} properties: how the client reaches AWS, how it caches, what it verifies at startup and
 * whether it reports metrics.
 *
 * <p>The same properties configure the client that reads {@code spring.config.import=xacct-secrets:...} secrets
 * (bound once the environment is complete: every configuration file, profile-specific ones included, environment
 * variables, system properties, command-line arguments) and the application's
 * {@link dev.xacct.secrets.XacctSecretsClient} bean. Every client setting has the default of
 * {@link XacctSecretsClientBuilder}: the fields are initialised from its {@code DEFAULT_*} constants.
 */
@ConfigurationProperties(XacctSecretsProperties.CONFIG_PREFIX)
public class XacctSecretsProperties {

    // Field comments are plain text, without javadoc tags: the configuration processor copies them verbatim into the
    // IDE metadata.

    /** The prefix of every property here. */
    public static final String CONFIG_PREFIX = "xacct.secrets";

    /**
     * Whether the starter is on: the client bean, startup verification, health and metrics, and secret imports.
     * When off, xacct-secrets: imports load nothing. Default true.
     */
    private boolean enabled = true;

    /**
     * The region of secrets named without a region (secrets given by ARN are read in the ARN's region). Default: the
     * AWS SDK's region chain (AWS_REGION, the profile, instance metadata).
     */
    private String region;

    /**
     * A role to assume through STS to read the secrets (ApplicationRole, in the application's account), for example
     * arn:aws:iam::222222222222:role/ApplicationRole; its credentials are renewed in the background. Default:
     * none, the base credentials (the AWS SDK's default chain) read the secrets.
     */
    private String roleArn;

    /** The external id the role's trust policy requires. Default: none. */
    private String externalId;

    /** The role session name, visible in CloudTrail. Default xacct-secrets. */
    private String sessionName = XacctSecretsClientBuilder.DEFAULT_SESSION_NAME;

    /**
     * One endpoint for Secrets Manager, KMS, STS and IAM (an emulator, a proxy). Default: the AWS SDK's endpoints
     * (which honour AWS_ENDPOINT_URL).
     */
    private URI endpoint;

    /**
     * The ARN of the KMS key that encrypts the secrets, so that a KMS denial can be told apart (key policy or
     * identity policy) when secretsmanager:DescribeSecret is not allowed. Default: none, the key is learnt
     * from DescribeSecret where that is allowed.
     */
    private String kmsKeyArn;

    /** How long each role session lasts (15 minutes to 12 hours); credentials are renewed before it ends. Default 1h. */
    private Duration sessionDuration = XacctSecretsClientBuilder.DEFAULT_SESSION_DURATION;

    /** How long before a role session ends its credentials are renewed, in the background. Default 5m. */
    private Duration sessionRefreshBefore = XacctSecretsClientBuilder.DEFAULT_SESSION_REFRESH_BEFORE;

    /**
     * The only account secrets may come from, 12 digits: a secret whose ARN names another account is refused before
     * any call to AWS. Default: none, any account.
     */
    private String expectedOwnerAccount;

    /** How many secrets a preload reads at a time, 1 to 64. Default 20. */
    private int preloadConcurrency = XacctSecretsClientBuilder.DEFAULT_PRELOAD_CONCURRENCY;

    /** How the client caches secret values. */
    private final Cache cache = new Cache();

    /** How a rotated imported secret reaches the application. */
    private final Rotation rotation = new Rotation();

    /** What is verified at startup. */
    private final Verify verify = new Verify();

    /** The client's Micrometer metrics. */
    private final Metrics metrics = new Metrics();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getRoleArn() {
        return roleArn;
    }

    public void setRoleArn(String roleArn) {
        this.roleArn = roleArn;
    }

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
    }

    public String getSessionName() {
        return sessionName;
    }

    public void setSessionName(String sessionName) {
        this.sessionName = sessionName;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public String getKmsKeyArn() {
        return kmsKeyArn;
    }

    public void setKmsKeyArn(String kmsKeyArn) {
        this.kmsKeyArn = kmsKeyArn;
    }

    public Duration getSessionDuration() {
        return sessionDuration;
    }

    public void setSessionDuration(Duration sessionDuration) {
        this.sessionDuration = sessionDuration;
    }

    public Duration getSessionRefreshBefore() {
        return sessionRefreshBefore;
    }

    public void setSessionRefreshBefore(Duration sessionRefreshBefore) {
        this.sessionRefreshBefore = sessionRefreshBefore;
    }

    public String getExpectedOwnerAccount() {
        return expectedOwnerAccount;
    }

    public void setExpectedOwnerAccount(String expectedOwnerAccount) {
        this.expectedOwnerAccount = expectedOwnerAccount;
    }

    public int getPreloadConcurrency() {
        return preloadConcurrency;
    }

    public void setPreloadConcurrency(int preloadConcurrency) {
        this.preloadConcurrency = preloadConcurrency;
    }

    public Cache getCache() {
        return cache;
    }

    public Rotation getRotation() {
        return rotation;
    }

    public Verify getVerify() {
        return verify;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** The xacct.secrets.cache.* properties. */
    public static class Cache {

        /**
         * How long after a read a value is refreshed in the background; readers keep the current value meanwhile.
         * Default 1 hour.
         */
        private Duration refreshAfter = XacctSecretsClientBuilder.DEFAULT_REFRESH_AFTER;

        /**
         * The share of refresh-after taken off at random for each value, 0 to 0.5, so that a fleet does not refresh
         * in step. Default 0.1.
         */
        private double refreshJitter = XacctSecretsClientBuilder.DEFAULT_REFRESH_JITTER;

        /**
         * The oldest value served while refreshes fail transiently (throttling, 5xx, network); after it, reads fail
         * with the diagnosis. Default 24 hours.
         */
        private Duration maxStaleness = XacctSecretsClientBuilder.DEFAULT_MAX_STALENESS;

        /**
         * Whether the last good value is still served, up to max-staleness, after a refresh finds access lost
         * (denied, deleted, KMS). Default false: reads fail with the diagnosis at once.
         */
        private boolean serveStaleOnAccessError;

        /** The first delay before a failed read is tried again; it doubles with each failure. Default 1s. */
        private Duration failureBackoff = XacctSecretsClientBuilder.DEFAULT_FAILURE_BACKOFF;

        /** The longest delay between tries of a failing read. Default 5m. */
        private Duration maxBackoff = XacctSecretsClientBuilder.DEFAULT_MAX_BACKOFF;

        /** The most secret versions kept in the cache. Default 10000. */
        private long maximumSize = XacctSecretsClientBuilder.DEFAULT_MAXIMUM_SIZE;

        public double getRefreshJitter() {
            return refreshJitter;
        }

        public void setRefreshJitter(double refreshJitter) {
            this.refreshJitter = refreshJitter;
        }

        public Duration getFailureBackoff() {
            return failureBackoff;
        }

        public void setFailureBackoff(Duration failureBackoff) {
            this.failureBackoff = failureBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public long getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }

        public Duration getRefreshAfter() {
            return refreshAfter;
        }

        public void setRefreshAfter(Duration refreshAfter) {
            this.refreshAfter = refreshAfter;
        }

        public Duration getMaxStaleness() {
            return maxStaleness;
        }

        public void setMaxStaleness(Duration maxStaleness) {
            this.maxStaleness = maxStaleness;
        }

        public boolean isServeStaleOnAccessError() {
            return serveStaleOnAccessError;
        }

        public void setServeStaleOnAccessError(boolean serveStaleOnAccessError) {
            this.serveStaleOnAccessError = serveStaleOnAccessError;
        }
    }

    /** The xacct.secrets.verify.* properties. */
    public static class Verify {

        /**
         * Secret ARNs to verify at startup, besides the secrets imported with spring.config.import. Default:
         * none.
         */
        private List<String> secrets = new ArrayList<>();

        /**
         * Whether the configured and imported secrets are verified (who the caller is, then a read of each) once the
         * application's beans are created. Default true.
         */
        private boolean onStartup = true;

        /**
         * Whether a secret that cannot be read fails startup, with a report naming the missing policy; with
         * false the report is logged as a warning. Default true.
         */
        private boolean failOnError = true;

        public List<String> getSecrets() {
            return secrets;
        }

        public void setSecrets(List<String> secrets) {
            this.secrets = secrets;
        }

        public boolean isOnStartup() {
            return onStartup;
        }

        public void setOnStartup(boolean onStartup) {
            this.onStartup = onStartup;
        }

        public boolean isFailOnError() {
            return failOnError;
        }

        public void setFailOnError(boolean failOnError) {
            this.failOnError = failOnError;
        }
    }

    /** The xacct.secrets.metrics.* properties. */
    public static class Metrics {

        /**
         * Whether the client reports its metrics (xacct.secrets.fetch and the others) to the application's
         * Micrometer MeterRegistry, when there is one. Default true.
         */
        private boolean enabled = true;

        /**
         * Whether the fetch timer carries a secret tag with the secret name: one time series per secret.
         * Default false.
         */
        private boolean secretNameTag;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isSecretNameTag() {
            return secretNameTag;
        }

        public void setSecretNameTag(boolean secretNameTag) {
            this.secretNameTag = secretNameTag;
        }
    }

    /** The xacct.secrets.rotation.* properties. */
    public static class Rotation {

        /**
         * Whether imported secrets are checked for a new value, and a change is published to the application
         * (XacctSecretsChangedEvent; with Spring Cloud Context, EnvironmentChangeEvent and a refresh of the refresh
         * scope; new credentials for a HikariCP pool). Default true.
         */
        private boolean enabled = true;

        /**
         * How often imported secrets are checked, through the cache: a check costs no call to AWS until the cache
         * refreshes a value (cache.refresh-after). Default 1m.
         */
        private Duration checkInterval = Duration.ofMinutes(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getCheckInterval() {
            return checkInterval;
        }

        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
        }
    }
}
