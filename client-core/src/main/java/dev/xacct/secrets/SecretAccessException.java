package dev.xacct.secrets;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A secret could not be read. Carries the {@link Diagnosis}: the stable code, the account and policy that must
 * change, and the exact statement that fixes it. The message leads with the diagnosis summary and ends with the
 * secret and the AWS request id.
 */
public final class SecretAccessException extends XacctSecretsException {

    private static final long serialVersionUID = 1L;

    private final transient SecretRef secret;
    private final transient Diagnosis diagnosis;

    /**
     * Creates the exception.
     *
     * @param secret the secret that was read
     * @param diagnosis why it failed
     * @param cause the AWS SDK exception, or {@code null} if none
     */
    public SecretAccessException(SecretRef secret, Diagnosis diagnosis, @Nullable Throwable cause) {
        super(message(secret, diagnosis), withoutResponseText(cause));
        this.secret = Objects.requireNonNull(secret, "secret");
        this.diagnosis = Objects.requireNonNull(diagnosis, "diagnosis");
    }

    /**
     * The cause, unless a parser's failure on a response is in its chain: such a message quotes the response body,
     * which can hold a secret value, so the chain is replaced by one that says only what happened.
     */
    private static @Nullable Throwable withoutResponseText(@Nullable Throwable cause) {
        if (cause == null) {
            return null;
        }
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = cause; t != null && seen.add(t); t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            String message = t.getMessage();
            if ((name.startsWith("Json") && name.endsWith("Exception"))
                    || name.equals("MismatchedInputException")
                    || (message != null
                            && (message.startsWith("Unable to unmarshall") || message.startsWith("Unable to parse")))) {
                return software.amazon.awssdk.core.exception.SdkClientException.create("The response could not be"
                        + " read (" + cause.getClass().getName() + "; its text is withheld, since it can quote the"
                        + " response)");
            }
        }
        return cause;
    }

    private static String message(SecretRef secret, Diagnosis diagnosis) {
        return diagnosis.code() + ": " + diagnosis.summary() + " (Secret: " + secret
                + (diagnosis.requestId() == null ? "" : ", Request ID: " + diagnosis.requestId()) + ")";
    }

    /**
     * The secret that could not be read.
     *
     * @return the secret that could not be read
     */
    public SecretRef secret() {
        return secret;
    }

    /**
     * Why it could not be read, and the fix.
     *
     * @return why it could not be read, and the fix
     */
    public Diagnosis diagnosis() {
        return diagnosis;
    }

    /**
     * The diagnosis code.
     *
     * @return the diagnosis code
     */
    public DiagnosisCode code() {
        return diagnosis.code();
    }

    @Override
    public boolean isRetryable() {
        return diagnosis.code().isTransient();
    }
}
