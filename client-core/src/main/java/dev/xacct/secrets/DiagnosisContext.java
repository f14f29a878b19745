package dev.xacct.secrets;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the caller knows about a failed read besides the exception: which secret was requested, who the caller is,
 * which role it assumed, which KMS key and region were involved, and which step failed.
 *
 * <p>Every field is optional. The more the caller fills in, the more precise the {@link Diagnosis}: a field that is
 * unknown is never guessed, and a fix that would need it says so instead of containing a placeholder. Immutable;
 * build one with {@link #builder()}.
 */
public final class DiagnosisContext {

    /** The call that failed. */
    public enum Step {
        /** STS AssumeRole, to obtain the configured role's credentials. */
        ASSUME_ROLE,
        /** STS GetCallerIdentity, to learn who the caller is. */
        GET_CALLER_IDENTITY,
        /** Secrets Manager GetSecretValue: the read itself. */
        GET_SECRET_VALUE,
        /** Secrets Manager DescribeSecret, to learn the secret's ARN and KMS key. */
        DESCRIBE_SECRET,
        /** A direct KMS Decrypt probe, to tell the key policy from the identity policy. */
        KMS_DECRYPT,
        /** A direct KMS DescribeKey probe. */
        KMS_DESCRIBE_KEY
    }

    private static final DiagnosisContext EMPTY = new Builder().build();

    private final @Nullable String secretId;
    private final @Nullable String secretArn;
    private final @Nullable String callerArn;
    private final @Nullable String roleArn;
    private final @Nullable String kmsKeyArn;
    private final @Nullable Boolean awsManagedKey;
    private final @Nullable String clientRegion;
    private final @Nullable Step step;
    private final @Nullable String externalId;
    private final @Nullable Boolean secretDescribed;
    private final @Nullable String endpoint;

    private DiagnosisContext(Builder b) {
        this.secretId = blankToNull(b.secretId);
        this.secretArn = blankToNull(b.secretArn);
        this.callerArn = blankToNull(b.callerArn);
        this.roleArn = blankToNull(b.roleArn);
        this.kmsKeyArn = blankToNull(b.kmsKeyArn);
        this.awsManagedKey = b.awsManagedKey;
        this.clientRegion = blankToNull(b.clientRegion);
        this.step = b.step;
        this.externalId = blankToNull(b.externalId);
        this.secretDescribed = b.secretDescribed;
        this.endpoint = blankToNull(b.endpoint);
    }

    /**
     * Starts building a context.
     *
     * @return a new builder with every field unset
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A context that knows nothing.
     *
     * @return the empty context
     */
    public static DiagnosisContext empty() {
        return EMPTY;
    }

    /**
     * A builder initialised with this context's fields.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .secretId(secretId)
                .secretArn(secretArn)
                .callerArn(callerArn)
                .roleArn(roleArn)
                .kmsKeyArn(kmsKeyArn)
                .awsManagedKey(awsManagedKey)
                .clientRegion(clientRegion)
                .step(step)
                .externalId(externalId)
                .secretDescribed(secretDescribed)
                .endpoint(endpoint);
    }

    /**
     * The URL the failed request went to, for example {@code https://secretsmanager.us-east-1.amazonaws.com}; a
     * network failure names it.
     *
     * @return the URL, or {@code null} if unknown
     */
    public @Nullable String endpoint() {
        return endpoint;
    }

    /**
     * The external id the client sends when it assumes {@link #roleArn()}; a trust-policy fix is conditioned on it.
     *
     * @return the external id, or {@code null} if none is sent or it is unknown
     */
    public @Nullable String externalId() {
        return externalId;
    }

    /**
     * Whether {@code DescribeSecret} of the requested id succeeded: {@code TRUE} proves the secret exists there and is
     * visible to the caller; {@code FALSE} that it was denied or not found; {@code null} that it was not tried.
     *
     * @return the outcome, or {@code null}
     */
    public @Nullable Boolean secretDescribed() {
        return secretDescribed;
    }

    /**
     * The secret as it was requested: a name, a partial ARN or a full ARN.
     *
     * @return the requested secret id, or {@code null} if unknown
     */
    public @Nullable String secretId() {
        return secretId;
    }

    /**
     * The secret's full ARN, if known (configured, or returned by an earlier read or DescribeSecret).
     *
     * @return the full ARN, or {@code null} if unknown
     */
    public @Nullable String secretArn() {
        return secretArn;
    }

    /**
     * The caller's ARN as STS GetCallerIdentity returned it, for example
     * {@code arn:aws:sts::222222222222:assumed-role/ApplicationRole/session}.
     *
     * @return the caller's ARN, or {@code null} if unknown
     */
    public @Nullable String callerArn() {
        return callerArn;
    }

    /**
     * The ARN of the role the client is configured to assume, for example
     * {@code arn:aws:iam::222222222222:role/ApplicationRole}. Fixes prefer it to a role ARN derived from a session
     * ARN, which loses the role's path.
     *
     * @return the role ARN, or {@code null} if no role is configured or it is unknown
     */
    public @Nullable String roleArn() {
        return roleArn;
    }

    /**
     * The ARN of the secret's KMS key, if known (configured, or the {@code KmsKeyId} that DescribeSecret returned).
     *
     * @return the key ARN, or {@code null} if unknown
     */
    public @Nullable String kmsKeyArn() {
        return kmsKeyArn;
    }

    /**
     * Whether the secret is encrypted with the AWS managed key {@code aws/secretsmanager}: {@code TRUE} when
     * DescribeSecret returned no {@code KmsKeyId} (or the {@code aws/secretsmanager} alias), {@code FALSE} when it
     * named a customer managed key.
     *
     * @return the answer, or {@code null} if unknown
     */
    public @Nullable Boolean awsManagedKey() {
        return awsManagedKey;
    }

    /**
     * The region the failed request was sent to.
     *
     * @return the region name such as {@code us-east-1}, or {@code null} if unknown
     */
    public @Nullable String clientRegion() {
        return clientRegion;
    }

    /**
     * The call that failed.
     *
     * @return the step, or {@code null} if unknown
     */
    public @Nullable Step step() {
        return step;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DiagnosisContext other)) {
            return false;
        }
        return Objects.equals(secretId, other.secretId)
                && Objects.equals(secretArn, other.secretArn)
                && Objects.equals(callerArn, other.callerArn)
                && Objects.equals(roleArn, other.roleArn)
                && Objects.equals(kmsKeyArn, other.kmsKeyArn)
                && Objects.equals(awsManagedKey, other.awsManagedKey)
                && Objects.equals(clientRegion, other.clientRegion)
                && step == other.step
                && Objects.equals(externalId, other.externalId)
                && Objects.equals(secretDescribed, other.secretDescribed)
                && Objects.equals(endpoint, other.endpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                secretId,
                secretArn,
                callerArn,
                roleArn,
                kmsKeyArn,
                awsManagedKey,
                clientRegion,
                step,
                externalId,
                secretDescribed,
                endpoint);
    }

    /**
     * Lists the known fields; a context holds identifiers only, never a secret value.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return "DiagnosisContext{secretId=" + secretId
                + ", secretArn=" + secretArn
                + ", callerArn=" + callerArn
                + ", roleArn=" + roleArn
                + ", kmsKeyArn=" + kmsKeyArn
                + ", awsManagedKey=" + awsManagedKey
                + ", clientRegion=" + clientRegion
                + ", step=" + step
                + ", externalId=" + (externalId == null ? "none" : "set")
                + ", secretDescribed=" + secretDescribed
                + ", endpoint=" + endpoint + "}";
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    /** Builds a {@link DiagnosisContext}. Every setter accepts {@code null}, meaning unknown. Not thread-safe. */
    public static final class Builder {

        private @Nullable String secretId;
        private @Nullable String secretArn;
        private @Nullable String callerArn;
        private @Nullable String roleArn;
        private @Nullable String kmsKeyArn;
        private @Nullable Boolean awsManagedKey;
        private @Nullable String clientRegion;
        private @Nullable Step step;
        private @Nullable String externalId;
        private @Nullable Boolean secretDescribed;
        private @Nullable String endpoint;

        private Builder() {}

        /**
         * Sets the URL the failed request went to.
         *
         * @param endpoint the URL, or {@code null}
         * @return this builder
         */
        public Builder endpoint(@Nullable String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets the external id the client sends when it assumes the role.
         *
         * @param externalId the external id, or {@code null}
         * @return this builder
         */
        public Builder externalId(@Nullable String externalId) {
            this.externalId = externalId;
            return this;
        }

        /**
         * Sets whether {@code DescribeSecret} of the requested id succeeded.
         *
         * @param described {@code TRUE}, {@code FALSE}, or {@code null} if not tried
         * @return this builder
         */
        public Builder secretDescribed(@Nullable Boolean described) {
            this.secretDescribed = described;
            return this;
        }

        /**
         * Sets the secret as it was requested (name, partial ARN or full ARN).
         *
         * @param secretId the requested secret id, or {@code null}
         * @return this builder
         */
        public Builder secretId(@Nullable String secretId) {
            this.secretId = secretId;
            return this;
        }

        /**
         * Sets the secret's full ARN.
         *
         * @param secretArn the full ARN, or {@code null}
         * @return this builder
         */
        public Builder secretArn(@Nullable String secretArn) {
            this.secretArn = secretArn;
            return this;
        }

        /**
         * Sets the caller's ARN as STS GetCallerIdentity returned it.
         *
         * @param callerArn the caller's ARN, or {@code null}
         * @return this builder
         */
        public Builder callerArn(@Nullable String callerArn) {
            this.callerArn = callerArn;
            return this;
        }

        /**
         * Sets the ARN of the role the client is configured to assume.
         *
         * @param roleArn the role ARN, or {@code null}
         * @return this builder
         */
        public Builder roleArn(@Nullable String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        /**
         * Sets the ARN of the secret's KMS key.
         *
         * @param kmsKeyArn the key ARN, or {@code null}
         * @return this builder
         */
        public Builder kmsKeyArn(@Nullable String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        /**
         * Sets whether the secret is encrypted with the AWS managed key {@code aws/secretsmanager}.
         *
         * @param awsManagedKey {@code TRUE}, {@code FALSE}, or {@code null} if unknown
         * @return this builder
         */
        public Builder awsManagedKey(@Nullable Boolean awsManagedKey) {
            this.awsManagedKey = awsManagedKey;
            return this;
        }

        /**
         * Sets the region the failed request was sent to.
         *
         * @param clientRegion the region name, or {@code null}
         * @return this builder
         */
        public Builder clientRegion(@Nullable String clientRegion) {
            this.clientRegion = clientRegion;
            return this;
        }

        /**
         * Sets the call that failed.
         *
         * @param step the step, or {@code null}
         * @return this builder
         */
        public Builder step(@Nullable Step step) {
            this.step = step;
            return this;
        }

        /**
         * Builds the context.
         *
         * @return the immutable context
         */
        public DiagnosisContext build() {
            return new DiagnosisContext(this);
        }
    }
}
