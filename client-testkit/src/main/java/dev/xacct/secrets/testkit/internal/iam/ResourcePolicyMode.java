package dev.xacct.secrets.testkit.internal.iam;

/** How the resource-based policy of a request takes part in its authorization. */
public enum ResourcePolicyMode {
    /** No resource policy takes part (IAM, account-level actions): only the identity side counts. */
    NONE,
    /**
     * Secrets Manager: in the same account identity and resource policy are a union; across accounts both must allow,
     * and a missing resource policy denies.
     */
    OPTIONAL,
    /**
     * KMS key policies and role trust policies: the resource policy must allow even in the same account; identity
     * policies count only where it allows the account principal (root delegation).
     */
    REQUIRED
}
