package dev.xacct.secrets;

import dev.xacct.secrets.internal.diagnosis.Classifier;
import dev.xacct.secrets.internal.diagnosis.DiagnosisParts;
import java.util.List;
import java.util.Objects;

/**
 * Why a secret could not be read, in plain words: a stable {@link DiagnosisCode}, the account that must act, the
 * policy that must change, the action and resource AWS named, a one-sentence summary, a paragraph of explanation,
 * the concrete {@link Fix fixes} (with the exact policy JSON to add where one applies), and the AWS request id.
 *
 * <p>Obtain one with {@link #of(Throwable, DiagnosisContext)}, which is pure (no I/O) and never throws. Immutable and
 * thread-safe. A diagnosis never contains a secret value: it is built from AWS error codes and messages, ARNs and
 * the context, none of which carry values.
 */
public final class Diagnosis {

    private final DiagnosisCode code;
    private final String account;
    private final PolicyKind policy;
    private final String action;
    private final String resource;
    private final String callerArn;
    private final String summary;
    private final String explanation;
    private final List<Fix> fixes;
    private final String requestId;
    private final String awsErrorCode;
    private final String awsMessage;

    private Diagnosis(DiagnosisParts p) {
        this.code = Objects.requireNonNull(p.code(), "code");
        this.account = p.account();
        this.policy = p.policy();
        this.action = p.action();
        this.resource = p.resource();
        this.callerArn = p.callerArn();
        this.summary = p.summary() == null || p.summary().isBlank() ? code + "." : p.summary();
        this.explanation = p.explanation() == null || p.explanation().isBlank() ? this.summary : p.explanation();
        this.fixes = p.fixes();
        this.requestId = p.requestId();
        this.awsErrorCode = p.awsErrorCode();
        this.awsMessage = p.awsMessage();
    }

    /**
     * Diagnoses a failed call. Pure: it looks only at the exception chain and the context, does no I/O, and never
     * throws (an unexpected problem yields {@link DiagnosisCode#UNKNOWN}).
     *
     * <p>The first {@code AwsServiceException} in the cause chain is analysed (the SDK wraps, for example, a failing
     * STS credentials provider's {@code StsException} in an {@code SdkClientException}). With none, a network
     * failure gives {@link DiagnosisCode#SERVICE_ERROR}, missing credentials {@link DiagnosisCode#INVALID_CREDENTIALS}
     * and anything else {@link DiagnosisCode#UNKNOWN}, which keeps the exception's class name and message: pass only
     * failures of AWS calls, never an exception whose message could contain secret material (such as a parse error
     * of a secret value).
     *
     * @param failure the failure; {@code null} gives {@link DiagnosisCode#UNKNOWN}
     * @param context what the caller knows besides the exception; {@code null} means nothing
     * @return the diagnosis, never {@code null}
     */
    public static Diagnosis of(Throwable failure, DiagnosisContext context) {
        try {
            return new Diagnosis(Classifier.classify(failure, context));
        } catch (RuntimeException | StackOverflowError e) {
            return new Diagnosis(Classifier.fallback(failure));
        }
    }

    /**
     * The diagnosis of a successful read.
     *
     * @param callerArn the caller's ARN, as STS GetCallerIdentity returned it; may be {@code null}
     * @return an {@link DiagnosisCode#OK} diagnosis with no fixes
     */
    public static Diagnosis ok(String callerArn) {
        return ok(DiagnosisContext.builder().callerArn(callerArn).build(), null);
    }

    /**
     * The diagnosis of a successful read, with the request id of the call that succeeded.
     *
     * @param context what the caller knows (the secret, the caller); may be {@code null}
     * @param requestId the AWS request id of the successful call; may be {@code null}
     * @return an {@link DiagnosisCode#OK} diagnosis with no fixes
     */
    public static Diagnosis ok(DiagnosisContext context, String requestId) {
        return new Diagnosis(Classifier.ok(context, requestId));
    }

    /**
     * The diagnosis of a read that succeeded but returned a secret owned by another account than the one the
     * configuration expects: typically a bare name or partial ARN that resolved in the caller's own account instead
     * of the owner's. Its code is {@link DiagnosisCode#INVALID_SECRET_ID}; the fix is to configure the secret's full
     * ARN in the expected account.
     *
     * @param resolvedArn the ARN of the secret that was actually read; may be {@code null}
     * @param expectedAccount the 12-digit account the configuration expects to own the secret; may be {@code null}
     * @param actualAccount the account that owns the secret that was read; may be {@code null}
     * @return the diagnosis
     */
    public static Diagnosis unexpectedOwner(String resolvedArn, String expectedAccount, String actualAccount) {
        return new Diagnosis(Classifier.unexpectedOwner(resolvedArn, expectedAccount, actualAccount));
    }

