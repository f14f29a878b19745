package dev.xacct.secrets;

import org.jspecify.annotations.Nullable;

/**
 * The base of the unchecked exceptions this library throws. Never carries a secret value.
 */
public class XacctSecretsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and an optional cause.
     *
     * @param message what happened, without any secret value
     * @param cause the cause, or {@code null}
     */
    public XacctSecretsException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether trying again later may succeed (throttling, a server error, a network failure).
     *
     * @return whether trying again later may succeed (throttling, a server error, a network failure)
     */
    public boolean isRetryable() {
        return false;
    }
}
