package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Asserts an AWS error as the SDK saw it on the wire: HTTP status, error code and the whole message. */
final class AwsErrors {

    private AwsErrors() {}

    static void assertAwsError(ThrowingCallable call, int status, String code, String message) {
        assertThatThrownBy(call).isInstanceOf(AwsServiceException.class).satisfies(e -> {
            AwsServiceException aws = (AwsServiceException) e;
            assertThat(aws.statusCode()).as("HTTP status").isEqualTo(status);
            assertThat(aws.awsErrorDetails().errorCode()).as("error code").isEqualTo(code);
            assertThat(aws.awsErrorDetails().errorMessage()).as("message").isEqualTo(message);
        });
    }
}
