package dev.xacct.secrets.spring;

import dev.xacct.secrets.XacctSecretsClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
    private @Nullable String region;

    /**
     * A role to assume through STS to read the secrets (ApplicationRole, in the application's account), for example
     * arn:aws:iam::222222222222:role/ApplicationRole; its credentials are renewed in the background. Default:
     * none, the base credentials (the AWS SDK's default chain) read the secrets.
     */
    private @Nullable String roleArn;

    /** The external id the role's trust policy requires. Default: none. */
    private @Nullable String externalId;

    /** The role session name, visible in CloudTrail. Default xacct-secrets. */
    private String sessionName = XacctSecretsClientBuilder.DEFAULT_SESSION_NAME;

    /**
     * One endpoint for Secrets Manager, KMS, STS and IAM (an emulator, a proxy). Default: the AWS SDK's endpoints
     * (which honour AWS_ENDPOINT_URL).
     */
    private @Nullable URI endpoint;

    /**
     * The ARN of the KMS key that encrypts the secrets, so that a KMS denial can be told apart (key policy or
     * identity policy) when secretsmanager:DescribeSecret is not allowed. Default: none, the key is learnt
     * from DescribeSecret where that is allowed.
     */
    private @Nullable String kmsKeyArn;

    /** How long each role session lasts (15 minutes to 12 hours); credentials are renewed before it ends. Default 1h. */
    private Duration sessionDuration = XacctSecretsClientBuilder.DEFAULT_SESSION_DURATION;

    /** How long before a role session ends its credentials are renewed, in the background. Default 5m. */
    private Duration sessionRefreshBefore = XacctSecretsClientBuilder.DEFAULT_SESSION_REFRESH_BEFORE;

    /**
     * The only account secrets may come from, 12 digits: a secret whose ARN names another account is refused before
     * any call to AWS. Default: none, any account.
     */
    private @Nullable String expectedOwnerAccount;

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

    /**
     * {@return {@code xacct.secrets.enabled}, whether the starter is on: the client bean, startup verification, health
     * and metrics, and secret imports}
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code xacct.secrets.enabled}.
     *
     * @param enabled Whether the starter is on: the client bean, startup verification, health and metrics, and secret
     *     imports.
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * {@return {@code xacct.secrets.region}, the region of secrets named without a region (secrets given by ARN are
     * read in the ARN's region), or null when not set}
     */
    public @Nullable String getRegion() {
        return region;
    }

    /**
     * Sets {@code xacct.secrets.region}.
     *
     * @param region The region of secrets named without a region (secrets given by ARN are read in the ARN's region).
     *     Null for none.
     */
    public void setRegion(@Nullable String region) {
        this.region = region;
    }

    /**
     * {@return {@code xacct.secrets.role-arn}, a role to assume through STS to read the secrets (ApplicationRole, in
     * the application's account), for example arn:aws:iam::222222222222:role/ApplicationRole; its credentials are
     * renewed in the background, or null when not set}
     */
    public @Nullable String getRoleArn() {
        return roleArn;
    }

    /**
     * Sets {@code xacct.secrets.role-arn}.
     *
     * @param roleArn A role to assume through STS to read the secrets (ApplicationRole, in the application's account),
     *     for example arn:aws:iam::222222222222:role/ApplicationRole; its credentials are renewed in the background.
     *     Null for none.
     */
    public void setRoleArn(@Nullable String roleArn) {
        this.roleArn = roleArn;
    }

    /**
     * {@return {@code xacct.secrets.external-id}, the external id the role's trust policy requires, or null when not
     * set}
     */
    public @Nullable String getExternalId() {
        return externalId;
    }

    /**
     * Sets {@code xacct.secrets.external-id}.
     *
     * @param externalId The external id the role's trust policy requires. Null for none.
     */
    public void setExternalId(@Nullable String externalId) {
        this.externalId = externalId;
    }

    /**
     * {@return {@code xacct.secrets.session-name}, the role session name, visible in CloudTrail}
     */
    public String getSessionName() {
        return sessionName;
    }

    /**
     * Sets {@code xacct.secrets.session-name}.
     *
     * @param sessionName The role session name, visible in CloudTrail.
     */
    public void setSessionName(String sessionName) {
        this.sessionName = sessionName;
    }

    /**
     * {@return {@code xacct.secrets.endpoint}, one endpoint for Secrets Manager, KMS, STS and IAM (an emulator, a
     * proxy), or null when not set}
     */
    public @Nullable URI getEndpoint() {
        return endpoint;
    }

    /**
     * Sets {@code xacct.secrets.endpoint}.
     *
     * @param endpoint One endpoint for Secrets Manager, KMS, STS and IAM (an emulator, a proxy). Null for none.
     */
    public void setEndpoint(@Nullable URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * {@return {@code xacct.secrets.kms-key-arn}, the ARN of the KMS key that encrypts the secrets, so that a KMS
     * denial can be told apart (key policy or identity policy) when secretsmanager:DescribeSecret is not allowed, or
     * null when not set}
     */
    public @Nullable String getKmsKeyArn() {
        return kmsKeyArn;
    }

    /**
     * Sets {@code xacct.secrets.kms-key-arn}.
     *
     * @param kmsKeyArn The ARN of the KMS key that encrypts the secrets, so that a KMS denial can be told apart (key
     *     policy or identity policy) when secretsmanager:DescribeSecret is not allowed. Null for none.
     */
    public void setKmsKeyArn(@Nullable String kmsKeyArn) {
        this.kmsKeyArn = kmsKeyArn;
    }

    /**
     * {@return {@code xacct.secrets.session-duration}, how long each role session lasts (15 minutes to 12 hours);
     * credentials are renewed before it ends}
     */
    public Duration getSessionDuration() {
        return sessionDuration;
    }

    /**
     * Sets {@code xacct.secrets.session-duration}.
     *
     * @param sessionDuration How long each role session lasts (15 minutes to 12 hours); credentials are renewed before
     *     it ends.
     */
    public void setSessionDuration(Duration sessionDuration) {
        this.sessionDuration = sessionDuration;
    }

    /**
     * {@return {@code xacct.secrets.session-refresh-before}, how long before a role session ends its credentials are
     * renewed, in the background}
     */
    public Duration getSessionRefreshBefore() {
        return sessionRefreshBefore;
    }

    /**
     * Sets {@code xacct.secrets.session-refresh-before}.
     *
     * @param sessionRefreshBefore How long before a role session ends its credentials are renewed, in the background.
     */
    public void setSessionRefreshBefore(Duration sessionRefreshBefore) {
        this.sessionRefreshBefore = sessionRefreshBefore;
    }

    /**
     * {@return {@code xacct.secrets.expected-owner-account}, the only account secrets may come from, 12 digits: a
     * secret whose ARN names another account is refused before any call to AWS, or null when not set}
     */
    public @Nullable String getExpectedOwnerAccount() {
        return expectedOwnerAccount;
    }

    /**
     * Sets {@code xacct.secrets.expected-owner-account}.
     *
     * @param expectedOwnerAccount The only account secrets may come from, 12 digits: a secret whose ARN names another
     *     account is refused before any call to AWS. Null for none.
     */
    public void setExpectedOwnerAccount(@Nullable String expectedOwnerAccount) {
        this.expectedOwnerAccount = expectedOwnerAccount;
    }

    /**
     * {@return {@code xacct.secrets.preload-concurrency}, how many secrets a preload reads at a time, 1 to 64}
     */
    public int getPreloadConcurrency() {
        return preloadConcurrency;
    }

    /**
     * Sets {@code xacct.secrets.preload-concurrency}.
     *
     * @param preloadConcurrency How many secrets a preload reads at a time, 1 to 64.
     */
    public void setPreloadConcurrency(int preloadConcurrency) {
        this.preloadConcurrency = preloadConcurrency;
    }

    /**
     * {@return the {@code xacct.secrets.cache.*} settings, how the client caches secret values}
     */
    public Cache getCache() {
        return cache;
    }

    /**
     * {@return the {@code xacct.secrets.rotation.*} settings, how a rotated imported secret reaches the application}
     */
    public Rotation getRotation() {
        return rotation;
    }

    /**
     * {@return the {@code xacct.secrets.verify.*} settings, what is verified at startup}
     */
    public Verify getVerify() {
        return verify;
    }

    /**
     * {@return the {@code xacct.secrets.metrics.*} settings, the client's Micrometer metrics}
     */
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

        /**
         * {@return {@code xacct.secrets.cache.refresh-jitter}, the share of refresh-after taken off at random for each
         * value, 0 to 0.5, so that a fleet does not refresh in step}
         */
        public double getRefreshJitter() {
            return refreshJitter;
        }

        /**
         * Sets {@code xacct.secrets.cache.refresh-jitter}.
         *
         * @param refreshJitter The share of refresh-after taken off at random for each value, 0 to 0.5, so that a fleet
         *     does not refresh in step.
         */
        public void setRefreshJitter(double refreshJitter) {
            this.refreshJitter = refreshJitter;
        }

        /**
         * {@return {@code xacct.secrets.cache.failure-backoff}, the first delay before a failed read is tried again; it
         * doubles with each failure}
         */
        public Duration getFailureBackoff() {
            return failureBackoff;
        }

        /**
         * Sets {@code xacct.secrets.cache.failure-backoff}.
         *
         * @param failureBackoff The first delay before a failed read is tried again; it doubles with each failure.
         */
        public void setFailureBackoff(Duration failureBackoff) {
            this.failureBackoff = failureBackoff;
        }

        /**
         * {@return {@code xacct.secrets.cache.max-backoff}, the longest delay between tries of a failing read}
         */
        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        /**
         * Sets {@code xacct.secrets.cache.max-backoff}.
         *
         * @param maxBackoff The longest delay between tries of a failing read.
         */
        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        /**
         * {@return {@code xacct.secrets.cache.maximum-size}, the most secret versions kept in the cache}
         */
        public long getMaximumSize() {
            return maximumSize;
        }

        /**
         * Sets {@code xacct.secrets.cache.maximum-size}.
         *
         * @param maximumSize The most secret versions kept in the cache.
         */
        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }

        /**
         * {@return {@code xacct.secrets.cache.refresh-after}, how long after a read a value is refreshed in the
         * background; readers keep the current value meanwhile}
         */
        public Duration getRefreshAfter() {
            return refreshAfter;
        }

        /**
         * Sets {@code xacct.secrets.cache.refresh-after}.
         *
         * @param refreshAfter How long after a read a value is refreshed in the background; readers keep the current
         *     value meanwhile.
         */
        public void setRefreshAfter(Duration refreshAfter) {
            this.refreshAfter = refreshAfter;
        }

        /**
         * {@return {@code xacct.secrets.cache.max-staleness}, the oldest value served while refreshes fail transiently
         * (throttling, 5xx, network); after it, reads fail with the diagnosis}
         */
        public Duration getMaxStaleness() {
            return maxStaleness;
        }

        /**
         * Sets {@code xacct.secrets.cache.max-staleness}.
         *
         * @param maxStaleness The oldest value served while refreshes fail transiently (throttling, 5xx, network);
         *     after it, reads fail with the diagnosis.
         */
        public void setMaxStaleness(Duration maxStaleness) {
            this.maxStaleness = maxStaleness;
        }

        /**
         * {@return {@code xacct.secrets.cache.serve-stale-on-access-error}, whether the last good value is still
         * served, up to max-staleness, after a refresh finds access lost (denied, deleted, KMS)}
         */
        public boolean isServeStaleOnAccessError() {
            return serveStaleOnAccessError;
        }

        /**
         * Sets {@code xacct.secrets.cache.serve-stale-on-access-error}.
         *
         * @param serveStaleOnAccessError Whether the last good value is still served, up to max-staleness, after a
         *     refresh finds access lost (denied, deleted, KMS).
         */
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

        /**
         * {@return {@code xacct.secrets.verify.secrets}, secret ARNs to verify at startup, besides the secrets imported
         * with spring.config.import}
         */
        public List<String> getSecrets() {
            return secrets;
        }

        /**
         * Sets {@code xacct.secrets.verify.secrets}.
         *
         * @param secrets Secret ARNs to verify at startup, besides the secrets imported with spring.config.import.
         */
        public void setSecrets(List<String> secrets) {
            this.secrets = secrets;
        }

        /**
         * {@return {@code xacct.secrets.verify.on-startup}, whether the configured and imported secrets are verified
         * (who the caller is, then a read of each) once the application's beans are created}
         */
        public boolean isOnStartup() {
            return onStartup;
        }

        /**
         * Sets {@code xacct.secrets.verify.on-startup}.
         *
         * @param onStartup Whether the configured and imported secrets are verified (who the caller is, then a read of
         *     each) once the application's beans are created.
         */
        public void setOnStartup(boolean onStartup) {
            this.onStartup = onStartup;
        }

        /**
         * {@return {@code xacct.secrets.verify.fail-on-error}, whether a secret that cannot be read fails startup, with
         * a report naming the missing policy; with false the report is logged as a warning}
         */
        public boolean isFailOnError() {
            return failOnError;
        }

        /**
         * Sets {@code xacct.secrets.verify.fail-on-error}.
         *
         * @param failOnError Whether a secret that cannot be read fails startup, with a report naming the missing
         *     policy; with false the report is logged as a warning.
         */
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

        /**
         * {@return {@code xacct.secrets.metrics.enabled}, whether the client reports its metrics (xacct.secrets.fetch
         * and the others) to the application's Micrometer MeterRegistry, when there is one}
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@code xacct.secrets.metrics.enabled}.
         *
         * @param enabled Whether the client reports its metrics (xacct.secrets.fetch and the others) to the
         *     application's Micrometer MeterRegistry, when there is one.
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return {@code xacct.secrets.metrics.secret-name-tag}, whether the fetch timer carries a secret tag with the
         * secret name: one time series per secret}
         */
        public boolean isSecretNameTag() {
            return secretNameTag;
        }

        /**
         * Sets {@code xacct.secrets.metrics.secret-name-tag}.
         *
         * @param secretNameTag Whether the fetch timer carries a secret tag with the secret name: one time series per
         *     secret.
         */
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

        /**
         * {@return {@code xacct.secrets.rotation.enabled}, whether imported secrets are checked for a new value, and a
         * change is published to the application (XacctSecretsChangedEvent; with Spring Cloud Context,
         * EnvironmentChangeEvent and a refresh of the refresh scope; new credentials for a HikariCP pool)}
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@code xacct.secrets.rotation.enabled}.
         *
         * @param enabled Whether imported secrets are checked for a new value, and a change is published to the
         *     application (XacctSecretsChangedEvent; with Spring Cloud Context, EnvironmentChangeEvent and a refresh of
         *     the refresh scope; new credentials for a HikariCP pool).
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return {@code xacct.secrets.rotation.check-interval}, how often imported secrets are checked, through the
         * cache: a check costs no call to AWS until the cache refreshes a value (cache.refresh-after)}
         */
        public Duration getCheckInterval() {
            return checkInterval;
        }

        /**
         * Sets {@code xacct.secrets.rotation.check-interval}.
         *
         * @param checkInterval How often imported secrets are checked, through the cache: a check costs no call to AWS
         *     until the cache refreshes a value (cache.refresh-after).
         */
        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
        }
    }
}
