package dev.xacct.secrets.spring;

import dev.xacct.secrets.testkit.Account;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.IamRole;
import dev.xacct.secrets.testkit.IamUser;
import dev.xacct.secrets.testkit.KmsKey;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.Secret;
import dev.xacct.secrets.testkit.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * One emulator for the whole test run, with the world every starter test uses: Account1 {@value #OWNER} owns the
 * secrets, on a customer managed key; {@value #ROLE_ARN} in Account2 reads them, assumed by a user whose access key
 * is in the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties (the SDK's default chain reads
 * them, as it would in production). One secret per way cross-account access breaks.
 *
 * <p>The secret values contain {@link #CANARY}: no log line, health detail or failure report may.
 */
final class TestAws {

    static final String OWNER = "111111111111";
    static final String APP = "222222222222";
    static final String REGION = "us-east-1";
    static final String ROLE_ARN = "arn:aws:iam::" + APP + ":role/ApplicationRole";
    static final String ACCESS_KEY_ID = "AKIASTARTERTEST00001";
    static final String SECRET_ACCESS_KEY = "starterTestSecretAccessKeyForEmulatorOnly";
    /** In every secret value, so that a test can tell that no value leaked. */
    static final String CANARY = "CANARY-6f1d2c";
    static final String PASSWORD_VALUE = "pw-" + CANARY;
    static final String CONFIG_VALUE = "{\"username\":\"app\",\"password\":\"json-" + CANARY + "\","
            + "\"pool\":{\"size\":5,\"timeouts\":{\"connect\":\"2s\"}},"
            + "\"hosts\":[\"db1.internal\",\"db2.internal\"],"
            + "\"replicas\":[{\"host\":\"r1.internal\",\"port\":5432},{\"host\":\"r2.internal\",\"port\":5433}],"
            + "\"comment\":null}";
    static final byte[] BINARY_VALUE = {(byte) 0xCA, (byte) 0xFE, 0x00, 0x01};
    /** A secret that does not exist (in Account1: the emulator, like AWS, denies before it looks). */
    static final String MISSING_ARN = "arn:aws:secretsmanager:" + REGION + ":" + OWNER + ":secret:app/missing-AbCdEf";

    private static final TestAws INSTANCE = new TestAws();

    final World world = World.create();
    final AwsEmulator emulator;
    final Secret password;
    final Secret config;
    final Secret binary;
    final Secret noResourcePolicy;
    final Secret noKeyPolicy;
    final Secret noIdentityPolicy;
    final Secret awsManagedKey;
    final Secret settingsInSecret;
    final KmsKey sharedKey;
    final KmsKey keyWithoutRole;
    private final Account owner;
    private final String readable;

    private TestAws() {
        owner = world.account(OWNER);
        Account app = world.account(APP);
        IamUser user = app.createUser("starter-test");
        user.createAccessKey(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        IamRole role = app.createRole("ApplicationRole").trustPolicy(Policies.trust(user.arn()));
        user.putPolicy("assume", Policies.allow(ROLE_ARN, "sts:AssumeRole"));

        sharedKey = owner.createKey(REGION).allow(ROLE_ARN, "kms:Decrypt", "kms:DescribeKey");
        keyWithoutRole = owner.createKey(REGION);
        readable = Policies.allowPrincipal(ROLE_ARN, "secretsmanager:GetSecretValue",
                "secretsmanager:DescribeSecret");

        password = secret(owner, "app/password", sharedKey, readable).secretString(PASSWORD_VALUE);
        config = secret(owner, "app/config", sharedKey, readable).secretString(CONFIG_VALUE);
        binary = secret(owner, "app/binary", sharedKey, readable).secretBinary(BINARY_VALUE);
        noResourcePolicy = secret(owner, "broken/no-resource-policy", sharedKey, null);
        noKeyPolicy = secret(owner, "broken/no-key-policy", keyWithoutRole, readable);
        noIdentityPolicy = secret(owner, "broken/no-identity-policy", sharedKey, readable);
        awsManagedKey = secret(owner, "broken/aws-managed-key", null, readable);
        settingsInSecret = secret(owner, "app/settings-in-secret", sharedKey, readable)
                .secretString("{\"xacct\":{\"secrets\":{\"session-name\":\"from-secret\"}}}");

        List<String> inIdentityPolicy = List.of(password.arn(), config.arn(), binary.arn(), noResourcePolicy.arn(),
                noKeyPolicy.arn(), awsManagedKey.arn(), settingsInSecret.arn(), MISSING_ARN,
                "arn:aws:secretsmanager:" + REGION + ":" + OWNER + ":secret:rotating/*");
        role.putPolicy("read-secrets", Policies.document(
                Policies.statement("Allow", null, inIdentityPolicy,
                        List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")),
                Policies.statement("Allow", null, List.of(sharedKey.arn(), keyWithoutRole.arn()),
                        List.of("kms:Decrypt", "kms:DescribeKey")),
                Policies.statement("Allow", null, ROLE_ARN, "iam:SimulatePrincipalPolicy")));

        emulator = AwsEmulator.start(world);
        System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
        // For @SpringBootTest properties, which are fixed at compile time: ${xacct.test.*} placeholders.
        System.setProperty("xacct.test.endpoint", emulator.endpoint().toString());
        System.setProperty("xacct.test.password-arn", password.arn());
        System.setProperty("xacct.test.config-arn", config.arn());
        System.setProperty("xacct.test.no-key-policy-arn", noKeyPolicy.arn());
    }

    private static Secret secret(Account owner, String name, KmsKey key, String resourcePolicy) {
        return owner.createSecret(name, REGION).kmsKey(key).secretString("{\"token\":\"" + name + "-" + CANARY + "\"}")
                .resourcePolicy(resourcePolicy);
    }

    /**
     * A new secret ApplicationRole may read, for a test that rotates it: {@code rotating/NAME}, on the shared key.
     *
     * @param value its first value
     */
    Secret rotatingSecret(String name, String value) {
        return owner.createSecret("rotating/" + name, REGION).kmsKey(sharedKey).resourcePolicy(readable)
                .secretString(value);
    }

    /** The emulator and its world, started on first use and left running until the JVM ends. */
    static TestAws get() {
        return INSTANCE;
    }

    /** The properties that point the starter at the emulator, as ApplicationRole. */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("xacct.secrets.endpoint", emulator.endpoint().toString());
        properties.put("xacct.secrets.region", REGION);
        properties.put("xacct.secrets.role-arn", ROLE_ARN);
        return properties;
    }

    /** The same, as {@code name=value} pairs for {@code ApplicationContextRunner.withPropertyValues}. */
    String[] propertyValues(String... more) {
        List<String> pairs = new ArrayList<>(properties().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        pairs.addAll(List.of(more));
        return pairs.toArray(String[]::new);
    }

    /** SDK settings for tests: no retries, so that a failure is reported at once. */
    static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build();
    }
}
