package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The demo world served through the JUnit extension: each demo secret fails (or not) the way it says. */
class DemoWorldTest {

    private static final DemoWorld DEMO = DemoWorld.create();

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(DEMO.world());

    private String awsErrorOf(SecretsManagerClient client, String name) {
        try {
            client.getSecretValue(r -> r.secretId(DEMO.secret(name).arn()));
            return "OK";
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
    }

    @Test
    void eachDemoSecret_failsTheWayItsExpectedCodeSays(AwsEmulator aws) throws Exception {
        try (Sdk sdk = new Sdk(aws)) {
            AccessKey user = new AccessKey(DemoWorld.ACCESS_KEY_ID, DemoWorld.SECRET_ACCESS_KEY, null);
            SecretsManagerClient client = sdk.secretsManager(sdk.assumeRole(user, DemoWorld.ROLE_ARN, "demo"));

            assertThat(awsErrorOf(client, "demo/readable")).isEqualTo("OK");
            assertThat(awsErrorOf(client, "demo/no-resource-policy"))
                    .endsWith("because no resource-based policy allows the secretsmanager:GetSecretValue action");
            assertThat(awsErrorOf(client, "demo/no-key-policy"))
                    .isEqualTo("AccessDeniedException: Access to KMS is not allowed");
            assertThat(awsErrorOf(client, "demo/no-identity-secret"))
                    .endsWith("because no identity-based policy allows the secretsmanager:GetSecretValue action");
            assertThat(awsErrorOf(client, "demo/no-identity-key"))
                    .isEqualTo("AccessDeniedException: Access to KMS is not allowed");
            assertThat(awsErrorOf(client, "demo/aws-managed-key"))
                    .startsWith("InvalidRequestException: You can't " + "access a secret from a different AWS account");
            assertThat(awsErrorOf(client, "demo/explicit-deny"))
                    .endsWith("with an explicit deny in a resource-based policy");
        }
    }

    @Test
    void directKmsProbe_tellsTheKeyPolicyFromTheIdentityPolicy(AwsEmulator aws) throws Exception {
        try (Sdk sdk = new Sdk(aws)) {
            AccessKey user = new AccessKey(DemoWorld.ACCESS_KEY_ID, DemoWorld.SECRET_ACCESS_KEY, null);
            AccessKey session = sdk.assumeRole(user, DemoWorld.ROLE_ARN, "demo");
            var kms = sdk.kms(session);
            var sm = sdk.secretsManager(session);

            String keyPolicyCase = sm.describeSecret(
                            r -> r.secretId(DEMO.secret("demo/no-key-policy").arn()))
                    .kmsKeyId();
            String identityCase = sm.describeSecret(
                            r -> r.secretId(DEMO.secret("demo/no-identity-key").arn()))
                    .kmsKeyId();

            assertThat(probe(kms, keyPolicyCase)).contains("because no resource-based policy allows");
            assertThat(probe(kms, identityCase)).contains("because no identity-based policy allows");
        }
    }

    private static String probe(software.amazon.awssdk.services.kms.KmsClient kms, String keyArn) {
        try {
            kms.decrypt(r -> r.keyId(keyArn).ciphertextBlob(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x")));
            return "decrypted";
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorMessage();
        }
    }

    @Test
    void demoWorld_isTheSameOnEveryRun() {
        assertThat(DemoWorld.create().secrets()).isEqualTo(DEMO.secrets());
        assertThat(DEMO.secrets())
                .hasSize(7)
                .extracting(DemoWorld.DemoSecret::expectedCode)
                .containsExactly(
                        "OK",
                        "SECRET_RESOURCE_POLICY",
                        "KEY_POLICY",
                        "IDENTITY_POLICY",
                        "IDENTITY_POLICY",
                        "AWS_MANAGED_KEY",
                        "EXPLICIT_DENY");
    }

    @Test
    void demoWorld_hasTheArnsTheCliReadmeDocuments() {
        assertThat(DEMO.secrets())
                .extracting(DemoWorld.DemoSecret::arn)
                .containsExactly(
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/readable-jRCbJ9",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/no-resource-policy-GXZpWv",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/no-key-policy-Y9Rsbu",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/no-identity-secret-kZS2f0",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/no-identity-key-UNz1Pz",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/aws-managed-key-zzN4Xk",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/explicit-deny-ZI6I7b");
        assertThat(DEMO.scenario("demo/no-key-policy").keyArn())
                .isEqualTo("arn:aws:kms:us-east-1:111111111111:key/709f8fe5-c381-3440-4031-4dfd6ea718bf");
        assertThat(DEMO.scenario("demo/no-identity-key").keyArn())
                .isEqualTo("arn:aws:kms:us-east-1:111111111111:key/b80ab80d-7936-880c-f343-9c3205a509b9");
        assertThat(DEMO.scenario("demo/explicit-deny").breakages())
                .containsExactly(Breakage.EXPLICIT_DENY_IN_RESOURCE_POLICY);
    }

    @Test
    void unknownDemoSecret_namesTheOnesThatExist() {
        assertThatThrownBy(() -> DEMO.secret("demo/nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo/nope")
                .hasMessageContaining("demo/readable");
    }

    @Test
    void extension_clearsTheRequestLogBeforeEachTest(AwsEmulator aws) {
        assertThat(aws.requestLog().entries()).isEmpty();
        assertThat(AWS.emulator()).isSameAs(aws);
    }

    @Test
    void banner_printsTheEnvironmentAndEachSecretWithItsCode(AwsEmulator aws) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EmulatorMain.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8), aws, DEMO);
        String banner = bytes.toString(StandardCharsets.UTF_8);

        assertThat(banner)
                .contains("export AWS_ENDPOINT_URL=" + aws.endpoint())
                .contains("export AWS_ACCESS_KEY_ID=" + DemoWorld.ACCESS_KEY_ID)
                .contains("export AWS_REGION=us-east-1");
        DEMO.secrets().forEach(s -> assertThat(banner).contains(s.arn()).contains(s.expectedCode()));
    }

    @Test
    void mainArguments_badPortIsNamed() {
        assertThat(EmulatorMain.parsePort(new String[] {"--port", "4567"})).isEqualTo(4567);
        assertThat(EmulatorMain.parsePort(new String[0])).isEqualTo(EmulatorMain.DEFAULT_PORT);
        assertThatThrownBy(() -> EmulatorMain.parsePort(new String[] {"--port", "http"}))
                .hasMessage("--port must be a number from 0 to 65535, was 'http'");
        assertThatThrownBy(() -> EmulatorMain.parsePort(new String[] {"--port"}))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> EmulatorMain.parsePort(new String[] {"--verbose"}))
                .hasMessage("unknown argument '--verbose'");
    }
}
