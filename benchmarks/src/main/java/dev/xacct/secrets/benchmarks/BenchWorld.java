package dev.xacct.secrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.World;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The world every benchmark reads: Account1 owns {@code n} secrets on a customer managed key, readable by a user of
 * Account2 (all three policies in place, built by the testkit's {@link CrossAccountScenario}), served by one emulator. Both libraries get SDK clients built the same way.
 */
final class BenchWorld implements AutoCloseable {

    static final String OWNER = "111111111111";
    static final String APP = "222222222222";
    static final String REGION = "us-east-1";

    final World world;
    final AwsEmulator aws;
    final AccessKey key;
    final List<String> arns = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    BenchWorld(int secrets) {
        // The documented setup for bench/0, read by a user of Account2 with its own access key (no role, no STS call).
        CrossAccountScenario scenario = CrossAccountScenario.builder()
                .appIdentity(CrossAccountScenario.AppIdentity.USER)
                .userName("reader")
                .secretName("bench/0")
                .secretString(value(0))
                .build();
        world = scenario.world();
        key = scenario.appCredentials();
        arns.add(scenario.secretArn());
        // The other secrets share the key and the resource policy (which names the reader on any resource), and one
        // identity statement covers them all: one policy per secret would make every request slower to authorize.
        String resourcePolicy = scenario.resourcePolicy().orElseThrow();
        for (int i = 1; i < secrets; i++) {
            arns.add(scenario.owner()
                    .createSecret("bench/" + i, REGION)
                    .kmsKey(scenario.key())
                    .secretString(value(i))
                    .resourcePolicy(resourcePolicy)
                    .arn());
        }
        String benchSecrets = "arn:aws:secretsmanager:" + REGION + ":" + OWNER + ":secret:bench/*";
        scenario.appUser()
                .orElseThrow()
                .putPolicy(
                        scenario.identityPolicyName(),
                        Policies.document(
                                Policies.statement(
                                        "Allow",
                                        null,
                                        benchSecrets,
                                        "secretsmanager:GetSecretValue",
                                        "secretsmanager:DescribeSecret"),
                                Policies.statement("Allow", null, scenario.keyArn(), "kms:Decrypt")));
        aws = AwsEmulator.start(world);
    }

    private static String value(int i) {
        return "{\"username\":\"app\",\"password\":\"value-" + i + "\"}";
    }

    List<SecretRef> refs() {
        return arns.stream().map(SecretRef::parse).toList();
    }

    /** Our client, without SDK retries (a benchmark counts calls). */
    XacctSecretsClientBuilder ours() {
        return XacctSecretsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    /** The peer, aws-secretsmanager-caching-java, with an SDK client built like ours, and no hook. */
    SecretCache peer(long ttlMillis) {
        SecretsManagerClient client = track(SecretsManagerClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
        return track(new SecretCache(new SecretCacheConfiguration()
                .withClient(client)
                .withCacheItemTTL(ttlMillis)
                .withMaxCacheSize(Math.max(1024, arns.size()))));
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a benchmark fixture: nothing to do
            }
        }
        aws.close();
    }
}
