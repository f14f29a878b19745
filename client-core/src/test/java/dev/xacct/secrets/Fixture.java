package dev.xacct.secrets;

import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.Account;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.IamRole;
import dev.xacct.secrets.testkit.IamUser;
import dev.xacct.secrets.testkit.KmsKey;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.Secret;
import dev.xacct.secrets.testkit.World;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * The cross-account setup of the tests, built by the testkit's {@link CrossAccountScenario}: Account1 owns secret
 * {@code app/db} encrypted with a customer managed key; the user {@code deployer} in Account2 assumes
 * {@code ApplicationRole}, which all three policies allow. The role's identity policy {@code read} is widened to every
 * secret and key of Account1, so that tests may add secrets of their own.
 */
final class Fixture {

    static final String OWNER = CrossAccountScenario.OWNER_ACCOUNT;
    static final String APP = CrossAccountScenario.APP_ACCOUNT;
    static final String VALUE = "{\"username\":\"app\",\"password\":\"CANARY-s3cr3t-7f3a9\",\"port\":5432}";
    static final String CANARY = "CANARY-s3cr3t-7f3a9";
    /** The deployer's identity policy that lets it assume the role, as the scenario names it. */
    static final String ASSUME_POLICY = "assume-ApplicationRole";

    final World world;
    final CrossAccountScenario scenario;
    final Account owner;
    final Account app;
    final IamUser deployer;
    final AccessKey deployerKey;
    final IamRole role;
    final KmsKey key;
    final Secret secret;

    Fixture(World world) {
        this.world = world;
        scenario = CrossAccountScenario.builder()
                .world(world)
                .userName("deployer")
                .secretString(VALUE)
                .identityPolicyName("read")
                .build();
        owner = scenario.owner();
        app = scenario.app();
        deployer = scenario.appUser().orElseThrow();
        deployerKey = scenario.appCredentials();
        role = scenario.role().orElseThrow();
        key = scenario.key();
        secret = scenario.secret();
        role.putPolicy(
                "read",
                Policies.document(
                        Policies.statement(
                                "Allow",
                                null,
                                "arn:aws:secretsmanager:*:" + OWNER + ":secret:*",
                                "secretsmanager:GetSecretValue",
                                "secretsmanager:DescribeSecret"),
                        Policies.statement(
                                "Allow", null, "arn:aws:kms:*:" + OWNER + ":key/*", "kms:Decrypt", "kms:DescribeKey")));
    }

    SecretRef ref() {
        return SecretRef.parse(secret.arn());
    }

    /** A client of ApplicationRole (assumed by the deployer) against the emulator, without SDK retries. */
    XacctSecretsClientBuilder client(AwsEmulator aws) {
        return clientAs(aws, deployerKey).roleArn(role.arn());
    }

    /** A client with the given key's own identity, no role. */
    XacctSecretsClientBuilder clientAs(AwsEmulator aws, AccessKey key) {
        return XacctSecretsClient.builder()
                .endpointOverride(aws.endpoint())
                .region("us-east-1")
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build());
    }

    String sessionArn() {
        return "arn:aws:sts::" + APP + ":assumed-role/ApplicationRole/"
                + XacctSecretsClientBuilder.DEFAULT_SESSION_NAME;
    }
}
