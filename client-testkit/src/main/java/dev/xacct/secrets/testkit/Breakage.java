package dev.xacct.secrets.testkit;

import java.util.Locale;

/**
 * One change that breaks (or, for a few, only restricts) the working cross-account setup of a
 * {@link CrossAccountScenario}. Any two can be combined: where two touch the same statement, taking it away wins over
 * conditioning it. {@link #toString()} is the readable name, such as {@code no key policy statement}.
 */
public enum Breakage {
    /** The secret's resource policy has no statement for the app (no resource policy at all). */
    NO_RESOURCE_POLICY_STATEMENT("the secret's resource policy has no statement for the app"),
    /**
     * The resource policy names the app's account ({@code arn:aws:iam::APP:root}, which only delegates) and the app's
     * identity policy does not allow the secret.
     */
    RESOURCE_POLICY_NAMES_ACCOUNT_WITHOUT_IDENTITY_GRANT(
            "the resource policy names the app's account root, and no " + "identity policy allows the secret"),
    /** The key policy has no statement for the app. */
    NO_KEY_POLICY_STATEMENT("the key policy has no statement for the app"),
    /**
     * The key policy allows the app only through Secrets Manager ({@code kms:ViaService}, {@code kms:CallerAccount}):
     * reads work, a direct {@code kms:Decrypt} probe is denied. A restriction fixes must keep.
     */
    KEY_POLICY_VIA_SERVICE_ONLY("the key policy allows the app only through Secrets Manager"),
    /** The app's identity policy does not allow {@code secretsmanager:GetSecretValue} on the secret. */
    NO_IDENTITY_GRANT_FOR_SECRET("the app's identity policy does not allow the secret"),
    /** The app's identity policy does not allow {@code kms:Decrypt} on the key. */
    NO_IDENTITY_GRANT_FOR_KEY("the app's identity policy does not allow the key"),
    /** The identity policy names the secret by its ARN without the {@code -??????} suffix, which matches nothing. */
    IDENTITY_RESOURCE_WITHOUT_SUFFIX("the identity policy names the secret's ARN without its suffix"),
    /** The secret is encrypted with the AWS managed key {@code aws/secretsmanager}. */
    AWS_MANAGED_KEY("the secret is encrypted with the AWS managed key"),
    /** The key is disabled. */
    KEY_DISABLED("the key is disabled"),
    /** The key is pending deletion. */
    KEY_PENDING_DELETION("the key is pending deletion"),
    /** The secret is marked for deletion. */
    SECRET_DELETED("the secret is marked for deletion"),
    /** The resource policy denies the app {@code secretsmanager:GetSecretValue}. */
    EXPLICIT_DENY_IN_RESOURCE_POLICY("the resource policy denies the app"),
    /** The key policy denies the app {@code kms:Decrypt}. */
    EXPLICIT_DENY_IN_KEY_POLICY("the key policy denies the app"),
    /** The app's identity policy denies {@code secretsmanager:GetSecretValue} on the secret. */
    EXPLICIT_DENY_IN_IDENTITY_POLICY("the app's identity policy denies the secret"),
    /** The app's permissions boundary denies {@code secretsmanager:GetSecretValue}. */
    EXPLICIT_DENY_IN_PERMISSIONS_BOUNDARY("the app's permissions boundary denies the secret"),
    /** The session policy the app passes denies {@code secretsmanager:GetSecretValue}. Needs a role. */
    EXPLICIT_DENY_IN_SESSION_POLICY("the app's session policy denies the secret"),
    /** The trust policy denies the app's user {@code sts:AssumeRole}. Needs a user that assumes the role. */
    EXPLICIT_DENY_IN_TRUST_POLICY("the trust policy denies the app's user"),
    /** A service control policy on the app's organizational unit denies {@code secretsmanager:GetSecretValue}. */
    SCP_DENY("a service control policy of the app's organization denies the read"),
    /**
     * A resource control policy on the owner's account denies Secrets Manager to principals outside the owner's
     * organization ({@code aws:PrincipalOrgID}), and the app's account is outside it.
     */
    RCP_DENY("a resource control policy of the owner's organization denies principals outside it"),
    /** The app's permissions boundary allows Secrets Manager but not {@code kms:Decrypt}. */
    PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT("the app's permissions boundary does not allow kms:Decrypt"),
    /** The session policy the app passes allows KMS but not {@code secretsmanager:GetSecretValue}. Needs a role. */
    SESSION_POLICY_WITHOUT_SECRET("the app's session policy does not allow the secret"),
    /** The trust policy does not name the app's user. Needs a user that assumes the role. */
    TRUST_POLICY_WITHOUT_CALLER("the trust policy does not name the app's user"),
    /**
     * The trust policy requires an {@code sts:ExternalId} the app does not send. A restriction fixes must keep.
     * Needs a user that assumes the role.
     */
    TRUST_POLICY_REQUIRES_EXTERNAL_ID("the trust policy requires an external id the app does not send"),
    /** The role was deleted and re-created: the resource and key policies still name the old one. Needs a role. */
    ROLE_RECREATED("the role was deleted and re-created"),
    /** The secret was deleted and re-created; the app still uses the old ARN, whose suffix names nothing. */
    STALE_SUFFIX("the app uses the ARN of a deleted secret (a stale suffix)"),
    /**
     * The secret's name ends in a hyphen and six characters, and the app uses its partial ARN, which AWS takes for a
     * complete one.
     */
    PARTIAL_ARN_NAME_LIKE_SUFFIX("the app uses a partial ARN whose name ends like a suffix"),
    /** The app's ARN names another region than the secret's. */
    WRONG_REGION("the app's ARN names the wrong region"),
    /** The app's ARN names another account than the owner's. */
    WRONG_ACCOUNT("the app's ARN names the wrong account"),
    /**
     * The resource policy allows only {@code secretsmanager:VersionStage = AWSCURRENT}, which is in the request only
     * when the app sends {@code VersionStage}. A restriction fixes must keep.
     */
    VERSION_STAGE_RESOURCE_POLICY("the resource policy allows only requests that name VersionStage AWSCURRENT");

    private final String description;

    Breakage(String description) {
        this.description = description;
    }

    /** {@return what is wrong, in a few words} */
    public String description() {
        return description;
    }

    /** Whether it needs the app to run as (a session of) the role. */
    boolean needsRole() {
        return needsAssumeRole()
                || this == EXPLICIT_DENY_IN_SESSION_POLICY
                || this == SESSION_POLICY_WITHOUT_SECRET
                || this == ROLE_RECREATED;
    }

    /** Whether it needs the app to assume the role through STS (as a user). */
    boolean needsAssumeRole() {
        return this == EXPLICIT_DENY_IN_TRUST_POLICY
                || this == TRUST_POLICY_WITHOUT_CALLER
                || this == TRUST_POLICY_REQUIRES_EXTERNAL_ID;
    }

    /** The readable name, such as {@code no key policy statement}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
