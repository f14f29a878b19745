package dev.xacct.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a secret could not be read, in plain words: a stable {@link DiagnosisCode}, the account that must act, the
 * policy that must change, the action and resource AWS named, a one-sentence summary, a paragraph of explanation,
 * the concrete {@link Fix fixes} (with the exact policy JSON to add where one applies), and the AWS request id.
 *
 * <p>The client diagnoses every failed read ({@link SecretAccessException#diagnosis()}) and every check of
 * {@code verify}; {@link #builder()} builds one for tests. Immutable and thread-safe. A diagnosis never contains a secret value: it is built from AWS error codes and messages, ARNs and
 * the context, none of which carry values.
 */
public final class Diagnosis {

    private final DiagnosisCode code;
    private final @Nullable String account;
    private final @Nullable PolicyKind policy;
    private final @Nullable String action;
    private final @Nullable String resource;
    private final @Nullable String callerArn;
    private final String summary;
    private final String explanation;
    private final List<Fix> fixes;
    private final @Nullable String requestId;
    private final @Nullable String awsErrorCode;
    private final @Nullable String awsMessage;

    private Diagnosis(Builder b) {
        if (b.code == null) {
            throw new IllegalStateException("code must be set: a DiagnosisCode such as OK or SECRET_RESOURCE_POLICY");
        }
        this.code = b.code;
        this.account = b.account;
        this.policy = b.policy;
        this.action = b.action;
        this.resource = b.resource;
        this.callerArn = b.callerArn;
        this.summary = b.summary == null || b.summary.isBlank() ? code + "." : b.summary;
        this.explanation = b.explanation == null || b.explanation.isBlank() ? this.summary : b.explanation;
        this.fixes = List.copyOf(b.fixes);
        this.requestId = b.requestId;
        this.awsErrorCode = b.awsErrorCode;
        this.awsMessage = b.awsMessage;
    }

    /**
     * A builder, for tests and tools that need a diagnosis of their own (for example a listener or a failure analyzer
     * under test). The client builds its diagnoses itself; they reach users through
     * {@link SecretAccessException#diagnosis()} and {@link VerifyReport}.
     *
     * @return a new builder; only {@link Builder#code(DiagnosisCode)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this diagnosis' fields, to derive another one.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .code(code)
                .account(account)
                .policy(policy)
                .action(action)
                .resource(resource)
                .callerArn(callerArn)
                .summary(summary)
                .explanation(explanation)
                .fixes(fixes)
                .requestId(requestId)
                .awsErrorCode(awsErrorCode)
                .awsMessage(awsMessage);
    }

    /** Builds a {@link Diagnosis}. Every field but the code is optional; not thread-safe. */
    public static final class Builder {
        /** {@code null} until set: {@link #build()} requires it. */
        private @Nullable DiagnosisCode code;

        private @Nullable String account;
        private @Nullable PolicyKind policy;
        private @Nullable String action;
        private @Nullable String resource;
        private @Nullable String callerArn;
        private @Nullable String summary;
        private @Nullable String explanation;
        private final List<Fix> fixes = new ArrayList<>();
        private @Nullable String requestId;
        private @Nullable String awsErrorCode;
        private @Nullable String awsMessage;

        private Builder() {}

        /**
         * Sets the code (required).
         *
         * @param code the code
         * @return this
         * @throws NullPointerException if {@code code} is {@code null}
         */
        public Builder code(DiagnosisCode code) {
            this.code = Objects.requireNonNull(code, "code must not be null");
            return this;
        }

        /**
         * Sets the account that must act.
         *
         * @param account a 12-digit account id, or {@code null}
         * @return this
         * @throws IllegalArgumentException if {@code account} is not 12 digits
         */
        public Builder account(@Nullable String account) {
            if (account != null && !account.matches("\\d{12}")) {
                throw new IllegalArgumentException("account must be a 12-digit AWS account id, got: " + account);
            }
            this.account = account;
            return this;
        }

        /**
         * Sets the policy that must change.
         *
         * @param policy the policy, or {@code null}
         * @return this
         */
        public Builder policy(@Nullable PolicyKind policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Sets the action, such as {@code secretsmanager:GetSecretValue}.
         *
         * @param action the action, or {@code null}
         * @return this
         */
        public Builder action(@Nullable String action) {
            this.action = action;
            return this;
        }

        /**
         * Sets the resource.
         *
         * @param resource the resource, or {@code null}
         * @return this
         */
        public Builder resource(@Nullable String resource) {
            this.resource = resource;
            return this;
        }

        /**
         * Sets the caller's ARN.
         *
         * @param callerArn the ARN, or {@code null}
         * @return this
         */
        public Builder callerArn(@Nullable String callerArn) {
            this.callerArn = callerArn;
            return this;
        }

        /**
         * Sets the summary; blank or {@code null} gives the code followed by a period.
         *
         * @param summary one sentence, or {@code null}
         * @return this
         */
        public Builder summary(@Nullable String summary) {
            this.summary = summary;
            return this;
        }

        /**
         * Sets the explanation; blank or {@code null} gives the summary.
         *
         * @param explanation a paragraph, or {@code null}
         * @return this
         */
        public Builder explanation(@Nullable String explanation) {
            this.explanation = explanation;
            return this;
        }

        /**
         * Adds a fix after those already added.
         *
         * @param fix the fix
         * @return this
         * @throws NullPointerException if {@code fix} is {@code null}
         */
        public Builder addFix(Fix fix) {
            fixes.add(Objects.requireNonNull(fix, "fix must not be null"));
            return this;
        }

        /**
         * Replaces the fixes.
         *
         * @param fixes the fixes, most likely first
         * @return this
         * @throws NullPointerException if {@code fixes} or one of them is {@code null}
         */
        public Builder fixes(List<Fix> fixes) {
            List<Fix> copy = List.copyOf(Objects.requireNonNull(fixes, "fixes must not be null"));
            this.fixes.clear();
            this.fixes.addAll(copy);
            return this;
        }

        /**
         * Sets the AWS request id.
         *
         * @param requestId the request id, or {@code null}
         * @return this
         */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * Sets AWS's error code.
         *
         * @param awsErrorCode the code, or {@code null}
         * @return this
         */
        public Builder awsErrorCode(@Nullable String awsErrorCode) {
            this.awsErrorCode = awsErrorCode;
            return this;
        }

        /**
         * Sets AWS's error message.
         *
         * @param awsMessage the message, or {@code null}
         * @return this
         */
        public Builder awsMessage(@Nullable String awsMessage) {
            this.awsMessage = awsMessage;
            return this;
        }

        /**
         * Builds the diagnosis.
         *
         * @return the diagnosis
         * @throws IllegalStateException if no code was set
         */
        public Diagnosis build() {
            return new Diagnosis(this);
        }
    }

    /**
     * What went wrong.
     *
     * @return the code, never {@code null}
     */
    public DiagnosisCode code() {
        return code;
    }

    /**
     * Whether the read succeeded.
     *
     * @return {@code true} if {@link #code()} is {@link DiagnosisCode#OK}
     */
    public boolean isOk() {
        return code.isOk();
    }

    /**
     * The 12-digit AWS account that must act: the secret's owner for its resource policy, the key's owner for its key
     * policy, the caller's account for its identity policy or configuration.
     *
     * <p>{@code null} when it is unknown, or when two accounts are candidates ({@link DiagnosisCode#KMS_ACCESS_DENIED},
     * {@link DiagnosisCode#ACCESS_DENIED}, {@link DiagnosisCode#VERSION_NOT_FOUND}): then each {@link Fix} names its
     * own account. Also {@code null} for service and resource control policies (managed by the organization's
     * management account, which AWS does not name) and for transient failures.
     *
     * @return the account id, or {@code null}
     */
    public @Nullable String account() {
        return account;
    }

    /**
     * The policy that must change.
     *
     * @return the policy kind, or {@code null} when no single policy is to blame (two candidates, a configuration or
     *     environment problem, a transient failure)
     */
    public @Nullable PolicyKind policy() {
        return policy;
    }

    /**
     * The action that was denied or failed, as AWS named it, for example {@code secretsmanager:GetSecretValue},
     * {@code kms:Decrypt} or {@code sts:AssumeRole}.
     *
     * @return the action, or {@code null} if unknown
     */
    public @Nullable String action() {
        return action;
    }

    /**
     * The resource concerned: as AWS named it in its message (an ARN, or the raw secret id when Secrets Manager could
     * not resolve it), else the one the context names (the secret's ARN or id, the key ARN, the role ARN).
     *
     * @return the resource, or {@code null} if unknown
     */
    public @Nullable String resource() {
        return resource;
    }

    /**
     * The caller's ARN, as AWS named it in its message or else as the context gave it.
     *
     * @return the ARN, or {@code null} if unknown
     */
    public @Nullable String callerArn() {
        return callerArn;
    }

    /**
     * One sentence that leads with the policy and the account, for example
     * {@code "The secret's resource policy in account 111111111111 does not allow
     * arn:aws:iam::222222222222:role/ApplicationRole to call secretsmanager:GetSecretValue on arn:..."}.
     *
     * @return the summary, never {@code null} or blank
     */
    public String summary() {
        return summary;
    }

    /**
     * A plain paragraph: what AWS said, what it means, and what else could be true.
     *
     * @return the explanation, never {@code null} or blank
     */
    public String explanation() {
        return explanation;
    }

    /**
     * The concrete changes that would make the read succeed, most likely first. Empty for {@link DiagnosisCode#OK},
     * transient failures and unrecognised ones; two for {@link DiagnosisCode#KMS_ACCESS_DENIED},
     * {@link DiagnosisCode#ACCESS_DENIED} and {@link DiagnosisCode#ASSUME_ROLE_DENIED}, which list every candidate.
     *
     * @return an unmodifiable list, never {@code null}
     */
    public List<Fix> fixes() {
        return fixes;
    }

    /**
     * The AWS request id of the failed call, to quote to AWS Support or find in CloudTrail.
     *
     * @return the request id, or {@code null}
     */
    public @Nullable String requestId() {
        return requestId;
    }

    /**
     * AWS's error code, normalized: no {@code namespace#} prefix, the wire spelling rather than the SDK class name
     * ({@code DecryptionFailure}, not {@code DecryptionFailureException}).
     *
     * @return the code, or {@code null} when no AWS service answered
     */
    public @Nullable String awsErrorCode() {
        return awsErrorCode;
    }

    /**
     * AWS's error message as received. AWS messages name principals, actions and resources, never secret values.
     *
     * @return the message, or {@code null}
     */
    public @Nullable String awsMessage() {
        return awsMessage;
    }

    /**
     * A multi-line human report: the code and summary, the explanation, then each fix with its account, policy,
     * target, instruction and statement, and finally the AWS error code and request id.
     *
     * @return the report, never empty
     */
    public String toText() {
        StringBuilder t = new StringBuilder();
        t.append(code).append(": ").append(summary).append('\n');
        t.append('\n').append(explanation).append('\n');
        if (callerArn != null) {
            t.append('\n').append("Caller: ").append(callerArn).append('\n');
        }
        int n = 1;
        for (Fix fix : fixes) {
            t.append('\n').append("Fix ").append(n++);
            if (fixes.size() > 1) {
                t.append(" of ").append(fixes.size());
            }
            t.append(": ")
                    .append(
                            fix.policy() == null
                                    ? "no policy change"
                                    : fix.policy().phrase());
            t.append(", account ")
                    .append(fix.account() == null ? "unknown" : fix.account())
                    .append('\n');
            if (fix.target() != null) {
                t.append("  Target: ").append(fix.target()).append('\n');
            }
            t.append("  ").append(fix.instruction()).append('\n');
            t.append("  Action: ")
                    .append(
                            fix.action() == null
                                    ? "none a program may apply (a person decides)"
                                    : fix.action().describe())
                    .append('\n');
            if (fix.statement() != null) {
                for (String line : fix.statement().split("\n", -1)) {
                    t.append("    ").append(line).append('\n');
                }
            }
        }
        if (awsErrorCode != null) {
            t.append('\n').append("AWS error: ").append(awsErrorCode);
            if (requestId != null) {
                t.append(", request id ").append(requestId);
            }
            t.append('\n');
        } else if (requestId != null) {
            t.append('\n').append("Request id: ").append(requestId).append('\n');
        }
        return t.toString();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Diagnosis other)) {
            return false;
        }
        return code == other.code
                && Objects.equals(account, other.account)
                && policy == other.policy
                && Objects.equals(action, other.action)
                && Objects.equals(resource, other.resource)
                && Objects.equals(callerArn, other.callerArn)
                && summary.equals(other.summary)
                && explanation.equals(other.explanation)
                && fixes.equals(other.fixes)
                && Objects.equals(requestId, other.requestId)
                && Objects.equals(awsErrorCode, other.awsErrorCode)
                && Objects.equals(awsMessage, other.awsMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                code,
                account,
                policy,
                action,
                resource,
                callerArn,
                summary,
                explanation,
                fixes,
                requestId,
                awsErrorCode,
                awsMessage);
    }

    /**
     * A one-line description for logs: code, account, policy, action, resource and request id.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "Diagnosis{code=" + code
                + ", account=" + account
                + ", policy=" + policy
                + ", action=" + action
                + ", resource=" + resource
                + ", requestId=" + requestId + "}";
    }
}
