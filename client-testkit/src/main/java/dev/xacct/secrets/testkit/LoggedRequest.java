package dev.xacct.secrets.testkit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One request the emulator received, as recorded in its {@link RequestLog}. Never holds a secret value.
 *
 * @param time when it arrived, on the world's clock
 * @param service {@code secretsmanager}, {@code kms}, {@code sts} or {@code iam}
 * @param operation the operation, such as {@code GetSecretValue}
 * @param principalArn the caller (user or assumed-role session ARN), or {@code null} if authentication failed
 * @param region the region the request was signed for, or {@code null} if it was not signed
 * @param secretId the {@code SecretId} the request named, or {@code null}
 * @param status the HTTP status of the response ({@code 0} for a connection reset by a fault)
 * @param errorCode the error code of the response, or {@code null} on success
 */
public record LoggedRequest(
        Instant time,
        String service,
        String operation,
        @Nullable String principalArn,
        @Nullable String region,
        @Nullable String secretId,
        int status,
        @Nullable String errorCode) {

    /** {@return whether the response was a success} */
    public boolean succeeded() {
        return status == 200;
    }
}
