package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/** Each SigV4 failure, in the codes and HTTP statuses of each protocol (JSON services 400, STS 403). */
class SigV4VerificationTest {

    private static final String INVALID = "The security token included in the request is invalid";
    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
            + "details.";

    private static final String STAMP = "\\d{8}T\\d{6}Z";

    private final MutableClock clock = MutableClock.now();
    private CrossAccountFixture fx;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        fx = new CrossAccountFixture(World.create(clock));
        return fx.world;
    });

    private AwsEmulator aws;
    private Sdk sdk;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        sdk = new Sdk(aws);
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    private AccessKey unknownKey() {
        return new AccessKey("AKIAUNKNOWNUNKNOWN00", "x".repeat(40), null);
    }

    private AccessKey wrongSecret() {
        return new AccessKey(fx.deployerKey.accessKeyId(), "y".repeat(40), null);
    }

    @Test
    void validSignature_isAccepted() {
        assertThat(sdk.sts(fx.deployerKey).getCallerIdentity().arn()).isEqualTo(fx.deployer.arn());
    }

    @Test
    void unknownAccessKey_jsonService_unrecognizedClient400() {
        assertAwsError(
                () -> sdk.secretsManager(unknownKey()).getSecretValue(r -> r.secretId(fx.secret.arn())),
                400,
                "UnrecognizedClientException",
                INVALID + ".");
        assertAwsError(
                () -> sdk.kms(unknownKey()).describeKey(r -> r.keyId(fx.key.arn())),
                400,
                "UnrecognizedClientException",
                INVALID + ".");
    }

    @Test
    void unknownAccessKey_sts_invalidClientTokenId403() {
        assertAwsError(() -> sdk.sts(unknownKey()).getCallerIdentity(), 403, "InvalidClientTokenId", INVALID);
    }

    @Test
    void wrongSecretKey_jsonService_invalidSignature400() {
        assertAwsError(
                () -> sdk.secretsManager(wrongSecret()).getSecretValue(r -> r.secretId(fx.secret.arn())),
                400,
                "InvalidSignatureException",
                MISMATCH);
    }

    @Test
    void wrongSecretKey_sts_signatureDoesNotMatch403() {
        assertAwsError(() -> sdk.sts(wrongSecret()).getCallerIdentity(), 403, "SignatureDoesNotMatch", MISMATCH);
    }

    @Test
    void revokedAccessKey_isUnknown() {
        fx.deployer.deleteAccessKey(fx.deployerKey);

        assertAwsError(() -> sdk.sts(fx.deployerKey).getCallerIdentity(), 403, "InvalidClientTokenId", INVALID);
    }

    @Test
    void sessionTokenThatDoesNotMatch_isInvalid() {
        AccessKey session = fx.roleSession(sdk);
        AccessKey forged = new AccessKey(session.accessKeyId(), session.secretAccessKey(), "forged-token");

        assertAwsError(
                () -> sdk.secretsManager(forged).getSecretValue(r -> r.secretId(fx.secret.arn())),
                400,
                "UnrecognizedClientException",
                INVALID + ".");
    }

    @Test
    void expiredSessionToken_expiredToken400OnJson_403OnSts() {
        AccessKey session = sdk.assumeRole(
                fx.deployerKey,
                AssumeRoleRequest.builder()
                        .roleArn(fx.role.arn())
                        .roleSessionName("short")
                        .durationSeconds(900)
                        .build());
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertAwsError(
                () -> sdk.secretsManager(session).getSecretValue(r -> r.secretId(fx.secret.arn())),
                400,
                "ExpiredTokenException",
                "The security token included in the request is expired");
        assertAwsError(
                () -> sdk.sts(session).getCallerIdentity(),
                403,
                "ExpiredToken",
                "The security token included in the request is expired");
    }

    /**
     * The SDK corrects a JVM-wide clock offset from a response's {@code Date} after a skew error, so the header must
     * carry the real time: a world whose clock is off must not skew every later test's signatures.
     */
    @Test
    void responseDate_isTheRealTime_notTheWorlds() {
        clock.advance(Duration.ofMinutes(4));

        String date = sdk.sts(fx.deployerKey)
                .getCallerIdentity()
                .sdkHttpResponse()
                .firstMatchingHeader("Date")
                .orElseThrow();

        java.time.Instant sent = java.time.ZonedDateTime.parse(
                        date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        assertThat(Duration.between(sent, java.time.Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(Duration.between(sent, clock.instant()).abs()).isGreaterThan(Duration.ofMinutes(2));
    }

    @Test
    void signedMoreThanFiveMinutesAgo_signatureExpired_403OnSts() {
        clock.advance(Duration.ofMinutes(10));

        AwsServiceException error = catchThrowableOfType(
                AwsServiceException.class, () -> sdk.sts(fx.deployerKey).getCallerIdentity());

        assertThat(error.statusCode()).isEqualTo(403);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(error.awsErrorDetails().errorMessage())
                .matches("Signature expired: " + STAMP + " is now earlier than " + STAMP + " \\(" + STAMP
                        + " - 5 min\\.\\)");
    }

    @Test
    void signedMoreThanFiveMinutesAhead_signatureNotYetCurrent_400OnJson() {
        clock.advance(Duration.ofMinutes(-10));

        AwsServiceException error = catchThrowableOfType(
                AwsServiceException.class,
                () -> sdk.secretsManager(fx.deployerKey).getSecretValue(r -> r.secretId(fx.secret.arn())));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(error.awsErrorDetails().errorMessage())
                .matches("Signature not yet current: " + STAMP + " is still later than " + STAMP + " \\(" + STAMP
                        + " \\+ 5 min\\.\\)");
    }
}
