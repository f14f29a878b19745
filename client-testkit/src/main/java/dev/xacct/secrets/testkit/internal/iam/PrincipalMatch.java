package dev.xacct.secrets.testkit.internal.iam;

/** How a resource-policy Principal names the caller; each kind grants differently (see {@link PolicyEvaluator}). */
enum PrincipalMatch {
    /** The caller's exact assumed-role session ARN. */
    SESSION,
    /** The caller's exact IAM user ARN (or its {@code AIDA…} unique id). */
    USER,
    /** The role ARN (or {@code AROA…} unique id) of the caller's session. */
    ROLE,
    /** The caller's account, as {@code "123456789012"} or {@code arn:aws:iam::123456789012:root}: delegation only. */
    ACCOUNT,
    /** {@code "*"} or {@code {"AWS": "*"}}: everyone. */
    ANY
}
