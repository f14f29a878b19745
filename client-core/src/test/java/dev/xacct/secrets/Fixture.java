package dev.xacct.secrets;

import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.Account;
import dev.xacct.secrets.testkit.AwsEmulator;
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
 * The cross-account setup of the tests: Account1 owns secret {@code app/db} encrypted with a customer managed key;
 * the user {@code deployer} in Account2 assumes {@code ApplicationRole}, which all three policies allow.
 */
final class Fixture {

    static final String OWNER = "111111111111";
    static final String APP = "222222222222";
    static final String VALUE = "{\"username\":\"app\",\"password\":\"CANARY-s3cr3t-7f3a9\",\"port\":5432}";
    static final String CANARY = "CANARY-s3cr3t-7f3a9";

    final World world;
    final Account owner;
    final Account app;
    final IamUser deployer;
    final AccessKey deployerKey;
    final IamRole role;
    final KmsKey key;
    final Secret secret;

    Fixture(World world) {
        this.world = world;
        owner = world.account(OWNER);
        app = world.account(APP);
        deployer = app.createUser("deployer");
        deployerKey = deployer.createAccessKey();
        role = app.createRole("ApplicationRole").trustPolicy(Policies.trust(deployer.arn()));
        deployer.putPolicy("assume", Policies.allow(role.arn(), "sts:AssumeRole"));
        key = owner.createKey().allow(role.arn(), "kms:Decrypt", "kms:DescribeKey");
        secret = owner.createSecret("app/db").kmsKey(key).secretString(VALUE)
                .resourcePolicy(Policies.allowPrincipal(role.arn(), "secretsmanager:GetSecretValue",
                        "secretsmanager:DescribeSecret"));
        role.putPolicy("read", Policies.document(
                Policies.statement("Allow", null, "arn:aws:secretsmanager:*:" + OWNER + ":secret:*",
                        "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                Policies.statement("Allow", null, "arn:aws:kms:*:" + OWNER + ":key/*", "kms:Decrypt",
                        "kms:DescribeKey")));
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
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    }

    String sessionArn() {
        return "arn:aws:sts::" + APP + ":assumed-role/ApplicationRole/" + XacctSecretsClientBuilder.DEFAULT_SESSION_NAME;
    }
}
