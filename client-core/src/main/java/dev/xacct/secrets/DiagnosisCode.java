package dev.xacct.secrets;

/**
 * What went wrong when a secret could not be read: the stable codes of a {@link Diagnosis}.
 *
 * <p>These codes are a public contract. They are documented, tested and never renamed; new codes may be added
 * at the end of the list. Tools may switch on them, and the CLI prints them in its JSON output.
 */
public enum DiagnosisCode {

    /** The read succeeded. */
    OK,

    /**
     * The secret's resource policy does not allow the caller ({@code because no resource-based policy allows} on
     * Secrets Manager). The secret's owner (Account1) must add a statement.
     */
    SECRET_RESOURCE_POLICY,

    /**
     * The KMS key policy does not allow {@code kms:Decrypt} for the caller. The key's owner (Account1) must add a
     * statement.
     */
    KEY_POLICY,

    /**
     * The caller's identity policy lacks {@code secretsmanager:GetSecretValue} or {@code kms:Decrypt}; the
     * diagnosis names which in {@link Diagnosis#action()}. The caller's account (Account2) must add a statement.
     */
    IDENTITY_POLICY,

    /**
     * KMS denied the decryption and it could not be told whether the key policy or the identity policy is missing:
     * both fixes are listed. Account1 or Account2 must act.
     */
    KMS_ACCESS_DENIED,

    /**
     * Access was denied with no reason clause (the older message format): the secret's resource policy and the
     * identity policy are both candidates, and both fixes are listed.
     */
    ACCESS_DENIED,

    /**
     * The secret is encrypted with the AWS managed key {@code aws/secretsmanager}, which no other account can use.
     * The secret's owner (Account1) must re-encrypt it with a customer managed key.
     */
    AWS_MANAGED_KEY,

    /**
     * An explicit {@code Deny} refused the request; {@link Diagnosis#policy()} names the policy type
     * (resource-based, identity-based, service control, resource control, permissions boundary, session,
     * VPC endpoint). The owner of that policy must act.
     */
    EXPLICIT_DENY,

    /**
     * An implicit deny from a guardrail: no service control policy, resource control policy, permissions boundary,
     * session policy or VPC endpoint policy allows the action. The owner of that policy must act.
     */
    POLICY_GUARDRAIL,

    /**
     * The caller could not assume the configured role: its trust policy, or the caller's {@code sts:AssumeRole}
     * permission.
     */
    ASSUME_ROLE_DENIED,

    /**
     * No secret exists at that reference (wrong name, suffix, account or region). The caller's configuration must
     * change.
     */
    SECRET_NOT_FOUND,

    /**
     * The secret reference is not usable: a bare name where a cross-account ARN is needed, or a reference Secrets
     * Manager rejects as invalid. The caller's configuration must change.
     */
    INVALID_SECRET_ID,

    /**
     * The request went to a region other than the one the secret's ARN names. The caller's configuration must change.
     */
    REGION_MISMATCH,

    /** The secret is marked for deletion. Its owner (Account1) must restore it. */
    SECRET_DELETED,

    /** The secret has no version with the requested staging label or version id. */
    VERSION_NOT_FOUND,

    /** The secret's KMS key is disabled. The key's owner (Account1) must enable it. */
    KEY_DISABLED,

    /** The secret's KMS key is pending deletion. The key's owner (Account1) must cancel the deletion. */
    KEY_PENDING_DELETION,

    /**
     * The credentials are unknown, missing, or the request signature does not match. The caller's environment must
     * change.
     */
    INVALID_CREDENTIALS,

    /** The credentials have expired, or the caller's clock is skewed. The caller's environment must change. */
    EXPIRED_CREDENTIALS,

    /** AWS throttled the call. Transient: retrying later succeeds. */
    THROTTLED,

    /** AWS failed (a 5xx answer) or the network did (connection refused, timeout). Transient. */
    SERVICE_ERROR,

    /** The failure was not recognised; the raw AWS error code and message are kept in the diagnosis. */
    UNKNOWN;

    /**
     * Whether this failure is transient: retrying later may succeed with no change by anyone, and a cache may keep
     * serving the last good value meanwhile.
     *
     * @return {@code true} for {@link #THROTTLED} and {@link #SERVICE_ERROR} only
     */
    public boolean isTransient() {
        return this == THROTTLED || this == SERVICE_ERROR;
    }

    /**
     * Whether this code means success.
     *
     * @return {@code true} for {@link #OK} only
     */
    public boolean isOk() {
        return this == OK;
    }
}
