package dev.xacct.secrets.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The happy path and caching against LocalStack, where a Docker engine runs (skipped cleanly elsewhere). LocalStack's
 * free edition does not enforce IAM, so access failures are tested against the in-process emulator instead.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIntegrationTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
                    DockerImageName.parse("localstack/localstack:3.8"))
            .withServices(
                    LocalStackContainer.Service.SECRETSMANAGER,
                    LocalStackContainer.Service.KMS,
                    LocalStackContainer.Service.STS);

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    }

    @Test
    void readsAndCachesASecret() {
        String arn;
        try (SecretsManagerClient admin = SecretsManagerClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(credentials())
                .build()) {
            arn = admin.createSecret(r -> r.name("app/db").secretString("{\"password\":\"pw\"}"))
                    .arn();
        }
        try (XacctSecretsClient client = XacctSecretsClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(LOCALSTACK.getRegion())
                .credentialsProvider(credentials())
                .build()) {
            SecretRef ref = SecretRef.parse(arn);

            assertThat(client.getField(ref, "password")).isEqualTo("pw");
            assertThat(client.get(ref)).isSameAs(client.get(ref));
            assertThat(client.verify(List.of(ref)).isOk()).isTrue();
        }
    }
}
