package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** {@code toBuilder()} gives a builder with every setting of the client, and changing it changes nothing else. */
class ToBuilderTest {

    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    @Test
    void toBuilder_copiesEverySetting() throws Exception {
        try (SdkHttpClient http = UrlConnectionHttpClient.create();
                SecretsManagerClient secretsManager = SecretsManagerClient.builder()
                        .region(Region.EU_WEST_1)
                        .credentialsProvider(AnonymousCredentialsProvider.create())
                        .httpClient(http)
                        .endpointOverride(NOWHERE)
                        .build();
                KmsClient kms = KmsClient.builder()
                        .region(Region.EU_WEST_1)
                        .credentialsProvider(AnonymousCredentialsProvider.create())
                        .httpClient(http)
                        .endpointOverride(NOWHERE)
                        .build()) {
            Executor executor = Runnable::run;
            XacctSecretsListener listener = new XacctSecretsListener() {};
            XacctSecretsClientBuilder original = XacctSecretsClient.builder()
                    .region("eu-west-1")
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                    .roleArn("arn:aws:iam::222222222222:role/ApplicationRole")
                    .externalId("ext-1")
                    .sessionName("copied")
                    .sessionDuration(Duration.ofHours(2))
                    .sessionRefreshBefore(Duration.ofMinutes(7))
                    .endpointOverride(NOWHERE)
                    .secretsManagerClient(secretsManager)
                    .kmsClient(kms)
                    .routeByArnRegion(false)
                    .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)))
                    .kmsKeyArn("arn:aws:kms:eu-west-1:111111111111:key/k")
                    .expectedOwnerAccount("111111111111")
                    .refreshAfter(Duration.ofMinutes(30))
                    .refreshJitter(0.2)
                    .maxStaleness(Duration.ofHours(3))
                    .serveStaleOnAccessError(true)
                    .failureBackoff(Duration.ofSeconds(2))
                    .maxBackoff(Duration.ofMinutes(3))
                    .maximumSize(50)
                    .preloadConcurrency(4)
                    .ticker(new ManualTicker())
                    .executor(executor)
                    .addListener(listener)
                    .apiCallTimeout(Duration.ofSeconds(12))
                    .apiCallAttemptTimeout(Duration.ofSeconds(4))
                    .diagnosticCallTimeout(Duration.ofSeconds(2))
                    .maxResponseBytes(512 * 1024)
                    .httpClient(http);
            original.defaultCredentials = AnonymousCredentialsProvider::create;
            XacctSecretsClientBuilder fresh = XacctSecretsClient.builder();
            List<Field> settings = settingFields();
            for (Field field : settings) {
                assertThat(field.get(original))
                        .as("%s is set by this test (a new setting must be added here)", field.getName())
                        .isNotEqualTo(field.get(fresh));
            }

            try (XacctSecretsClient client = original.build()) {
                XacctSecretsClientBuilder copy = client.toBuilder();
                for (Field field : settings) {
                    assertThat(field.get(copy)).as(field.getName()).isEqualTo(field.get(original));
                }
                copy.addListener(new XacctSecretsListener() {}).region("us-west-2");
                assertThat(client.toBuilder().listeners())
                        .as("the copy is the caller's alone")
                        .containsExactly(listener);
                try (XacctSecretsClient variant = copy.routeByArnRegion(true).build()) {
                    assertThat(variant.toString()).contains("us-west-2");
                    assertThat(client.toString()).contains("eu-west-1");
                }
            }
        }
    }

    /** Every instance field of the builder: each is a setting. */
    private static List<Field> settingFields() {
        List<Field> fields = new java.util.ArrayList<>();
        for (Field field : XacctSecretsClientBuilder.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                fields.add(field);
            }
        }
        assertThat(fields).hasSizeGreaterThan(25);
        return fields;
    }
}
