package dev.xacct.secrets.testkit;

/**
 * A change to a world that AWS would refuse, with the error AWS answers: the service, the error code, the HTTP status
 * and the message. Thrown by the world's Java API, and sent on the wire when the change comes through the emulator.
 *
 * <p>An {@link IllegalArgumentException}: what was asked is not something AWS accepts.
 */
public final class AwsRefusedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The signing name of the service that refuses. */
    private final String service;
    /** The error code AWS answers. */
    private final String errorCode;
    /** The HTTP status AWS answers with. */
    private final int httpStatus;
    /** The message AWS answers, word for word. */
    private final String awsMessage;

    AwsRefusedException(String what, String service, String errorCode, int httpStatus, String awsMessage) {
        super(what + " (AWS answers " + errorCode + ": " + awsMessage + ")");
        this.service = service;
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
        this.awsMessage = awsMessage;
    }

    /**
     * {@return the signing name of the service that refuses, such as {@code secretsmanager}, {@code kms} or {@code
     * iam}}
     */
    public String service() {
        return service;
    }

    /** {@return the error code AWS answers, such as {@code MalformedPolicyDocumentException}} */
    public String errorCode() {
        return errorCode;
    }

    /** {@return the HTTP status AWS answers with} */
    public int httpStatus() {
        return httpStatus;
    }

    /** {@return the message AWS answers, word for word} */
    public String awsMessage() {
        return awsMessage;
    }

    /** The error the emulator sends for it. */
    AwsError toAwsError() {
        return new AwsError(httpStatus, errorCode, awsMessage);
    }
}
