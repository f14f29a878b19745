package dev.xacct.secrets.spring;

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
 * (bound from the properties known at import time: application files, system properties, environment variables,
 * command-line arguments) and the application's {@link dev.xacct.secrets.XacctSecretsClient} bean. Every property has
 * the default of {@link dev.xacct.secrets.XacctSecretsClientBuilder}, stated on its field.
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
    private String sessionName = "xacct-secrets";

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

    /** How the client caches secret values. */
    private final Cache cache = new Cache();

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

    public Cache getCache() {
        return cache;
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
        private Duration refreshAfter = Duration.ofHours(1);

        /**
         * The oldest value served while refreshes fail transiently (throttling, 5xx, network); after it, reads fail
         * with the diagnosis. Default 24 hours.
         */
        private Duration maxStaleness = Duration.ofHours(24);

        /**
         * Whether the last good value is still served, up to max-staleness, after a refresh finds access lost
         * (denied, deleted, KMS). Default false: reads fail with the diagnosis at once.
         */
        private boolean serveStaleOnAccessError;

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
}
