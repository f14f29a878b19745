package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;

/** Each injected fault, seen by the SDK, and recorded in the request log. */
class FaultInjectionTest {

    private CrossAccountFixture fx;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        fx = new CrossAccountFixture(World.create());
        return fx.world;
    });

    private AwsEmulator aws;
    private Sdk sdk;
    private SecretsManagerClient client;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        sdk = new Sdk(aws);
        client = sdk.secretsManager(fx.roleSession(sdk));
        aws.requestLog().clear();
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    private String read() {
        return client.getSecretValue(r -> r.secretId(fx.secret.arn())).secretString();
    }

    @Test
    void throttling_forTheNextTwoCalls_thenServedAgain() {
        aws.faults().inject("GetSecretValue", Fault.throttling().times(2));

        assertAwsError(this::read, 400, "ThrottlingException", "Rate exceeded");
        assertAwsError(this::read, 400, "ThrottlingException", "Rate exceeded");
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
        assertThat(aws.requestLog().entries())
                .extracting(LoggedRequest::errorCode)
                .containsExactly("ThrottlingException", "ThrottlingException", null);
    }

    @Test
    void throttling_onSts_usesTheQueryCode() {
        aws.faults().inject("GetCallerIdentity", Fault.throttling().times(1));

        assertAwsError(() -> sdk.sts(fx.deployerKey).getCallerIdentity(), 400, "Throttling", "Rate exceeded");
    }

    @Test
    void internalError_http500InternalServiceError() {
        aws.faults().inject("GetSecretValue", Fault.internalError().times(2));

        assertThatThrownBy(this::read).isInstanceOf(InternalServiceErrorException.class);
        assertAwsError(this::read, 500, "InternalServiceError", "An error occurred on the server side.");
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void internalError_onKms_isKmsInternalException() {
        aws.faults().inject("DescribeKey", Fault.internalError());

        assertAwsError(
                () -> sdk.kms(fx.roleSession(sdk)).describeKey(r -> r.keyId(fx.key.arn())),
                500,
                "KMSInternalException",
                "An internal error occurred.");
    }

    @Test
    void connectionReset_isAClientSideIoFailure() {
        aws.faults().inject("GetSecretValue", Fault.connectionReset().times(1));

        assertThatThrownBy(this::read).isInstanceOf(SdkClientException.class);
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
        assertThat(aws.requestLog().entries()).extracting(LoggedRequest::status).containsExactly(0, 200);
    }

    @Test
    void latency_delaysTheResponseWhichThenSucceeds() {
        aws.faults()
                .inject("GetSecretValue", Fault.latency(Duration.ofMillis(200)).times(1));

        long start = System.nanoTime();
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
        // Only a lower bound: the delay is there; how long the rest takes is not this test's business.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void fraction_failsAShareOfCalls_repeatablyWithASeed() {
        aws.faults().seed(42).inject("GetSecretValue", Fault.throttling().fraction(0.5));
        int first = failures(40);
        aws.faults().clear();
        aws.faults().seed(42).inject("GetSecretValue", Fault.throttling().fraction(0.5));
        int second = failures(40);

        assertThat(first).isBetween(8, 32).isEqualTo(second);
    }

    private int failures(int calls) {
        int failed = 0;
        for (int i = 0; i < calls; i++) {
            try {
                read();
            } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                failed++;
            }
        }
        return failed;
    }

    @Test
    void wildcardOperation_hitsEveryService() {
        aws.faults().inject(Faults.ANY_OPERATION, Fault.throttling().times(2));

        assertAwsError(this::read, 400, "ThrottlingException", "Rate exceeded");
        assertAwsError(() -> sdk.sts(fx.deployerKey).getCallerIdentity(), 400, "Throttling", "Rate exceeded");
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void faultForAnotherOperation_leavesThisOneAlone() {
        aws.faults().inject("DescribeSecret", Fault.internalError());

        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void requestLog_recordsOperationPrincipalAndSecret() {
        read();

        assertThat(aws.requestLog().count("GetSecretValue")).isEqualTo(1);
        assertThat(aws.requestLog().count("GetSecretValue", fx.secret.arn())).isEqualTo(1);
        LoggedRequest entry = aws.requestLog().entries().get(0);
        assertThat(entry.service()).isEqualTo("secretsmanager");
        assertThat(entry.principalArn()).isEqualTo(fx.sessionArn());
        assertThat(entry.region()).isEqualTo("us-east-1");
        assertThat(entry.succeeded()).isTrue();
        assertThat(entry.toString()).doesNotContain("s3cr3t");
    }
}
