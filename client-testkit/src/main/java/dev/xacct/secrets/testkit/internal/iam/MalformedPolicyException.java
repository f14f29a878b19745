package dev.xacct.secrets.testkit.internal.iam;

/** A policy document that AWS would refuse to store; the message names the element at fault. */
public final class MalformedPolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }

    public MalformedPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
