package dev.xacct.secrets.cli.internal;

import java.util.Objects;
import software.amazon.awssdk.arns.Arn;

/**
 * One policy a fix writes: a secret's resource policy, a key policy, a role's trust policy, or a named inline
 * identity policy of a role or user.
 *
 * @param kind which policy
 * @param arn the secret, key, role or user it belongs to
 * @param policyName the inline policy's name, for {@link Kind#IDENTITY_POLICY} only, else {@code null}
 */
public record PolicyTarget(Kind kind, String arn, String policyName) {

    /** The policies {@code fix} writes. */
    public enum Kind {
        /** Secrets Manager {@code GetResourcePolicy} / {@code PutResourcePolicy}. */
        SECRET_RESOURCE_POLICY,
        /** KMS {@code GetKeyPolicy} / {@code PutKeyPolicy}, policy name {@code default}. */
        KEY_POLICY,
        /** IAM {@code GetRole}'s {@code AssumeRolePolicyDocument} / {@code UpdateAssumeRolePolicy}. */
        TRUST_POLICY,
        /** IAM {@code GetRolePolicy} / {@code PutRolePolicy} (or the user's) under the fix's own name. */
        IDENTITY_POLICY
    }

    /** Validates the parts. */
    public PolicyTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(arn, "arn");
        if ((kind == Kind.IDENTITY_POLICY) != (policyName != null)) {
            throw new IllegalArgumentException("policyName is needed for an identity policy, and only for one");
        }
    }

    /**
     * The account the resource belongs to, from its ARN.
     *
     * @return the 12-digit id, or {@code null} if the ARN names none
     */
    public String account() {
        try {
            return Arn.fromString(arn).accountId().orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The region of a secret or key, from its ARN.
     *
     * @return the region, or {@code null} for IAM
     */
    public String region() {
        try {
            return Arn.fromString(arn).region().filter(r -> !r.isEmpty()).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The role's or user's name, the last segment of its ARN.
     *
     * @return the name
     */
    public String principalName() {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /**
     * Whether the principal of an identity or trust policy is a role.
     *
     * @return {@code true} for a role ARN
     */
    public boolean isRole() {
        return arn.contains(":role/");
    }

    /**
     * The policy in words, for the report.
     *
     * @return such as {@code the key policy of arn:aws:kms:...}
     */
    public String describe() {
        return switch (kind) {
            case SECRET_RESOURCE_POLICY -> "the resource policy of secret " + arn;
            case KEY_POLICY -> "the key policy of " + arn;
            case TRUST_POLICY -> "the trust policy of role " + arn;
            case IDENTITY_POLICY -> "the inline policy " + policyName + " of " + (isRole() ? "role " : "user ") + arn;
        };
    }

    /**
     * Who administers it, for fixes left to another account.
     *
     * @return such as {@code the owner of key arn:...}
     */
    public String who() {
        return switch (kind) {
            case SECRET_RESOURCE_POLICY -> "the owner of secret " + arn;
            case KEY_POLICY -> "the administrator of key " + arn;
            case TRUST_POLICY, IDENTITY_POLICY -> "the IAM administrator of " + arn;
        };
    }
}
