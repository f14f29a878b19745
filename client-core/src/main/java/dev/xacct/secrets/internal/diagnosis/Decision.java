package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.Reports.Remedy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a rule of {@link Classifier} decided from the {@link Evidence}: the code, the policy to change (only when the
 * evidence proves which one), the sub-case, the account that must act, the action and resource to name, and the fixes
 * that apply, most likely first.
 */
record Decision(
        DiagnosisCode code,
        @Nullable PolicyKind policy,
        Detail detail,
        @Nullable String account,
        @Nullable String action,
        @Nullable String resource,
        List<Remedy> fixes) {

    /** Sub-cases that change the wording, not the code. */
    enum Detail {
        NONE,
        /** Not an AWS error; the request did not complete. */
        NETWORK,
        /** An answer came but could not be read. */
        UNREADABLE,
        /** Not an AWS error; no credentials were found. */
        NO_CREDENTIALS,
        /** Not an AWS error and not recognised. */
        NOT_AWS,
        /** No failure was given at all. */
        NO_FAILURE,
        /** The signature does not match the key. */
        SIGNATURE,
        /** The clock is skewed (signature expired or not yet current). */
        CLOCK_SKEW,
        /** STS refused a root user. */
        ROOT_CALLER,
        /** ASSUME_ROLE_DENIED: the trust policy names the caller only under a Condition the request did not meet. */
        TRUST_CONDITION,
        /** KMS_ACCESS_DENIED from a direct KMS call with no reason clause. */
        KMS_DIRECT_NO_REASON,
        /** KMS_ACCESS_DENIED from a DecryptionFailure wrapping AccessDeniedException. */
        KMS_VIA_DECRYPTION_FAILURE,
        /** AWS_MANAGED_KEY inferred from the context, not from AWS's own message. */
        MANAGED_KEY_FROM_CONTEXT,
        /** ACCESS_DENIED or IDENTITY_POLICY for a service other than Secrets Manager. */
        GENERIC_SERVICE,
        /** SECRET_RESOURCE_POLICY from another account, the secret not known to exist: AWS answers both alike. */
        SECRET_MAY_NOT_EXIST,
        /** SECRET_RESOURCE_POLICY for a secret DescribeSecret found: a statement's Condition is the likely cause. */
        SECRET_DESCRIBED,
        /** INVALID_SECRET_ID because Secrets Manager rejected the parameter. */
        INVALID_PARAMETER,
        /** VERSION_NOT_FOUND because the stage and the version id disagree. */
        STAGE_VERSION_MISMATCH
    }
}
