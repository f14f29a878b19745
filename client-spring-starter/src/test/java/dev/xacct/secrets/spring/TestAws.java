package dev.xacct.secrets.spring;

import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.KmsKey;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.Secret;
import dev.xacct.secrets.testkit.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * One emulator for the whole test run, with the world every starter test uses, built of the testkit's
 * {@link CrossAccountScenario}s: Account1 {@value #OWNER} owns the secrets, on a customer managed key; {@value #ROLE_ARN} in Account2 reads them, assumed by a user whose access key
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
    private final AccessKey userKey;

    private TestAws() {
        // The documented setup, one scenario per secret in one world: they share the accounts, the user assuming
        // ApplicationRole and (but for the key-policy breakage) one key; each adds its own identity policy.
        CrossAccountScenario first =
                scenario("app/password", null, builder -> builder.userAccessKey(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
        userKey = first.appCredentials();
        sharedKey = first.key();
        password = first.secret().secretString(PASSWORD_VALUE);
        config = secret("app/config").secretString(CONFIG_VALUE);
        binary = secret("app/binary").secretBinary(BINARY_VALUE);
        noResourcePolicy = secret("broken/no-resource-policy", Breakage.NO_RESOURCE_POLICY_STATEMENT);
        CrossAccountScenario keyBroken = scenario(
                "broken/no-key-policy", Breakage.NO_KEY_POLICY_STATEMENT, builder -> builder.appCredentials(userKey));
        noKeyPolicy = keyBroken.secret();
        keyWithoutRole = keyBroken.key();
        noIdentityPolicy = secret("broken/no-identity-policy", Breakage.NO_IDENTITY_GRANT_FOR_SECRET);
        awsManagedKey = secret("broken/aws-managed-key", Breakage.AWS_MANAGED_KEY);
        settingsInSecret = secret("app/settings-in-secret")
                .secretString("{\"xacct\":{\"secrets\":{\"session-name\":\"from-secret\"}}}");
        // Beyond the scenarios: the role may read a secret that does not exist (so that only the resource side
        // denies it), and simulate its own policies, as the diagnosis does.
        first.role()
                .orElseThrow()
                .putPolicy(
                        "read-missing-and-simulate",
                        Policies.document(
                                Policies.statement(
                                        "Allow",
                                        null,
                                        MISSING_ARN,
                                        "secretsmanager:GetSecretValue",
                                        "secretsmanager:DescribeSecret"),
                                Policies.statement("Allow", null, ROLE_ARN, "iam:SimulatePrincipalPolicy")));

        // One emulator for the JVM, not EmulatorExtension per class: Spring caches application contexts across test
        // classes, and @SpringBootTest reads the endpoint from system properties fixed once (below).
        emulator = AwsEmulator.start(world);
        System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
        // For @SpringBootTest properties, which are fixed at compile time: ${xacct.test.*} placeholders.
        System.setProperty("xacct.test.endpoint", emulator.endpoint().toString());
        System.setProperty("xacct.test.password-arn", password.arn());
        System.setProperty("xacct.test.config-arn", config.arn());
        System.setProperty("xacct.test.no-key-policy-arn", noKeyPolicy.arn());
    }

    private CrossAccountScenario scenario(
            String name, Breakage breakage, UnaryOperator<CrossAccountScenario.Builder> options) {
        CrossAccountScenario.Builder builder = CrossAccountScenario.builder()
                .world(world)
                .ownerAccount(OWNER)
                .appAccount(APP)
                .region(REGION)
                .userName("starter-test")
                .secretName(name)
                .secretString("{\"token\":\"" + name + "-" + CANARY + "\"}");
        if (breakage != null) {
            builder.breakages(breakage);
        }
        return options.apply(builder).build();
    }

    /** A secret of its own scenario, on the shared key, with at most one breakage. */
    private Secret secret(String name, Breakage... breakage) {
        return scenario(
                        name,
                        breakage.length == 0 ? null : breakage[0],
                        builder -> builder.key(sharedKey).appCredentials(userKey))
                .secret();
    }

    /**
     * A new secret ApplicationRole may read, for a test that rotates it: {@code rotating/NAME}, on the shared key.
     *
     * @param value its first value
     */
    Secret rotatingSecret(String name, String value) {
        return scenario(
                        "rotating/" + name,
                        null,
                        builder ->
                                builder.key(sharedKey).appCredentials(userKey).secretString(value))
                .secret();
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
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList());
        pairs.addAll(List.of(more));
        return pairs.toArray(String[]::new);
    }

    /** SDK settings for tests: no retries, so that a failure is reported at once. */
    static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build();
    }
}
