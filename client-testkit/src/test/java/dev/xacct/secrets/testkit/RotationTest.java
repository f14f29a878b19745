package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/** Rotation at runtime: versions and their staging labels, seen through every read operation. */
class RotationTest {

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
        fx.role.putPolicy("all", Policies.allow("*", "secretsmanager:*", "kms:Decrypt"));
        fx.secret.resourcePolicy(Policies.allowPrincipal(fx.role.arn(), "secretsmanager:*"));
        aws = emulator.emulator();
        sdk = new Sdk(aws);
        client = sdk.secretsManager(fx.roleSession(sdk));
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    @Test
    void rotate_movesCurrentToPrevious() {
        String firstVersion =
                client.getSecretValue(r -> r.secretId(fx.secret.arn())).versionId();

        String newVersion = fx.secret.rotate("rotated-value");

        var current = client.getSecretValue(r -> r.secretId(fx.secret.arn()));
        assertThat(current.secretString()).isEqualTo("rotated-value");
        assertThat(current.versionId()).isEqualTo(newVersion);
        var previous = client.getSecretValue(r -> r.secretId(fx.secret.arn()).versionStage("AWSPREVIOUS"));
        assertThat(previous.secretString()).isEqualTo(CrossAccountFixture.VALUE);
        assertThat(previous.versionId()).isEqualTo(firstVersion);
        assertThat(client.getSecretValue(r -> r.secretId(fx.secret.arn()).versionId(firstVersion))
                        .secretString())
                .isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void rotateTwice_theOldestVersionLosesItsLabel() {
        String first = client.getSecretValue(r -> r.secretId(fx.secret.arn())).versionId();
        String second = fx.secret.rotate("v2");
        String third = fx.secret.rotate("v3");

        Map<String, java.util.List<String>> stages =
                client.describeSecret(r -> r.secretId(fx.secret.arn())).versionIdsToStages();
        assertThat(stages).containsOnlyKeys(second, third);
        assertThat(stages.get(third)).containsExactly("AWSCURRENT");
        assertThat(stages.get(second)).containsExactly("AWSPREVIOUS");

        assertThat(client.listSecretVersionIds(r -> r.secretId(fx.secret.arn())).versions())
                .extracting(SecretVersionsListEntry::versionId)
                .containsExactly(second, third);
        assertThat(client.listSecretVersionIds(r -> r.secretId(fx.secret.arn()).includeDeprecated(true))
                        .versions())
                .extracting(SecretVersionsListEntry::versionId)
                .containsExactly(first, second, third);
    }

    @Test
    void pendingVersion_isReadableByStageOnly() {
        fx.secret.putVersion("pending-value", null, Set.of("AWSPENDING"));

        assertThat(client.getSecretValue(r -> r.secretId(fx.secret.arn())).secretString())
                .isEqualTo(CrossAccountFixture.VALUE);
        assertThat(client.getSecretValue(r -> r.secretId(fx.secret.arn()).versionStage("AWSPENDING"))
                        .secretString())
                .isEqualTo("pending-value");
    }

    @Test
    void missingStage_resourceNotFoundNamingTheLabel() {
        assertAwsError(
                () -> client.getSecretValue(r -> r.secretId(fx.secret.arn()).versionStage("AWSPREVIOUS")),
                400,
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS");
    }

    @Test
    void missingVersionId_resourceNotFoundNamingTheId() {
        String id = "00000000-0000-0000-0000-000000000000";

        assertAwsError(
                () -> client.getSecretValue(r -> r.secretId(fx.secret.arn()).versionId(id)),
                400,
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for VersionId: " + id);
    }

    @Test
    void versionIdAndStageThatDisagree_invalidRequest() {
        String first = client.getSecretValue(r -> r.secretId(fx.secret.arn())).versionId();
        fx.secret.rotate("v2");

        assertAwsError(
                () -> client.getSecretValue(
                        r -> r.secretId(fx.secret.arn()).versionId(first).versionStage("AWSCURRENT")),
                400,
                "InvalidRequestException",
                "You provided a VersionStage that is not associated to the provided VersionId.");
    }

    @Test
    void binarySecret_isReturnedAsBytes() {
        fx.secret.secretBinary(new byte[] {0, 1, 2, (byte) 0xff});

        var response = client.getSecretValue(r -> r.secretId(fx.secret.arn()));
        assertThat(response.secretString()).isNull();
        assertThat(response.secretBinary()).isEqualTo(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff}));
    }

    @Test
    void secretVersion_toStringHidesTheValue() {
        assertThat(fx.secret.versions().get(0).toString())
                .doesNotContain("s3cr3t")
                .contains("redacted");
    }
}
