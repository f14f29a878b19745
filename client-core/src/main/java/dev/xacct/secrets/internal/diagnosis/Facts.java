package dev.xacct.secrets.internal.diagnosis;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.DiagnosisContext;
import dev.xacct.secrets.PolicyKind;
import dev.xacct.secrets.internal.diagnosis.AwsFailure.Service;

/**
 * Everything the engine learnt about one failure: what AWS said, what the context adds, and the classification.
 * {@link Classifier} fills it, {@link Reports} turns it into words and fixes. Mutable working state, internal.
 */
final class Facts {

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
        /** KMS_ACCESS_DENIED from a direct KMS call with no reason clause. */
        KMS_DIRECT_NO_REASON,
        /** KMS_ACCESS_DENIED from a DecryptionFailure wrapping AccessDeniedException. */
        KMS_VIA_DECRYPTION_FAILURE,
        /** AWS_MANAGED_KEY inferred from the context, not from AWS's own message. */
        MANAGED_KEY_FROM_CONTEXT,
        /** ACCESS_DENIED for a service other than Secrets Manager. */
        GENERIC_SERVICE,
        /** INVALID_SECRET_ID because Secrets Manager rejected the parameter. */
        INVALID_PARAMETER,
        /** VERSION_NOT_FOUND because the stage and the version id disagree. */
        STAGE_VERSION_MISMATCH
    }

    DiagnosisContext ctx = DiagnosisContext.empty();
    DenialMessage denial;

    // What AWS said.
    Service service = Service.OTHER;
    String awsCode;
    String awsMessage;
    String requestId;
    String exceptionClass;
    String exceptionMessage;
    int status;
    String innerCode;

    // Identities and resources, best known. Every ARN field here holds a real value or null, never a placeholder.
    String action;
    String resource;
    String callerArn;
    /** The role (or user) to name as principal in policy statements. */
    String principal;
    /** Whether {@link #principal} is the ARN AWS stores (path included): configured or learnt, not from a session. */
    boolean principalExact;
    /** The external id the client sends with AssumeRole. */
    String externalId;
    /** The endpoint URL the request went to. */
    String endpoint;

    String callerAccount;
    /** A usable secret ARN (full or partial). */
    String secretArn;
    /** What to call the secret in text: its ARN, the name AWS showed, or the configured id. */
    String secretRef;

    String secretAccount;
    /** Whether AWS named the secret by a bare name (not an ARN) in {@code on resource:}. */
    boolean bareName;
    /** A usable KMS key ARN. */
    String keyArn;
    /** What to call the key in text: its ARN or the configured alias ARN. */
    String keyRef;

    String keyAccount;
    /** For AssumeRole failures: the role to assume. */
    String roleArn;

    String roleAccount;
    /** For AssumeRole failures: the identity that tried. */
    String assumer;

    String assumerAccount;
    String clientRegion;
    String arnRegion;
    /** The trust policy of the role to assume, as iam:GetRole returned it; {@code null} when not read. */
    String trustPolicy;
    /** What {@link #trustPolicy} says of the caller; {@code null} when not read. */
    TrustReading trust;
    /** Whether the secret is on the AWS managed key: from the context, or a key reference to aws/secretsmanager. */
    Boolean managedKey;

    // The classification.
    DiagnosisCode code = DiagnosisCode.UNKNOWN;
    PolicyKind policy;
    String account;
    Detail detail = Detail.NONE;
    /** What the client's KMS probe found; {@code null} when it found nothing. */
    Diagnoses.KmsFinding probe;

    boolean isSecretsManager() {
        return service == Service.SECRETS_MANAGER;
    }

    boolean isKms() {
        return service == Service.KMS;
    }

    boolean isSts() {
        return service == Service.STS;
    }

    boolean regionMismatch() {
        return clientRegion != null && arnRegion != null && !clientRegion.equalsIgnoreCase(arnRegion);
    }
}
