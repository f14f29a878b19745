package dev.xacct.secrets;

/** A secret reference that cannot be used: the message says what is wrong with it and what was expected. */
public final class InvalidSecretRefException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message naming the problem.
     *
     * @param message what is wrong with the reference
     */
    public InvalidSecretRefException(String message) {
        super(message);
    }
}
