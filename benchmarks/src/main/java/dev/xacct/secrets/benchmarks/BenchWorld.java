package dev.xacct.secrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.XacctSecretsClientBuilder;
import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.Account;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.IamUser;
import dev.xacct.secrets.testkit.KmsKey;
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
 * Account2 (all three policies in place), served by one emulator. Both libraries get SDK clients built the same way.
 */
final class BenchWorld implements AutoCloseable {

    static final String OWNER = "111111111111";
    static final String APP = "222222222222";
    static final String REGION = "us-east-1";

    final World world = World.create();
    final AwsEmulator aws;
    final AccessKey key;
    final List<String> arns = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    BenchWorld(int secrets) {
        Account owner = world.account(OWNER);
        IamUser reader = world.account(APP).createUser("reader")
                .putPolicy("read", Policies.allow("*", "secretsmanager:GetSecretValue",
                        "secretsmanager:DescribeSecret", "kms:Decrypt"));
        key = reader.createAccessKey();
        KmsKey kmsKey = owner.createKey().allow(reader.arn(), "kms:Decrypt");
        String resourcePolicy = Policies.allowPrincipal(reader.arn(), "secretsmanager:GetSecretValue",
                "secretsmanager:DescribeSecret");
        for (int i = 0; i < secrets; i++) {
            arns.add(owner.createSecret("bench/" + i).kmsKey(kmsKey)
                    .secretString("{\"username\":\"app\",\"password\":\"value-" + i + "\"}")
                    .resourcePolicy(resourcePolicy).arn());
        }
        aws = AwsEmulator.start(world);
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
        return track(new SecretCache(new SecretCacheConfiguration().withClient(client).withCacheItemTTL(ttlMillis)
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
