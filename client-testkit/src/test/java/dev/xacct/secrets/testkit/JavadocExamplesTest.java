package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The code examples of the testkit's javadoc, as written there, so that an API change that breaks one fails the
 * build (javadoc on Java 17 has no compiled snippets).
 */
class JavadocExamplesTest {

    @Test
    void worldsExample_letsTheRoleOfAnotherAccountReadTheSecret() {
        // World's class javadoc.
        World world = World.create();
        Account owner = world.account("111111111111");
        Account app = world.account("222222222222");
        IamRole role = app.createRole("ApplicationRole");
        KmsKey key = owner.createKey().allow(role.arn(), "kms:Decrypt");
        Secret secret = owner.createSecret("app/db").kmsKey(key).secretString("{\"password\":\"pw\"}");
        secret.resourcePolicy(Policies.document(
                Policies.statement("Allow", role.arn(), secret.arn(), "secretsmanager:GetSecretValue")));
        role.putPolicy("read", Policies.allow(secret.arn(), "secretsmanager:GetSecretValue"));
        role.putPolicy("decrypt", Policies.allow(key.arn(), "kms:Decrypt"));

        try (AwsEmulator aws = AwsEmulator.start(world);
                Sdk sdk = new Sdk(aws)) {
            String value = sdk.secretsManager(role.startSession("example", null))
                    .getSecretValue(request -> request.secretId(secret.arn()))
                    .secretString();
            assertThat(value).isEqualTo("{\"password\":\"pw\"}");
        }
    }

    @Test
    void scenarioAndFaultsExamples_build() {
        // CrossAccountScenario's class javadoc.
        CrossAccountScenario scenario = CrossAccountScenario.builder()
                .seed(7)
                .breakages(Breakage.NO_KEY_POLICY_STATEMENT)
                .build();
        try (AwsEmulator aws = AwsEmulator.start(scenario.world())) {
            // Faults' class javadoc.
            AwsEmulator emulator = aws;
            emulator.faults().inject("GetSecretValue", Fault.throttling().times(2));
            emulator.faults().inject("*", Fault.latency(Duration.ofMillis(50)));
            assertThat(scenario.breakages()).containsExactly(Breakage.NO_KEY_POLICY_STATEMENT);
        }
    }
}
