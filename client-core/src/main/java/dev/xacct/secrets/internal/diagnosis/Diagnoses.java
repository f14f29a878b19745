package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;

/**
 * The engine's entry points, for the client's own read and verify paths. Internal: users receive diagnoses from the
 * client and build their own with {@link Diagnosis#builder()}.
 */
public final class Diagnoses {

    private Diagnoses() {}

    /**
     * Diagnoses a failed call. Pure: it looks only at the exception chain and the context, does no I/O, and never
     * throws (an unexpected problem yields {@link DiagnosisCode#UNKNOWN}).
     *
     * <p>The first {@code AwsServiceException} in the cause chain is analysed (the SDK wraps, for example, a failing
     * STS credentials provider's {@code StsException} in an {@code SdkClientException}). With none, a network
     * failure gives {@link DiagnosisCode#SERVICE_ERROR}, missing credentials {@link DiagnosisCode#INVALID_CREDENTIALS}
     * and anything else {@link DiagnosisCode#UNKNOWN}, which keeps the exception's class name and message: pass only
     * failures of AWS calls, never an exception whose message could contain secret material.
     *
     * @param failure the failure; {@code null} gives {@link DiagnosisCode#UNKNOWN}
     * @param context what the caller knows besides the exception; {@code null} means nothing
     * @return the diagnosis, never {@code null}
     */
    public static Diagnosis of(Throwable failure, DiagnosisContext context) {
        return classify(failure, context).diagnosis();
    }

    /**
     * A failure read and classified once: the failure as read from the exception chain (never read again) and its
     * diagnosis from what the client knew then. The client's probes look at {@link #code()} to choose what to ask,
     * and {@link Diagnoses#withEvidence} writes the final diagnosis from the same reading and what they found.
     */
    public record Classification(Throwable failure, AwsFailure read, Diagnosis diagnosis) {

        /** {@return the code of the diagnosis} */
        public DiagnosisCode code() {
            return diagnosis.code();
        }
    }

    /** {@return a failed call read and classified once, never {@code null}} The arguments are those of {@link #of}. */
    public static Classification classify(Throwable failure, DiagnosisContext context) {
        AwsFailure read;
        try {
            read = AwsFailure.from(failure);
        } catch (RuntimeException | StackOverflowError e) {
            return new Classification(failure, null, Reports.fallback(failure).build());
        }
        return new Classification(failure, read, write(failure, read, context, null, null));
    }

    /**
     * The final diagnosis of a classified failure, with what the client's probes found: a fuller context (the role's
     * path, the caller, the secret and key as {@code DescribeSecret} gave them) and the role's trust policy.
     *
     * @param classified the failure, as {@link #classify} read it
     * @param context what the client knows now; {@code null} means nothing
     * @param trustPolicy the trust policy of the role to assume, as {@code iam:GetRole} returned it (URL-decoded);
     *     {@code null} when not read
     * @param kms what the KMS probe found of a {@link DiagnosisCode#KMS_ACCESS_DENIED}; {@code null} when nothing
     * @return the diagnosis, never {@code null}
     */
    public static Diagnosis withEvidence(
            Classification classified, DiagnosisContext context, String trustPolicy, KmsFinding kms) {
        return classified.read() == null
                ? classified.diagnosis()
                : write(classified.failure(), classified.read(), context, trustPolicy, kms);
    }

    private static Diagnosis write(
            Throwable failure, AwsFailure read, DiagnosisContext context, String trustPolicy, KmsFinding kms) {
        try {
            Evidence e = Evidence.of(read, failure == null, context, trustPolicy, kms);
            return new Reports(e, Classifier.decide(e)).write().build();
        } catch (RuntimeException | StackOverflowError e) {
            return Reports.fallback(failure).build();
        }
    }

    /**
     * The diagnosis of a successful read, with the request id of the call that succeeded.
     *
     * @param context what the caller knows (the secret, the caller); may be {@code null}
     * @param requestId the AWS request id of the successful call; may be {@code null}
     * @return an {@link DiagnosisCode#OK} diagnosis with no fixes
     */
    public static Diagnosis ok(DiagnosisContext context, String requestId) {
        Evidence e = Evidence.of(AwsFailure.from(null), false, context, null, null);
        return new Reports(e, Classifier.ok(e)).write().requestId(requestId).build();
    }

    /**
     * A read that returned a secret owned by another account than the configuration expects: typically a bare name
     * or partial ARN that resolved in the caller's own account. Code {@link DiagnosisCode#INVALID_SECRET_ID}; the fix
     * is to configure the secret's full ARN in the expected account.
     *
     * Each argument may be {@code null}: the ARN of the secret that was read, the account the configuration expects to
     * own it, the account that does.
     */
    public static Diagnosis unexpectedOwner(String resolvedArn, String expectedAccount, String actualAccount) {
        return Reports.unexpectedOwner(resolvedArn, expectedAccount, actualAccount)
                .build();
    }

    /** What the client's KMS probe found, which tells the key policy from the identity policy. */
    public enum KmsFinding {
        /** A direct kms:Decrypt naming the key was denied because no identity-based policy allows it. */
        DIRECT_DECRYPT_NO_IDENTITY_POLICY,
        /** IAM policy simulation allows kms:Decrypt on the key: what is missing is in the key policy. */
        SIMULATION_ALLOWS,
        /** IAM policy simulation denies, with the permissions boundary and the SCPs allowing. */
        SIMULATION_NO_IDENTITY_POLICY
    }
}
