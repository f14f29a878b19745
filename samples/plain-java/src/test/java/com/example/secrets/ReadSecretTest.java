package com.example.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The application against the emulator: two accounts, the app assuming a role in its own to read the other's secret. */
class ReadSecretTest {

    private static final String PASSWORD = "scenario-password";

    @Test
    void readsTheSecret_withoutPrintingIt() {
        CrossAccountScenario scenario = CrossAccountScenario.builder().seed(1).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = run(scenario, out);

        assertThat(status).isZero();
        assertThat(text(out)).startsWith("Read " + scenario.secretArn() + ": ").doesNotContain(PASSWORD);
    }

    @Test
    void printsTheDiagnosis_whenTheSecretsResourcePolicyDoesNotAllowTheRole() {
        CrossAccountScenario scenario = CrossAccountScenario.builder()
                .seed(1)
                .breakages(Breakage.NO_RESOURCE_POLICY_STATEMENT)
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = run(scenario, out);

        assertThat(status).isEqualTo(1);
        assertThat(text(out))
                .contains("SECRET_RESOURCE_POLICY")
                .contains(scenario.secretArn())
                .contains("secretsmanager:GetSecretValue")
                .doesNotContain(PASSWORD);
    }

    private static int run(CrossAccountScenario scenario, ByteArrayOutputStream out) {
        try (AwsEmulator aws = AwsEmulator.start(scenario.world())) {
            AccessKey key = scenario.appCredentials();
            XacctSecretsClientBuilder builder = XacctSecretsClient.builder()
                    .endpointOverride(aws.endpoint())
                    .region(scenario.region())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                    .roleArn(scenario.roleArn());
            return ReadSecret.run(builder, scenario.secretArn(), new PrintStream(out, true, StandardCharsets.UTF_8));
        }
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }
}
