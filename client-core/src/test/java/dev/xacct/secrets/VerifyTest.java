package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DemoWorld;
import dev.xacct.secrets.testkit.EmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/** verify() against the demo world: the caller, and each demo secret's documented code. */
class VerifyTest {

    private static final DemoWorld DEMO = DemoWorld.create();

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(DEMO.world());

    private static XacctSecretsClientBuilder demoClient(AwsEmulator aws) {
        return XacctSecretsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(DemoWorld.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DemoWorld.ACCESS_KEY_ID, DemoWorld.SECRET_ACCESS_KEY)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build());
    }

    private static List<SecretRef> demoSecrets() {
        return DEMO.secrets().stream().map(s -> SecretRef.parse(s.arn())).toList();
    }

    @Test
    void eachDemoSecret_getsItsDocumentedCode(AwsEmulator aws) {
        try (XacctSecretsClient client =
                demoClient(aws).roleArn(DemoWorld.ROLE_ARN).build()) {
            VerifyReport report = client.verify(demoSecrets());

            assertThat(report.caller())
                    .isEqualTo("arn:aws:sts::222222222222:assumed-role/ApplicationRole/"
                            + XacctSecretsClientBuilder.DEFAULT_SESSION_NAME);
            assertThat(report.callerWarning()).isNull();
            assertThat(report.results())
                    .extracting(r -> r.diagnosis().code().name())
                    .containsExactlyElementsOf(DEMO.secrets().stream()
                            .map(DemoWorld.DemoSecret::expectedCode)
                            .toList());
            assertThat(report.isOk()).isFalse();
        }
    }

    @Test
    void json_hasOneObjectWithTheContractsFields_andNoValues(AwsEmulator aws) throws Exception {
        try (XacctSecretsClient client =
                demoClient(aws).roleArn(DemoWorld.ROLE_ARN).build()) {
            String json = client.verify(demoSecrets()).toJson();
            JsonNode root = new ObjectMapper().readTree(json);

            assertThat(root.get("caller").asText()).contains("assumed-role/ApplicationRole");
            assertThat(root.get("results")).hasSize(7);
            JsonNode ok = root.get("results").get(0);
            assertThat(ok.get("code").asText()).isEqualTo("OK");
            assertThat(ok.get("fix").isNull()).isTrue();
            JsonNode keyPolicy = root.get("results").get(2);
            assertThat(keyPolicy.get("code").asText()).isEqualTo("KEY_POLICY");
            assertThat(keyPolicy.get("account").asText()).isEqualTo(DemoWorld.OWNER_ACCOUNT);
            assertThat(keyPolicy.get("policy").asText()).isEqualTo("KEY_POLICY");
            assertThat(keyPolicy.get("fix").get("statement").toString())
                    .contains(DemoWorld.ROLE_ARN)
                    .contains("kms:Decrypt");
            for (JsonNode result : root.get("results")) {
                assertThat(result.fieldNames())
                        .toIterable()
                        .contains("secret", "code", "account", "policy", "action", "summary", "fix", "requestId");
            }
            assertThat(json).doesNotContain("demo-password");
        }
    }

    @Test
    void text_namesTheCallerEverySecretAndEachFix(AwsEmulator aws) {
        try (XacctSecretsClient client =
                demoClient(aws).roleArn(DemoWorld.ROLE_ARN).build()) {
            String text = client.verify(demoSecrets()).toText();

            assertThat(text).startsWith("Caller: arn:aws:sts::222222222222:assumed-role/ApplicationRole/");
            DEMO.secrets().forEach(s -> assertThat(text).contains(s.arn()).contains(s.expectedCode()));
            assertThat(text).doesNotContain("demo-password");
        }
    }

    @Test
    void requireOk_throwsWithTheReport(AwsEmulator aws) {
        try (XacctSecretsClient client =
                demoClient(aws).roleArn(DemoWorld.ROLE_ARN).build()) {
            assertThatThrownBy(() -> client.verify(demoSecrets()).requireOk())
                    .isInstanceOf(VerificationException.class)
                    .hasMessageStartingWith("6 of 7 secrets cannot be read")
                    .hasMessageContaining("KEY_POLICY")
                    // The fix itself reaches a log that prints only the message.
                    .hasMessageContaining("Merge this statement into the key policy of")
                    .hasMessageNotContaining("\n");
            assertThat(client.verify(List.of(demoSecrets().get(0))).requireOk().isOk())
                    .isTrue();
        }
    }

    @Test
    void roleThatCannotBeAssumed_failsEverySecretWithAssumeRoleDenied(AwsEmulator aws) {
        try (XacctSecretsClient client =
                demoClient(aws).roleArn("arn:aws:iam::222222222222:role/Other").build()) {
            VerifyReport report = client.verify(demoSecrets());

            assertThat(report.caller()).isNull();
            assertThat(report.callerWarning()).contains("cannot find out who the caller is");
            assertThat(report.results())
                    .extracting(r -> r.diagnosis().code())
                    .containsOnly(DiagnosisCode.ASSUME_ROLE_DENIED);
        }
    }

    @Test
    void callerThatIsNotTheRole_isNamed(AwsEmulator aws) {
        try (XacctSecretsClient client = demoClient(aws).build()) {
            VerifyReport report = client.verify(List.of(demoSecrets().get(0)));

            assertThat(report.caller()).isEqualTo("arn:aws:iam::222222222222:user/demo");
            assertThat(report.callerWarning()).isNull();
            assertThat(report.results().get(0).diagnosis().code()).isNotEqualTo(DiagnosisCode.OK);
        }
    }
}