    /**
     * Refines a {@link DiagnosisCode#KMS_ACCESS_DENIED} once a KMS probe (a direct {@code kms:Decrypt} or
     * {@code kms:DescribeKey} naming the key, or an IAM policy simulation) has told which policy is missing.
     *
     * <p>The result has code {@link DiagnosisCode#KEY_POLICY} (account: the key's owner) or
     * {@link DiagnosisCode#IDENTITY_POLICY} with action {@code kms:Decrypt} (account: the caller's), one fix, and keeps
     * the original's request id, AWS error code and AWS message, since those describe the read that failed.
     *
     * @param which {@link PolicyKind#KEY_POLICY} or {@link PolicyKind#IDENTITY_POLICY}
     * @param context what the caller knows; the key ARN ({@link DiagnosisContext#kmsKeyArn()}) and the role
     *     ({@link DiagnosisContext#roleArn()} or {@link DiagnosisContext#callerArn()}) make the fix exact
     * @param evidence what the probe found, in words that follow "Secrets Manager ... does not say which policy is
     *     missing; ", for example {@code "a direct kms:Decrypt probe was denied because no resource-based policy
     *     allows it"}; may be {@code null}
     * @param original the diagnosis being refined; may be {@code null}
     * @return the refined diagnosis
     * @throws IllegalArgumentException if {@code which} is neither {@code KEY_POLICY} nor {@code IDENTITY_POLICY}
     */
    public static Diagnosis kmsSideDenied(PolicyKind which, DiagnosisContext context, String evidence,
                                          Diagnosis original) {
        if (which != PolicyKind.KEY_POLICY && which != PolicyKind.IDENTITY_POLICY) {
            throw new IllegalArgumentException("which must be KEY_POLICY or IDENTITY_POLICY, not " + which);
        }
        Classifier.Original o = original == null
                ? new Classifier.Original(null, null, null, null, null)
                : new Classifier.Original(original.requestId, original.awsErrorCode, original.awsMessage,
                        original.resource, original.callerArn);
        return new Diagnosis(Classifier.kmsSideDenied(which, context, evidence, o));
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
    public String account() {
        return account;
    }

    /**
     * The policy that must change.
     *
     * @return the policy kind, or {@code null} when no single policy is to blame (two candidates, a configuration or
     *     environment problem, a transient failure)
     */
    public PolicyKind policy() {
        return policy;
    }

    /**
     * The action that was denied or failed, as AWS named it, for example {@code secretsmanager:GetSecretValue},
     * {@code kms:Decrypt} or {@code sts:AssumeRole}.
     *
     * @return the action, or {@code null} if unknown
     */
    public String action() {
        return action;
    }

    /**
     * The resource concerned: as AWS named it in its message (an ARN, or the raw secret id when Secrets Manager could
     * not resolve it), else the one the context names (the secret's ARN or id, the key ARN, the role ARN).
     *
     * @return the resource, or {@code null} if unknown
     */
    public String resource() {
        return resource;
    }

    /**
     * The caller's ARN, as AWS named it in its message or else as the context gave it.
     *
     * @return the ARN, or {@code null} if unknown
     */
    public String callerArn() {
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
    public String requestId() {
        return requestId;
    }

    /**
     * AWS's error code, normalized: no {@code namespace#} prefix, the wire spelling rather than the SDK class name
     * ({@code DecryptionFailure}, not {@code DecryptionFailureException}).
     *
     * @return the code, or {@code null} when no AWS service answered
     */
    public String awsErrorCode() {
        return awsErrorCode;
    }

    /**
     * AWS's error message as received. AWS messages name principals, actions and resources, never secret values.
     *
     * @return the message, or {@code null}
     */
    public String awsMessage() {
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
            t.append(": ").append(fix.policy() == null ? "no policy change" : fix.policy().phrase());
            t.append(", account ").append(fix.account() == null ? "unknown" : fix.account()).append('\n');
            if (fix.target() != null) {
                t.append("  Target: ").append(fix.target()).append('\n');
            }
            t.append("  ").append(fix.instruction()).append('\n');
            t.append("  Action: ").append(fix.action() == null ? "none a program may apply (a person decides)"
                    : fix.action().describe()).append('\n');
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
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Diagnosis)) {
            return false;
        }
        Diagnosis other = (Diagnosis) o;
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
        return Objects.hash(code, account, policy, action, resource, callerArn, summary, explanation, fixes,
                requestId, awsErrorCode, awsMessage);
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
