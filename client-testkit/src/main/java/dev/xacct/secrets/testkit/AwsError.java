package dev.xacct.secrets.testkit;

import org.jspecify.annotations.Nullable;

/** An error response as AWS sends it: a code, a message, an HTTP status, and whose fault it is. */
final class AwsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    AwsError(int status, String code, @Nullable String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    static AwsError badRequest(String code, @Nullable String message) {
        return new AwsError(400, code, message);
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    /** {@code Sender} for client errors, {@code Receiver} for server errors, as the Query protocol puts it. */
    String faultType() {
        return status >= 500 ? "Receiver" : "Sender";
    }
}
