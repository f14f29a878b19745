package dev.xacct.secrets;

/**
 * The kind of AWS policy that must change for a read to succeed, as named in a {@link Diagnosis} or a {@link Fix}.
 */
public enum PolicyKind {

    /** The resource policy attached to the secret, in the secret owner's account. */
    SECRET_RESOURCE_POLICY("the secret's resource policy"),

    /** The key policy of the KMS key that encrypts the secret, in the key owner's account. */
    KEY_POLICY("the KMS key policy"),

    /**
     * The identity-based policies (inline or managed) attached to the calling role or user, in the caller's account.
     */
    IDENTITY_POLICY("the identity policy"),

    /** The trust policy of the role to assume (the role's resource-based policy), in the role's account. */
    TRUST_POLICY("the role's trust policy"),

    /** A service control policy of AWS Organizations, managed by the organization's management account. */
    SERVICE_CONTROL_POLICY("a service control policy"),

    /** A resource control policy of AWS Organizations, managed by the organization's management account. */
    RESOURCE_CONTROL_POLICY("a resource control policy"),

    /** The permissions boundary attached to the calling role or user. */
    PERMISSIONS_BOUNDARY("the permissions boundary"),

    /** The session policy passed when the role session was created. */
    SESSION_POLICY("the session policy"),

    /** The policy of the VPC endpoint the request went through. */
    VPC_ENDPOINT_POLICY("the VPC endpoint policy");

    private final String phrase;

    PolicyKind(String phrase) {
        this.phrase = phrase;
    }

    /**
     * A short human phrase naming this policy, in lower case with its article, ready to be placed in a sentence:
     * for example {@code "the secret's resource policy"} or {@code "a service control policy"}.
     *
     * @return the phrase, never {@code null}
     */
    public String phrase() {
        return phrase;
    }
}
