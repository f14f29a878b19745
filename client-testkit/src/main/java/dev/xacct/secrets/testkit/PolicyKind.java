package dev.xacct.secrets.testkit;

/**
 * The kinds of policy a world stores. Each is validated when stored as the AWS service that keeps it validates it,
 * and refused with that service's error code and message ({@link AwsRefusedException}).
 */
public enum PolicyKind {
    /** A secret's resource policy (Secrets Manager {@code PutResourcePolicy}). */
    SECRET_RESOURCE_POLICY("resource policy", "secretsmanager", "MalformedPolicyDocumentException"),
    /** A KMS key policy ({@code PutKeyPolicy}). */
    KEY_POLICY("key policy", "kms", "MalformedPolicyDocumentException"),
    /** A role's trust policy (IAM {@code UpdateAssumeRolePolicy}). */
    TRUST_POLICY("trust policy", "iam", "MalformedPolicyDocument"),
    /** An inline identity policy of a user or role (IAM {@code PutRolePolicy}, {@code PutUserPolicy}). */
    IDENTITY_POLICY("identity policy", "iam", "MalformedPolicyDocument"),
    /** A permissions boundary of a user or role. */
    PERMISSIONS_BOUNDARY("permissions boundary", "iam", "MalformedPolicyDocument"),
    /** A service control policy of AWS Organizations. */
    SERVICE_CONTROL_POLICY("service control policy", "organizations", "MalformedPolicyDocumentException"),
    /** A resource control policy of AWS Organizations. */
    RESOURCE_CONTROL_POLICY("resource control policy", "organizations", "MalformedPolicyDocumentException"),
    /** An inline session policy passed to STS {@code AssumeRole}. */
    SESSION_POLICY("session policy", "sts", "MalformedPolicyDocument");

    private final String noun;
    private final String service;
    private final String malformedCode;

    PolicyKind(String noun, String service, String malformedCode) {
        this.noun = noun;
        this.service = service;
        this.malformedCode = malformedCode;
    }

    /** {@return how the policy is named in messages, such as {@code key policy}} */
    public String noun() {
        return noun;
    }

    /** {@return the signing name of the service that stores it, such as {@code kms}} */
    public String service() {
        return service;
    }

    /** The error code the service refuses a malformed policy with. */
    String malformedCode() {
        return malformedCode;
    }

    /** Whether its statements name principals (resource-based policies). */
    boolean namesPrincipals() {
        return this == SECRET_RESOURCE_POLICY || this == KEY_POLICY || this == TRUST_POLICY;
    }
}
