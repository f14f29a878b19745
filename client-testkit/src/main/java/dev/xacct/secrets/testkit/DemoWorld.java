package dev.xacct.secrets.testkit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The documented demo world: Account1 {@value #OWNER_ACCOUNT} owns one readable secret and one secret per way
 * cross-account access breaks; Account2 {@value #APP_ACCOUNT} has the role {@value #ROLE_NAME} and a user whose
 * documented access key may assume it. Region {@value #REGION}.
 *
 * <p>The secrets, and the diagnosis code a reader in Account2 should get for each:
 * <ul>
 *   <li>{@code demo/readable}: {@code OK};</li>
 *   <li>{@code demo/no-resource-policy}: the secret has no resource policy, {@code SECRET_RESOURCE_POLICY};</li>
 *   <li>{@code demo/no-key-policy}: the key policy does not name the role, {@code KEY_POLICY};</li>
 *   <li>{@code demo/no-identity-secret}: the role's identity policy lacks this secret, {@code IDENTITY_POLICY};</li>
 *   <li>{@code demo/no-identity-key}: the role's identity policy lacks the key, {@code IDENTITY_POLICY};</li>
 *   <li>{@code demo/aws-managed-key}: encrypted with {@code aws/secretsmanager}, {@code AWS_MANAGED_KEY};</li>
 *   <li>{@code demo/explicit-deny}: the resource policy denies the role, {@code EXPLICIT_DENY}.</li>
 * </ul>
 */
public final class DemoWorld {

    /** Account1, which owns the secrets and keys. */
    public static final String OWNER_ACCOUNT = "111111111111";
    /** Account2, where the application runs. */
    public static final String APP_ACCOUNT = "222222222222";
    /** The region of everything. */
    public static final String REGION = "us-east-1";
    /** The application role in Account2. */
    public static final String ROLE_NAME = "ApplicationRole";
    /** The ARN of the application role. */
    public static final String ROLE_ARN = "arn:aws:iam::" + APP_ACCOUNT + ":role/" + ROLE_NAME;
    /** The demo user in Account2, whose only right is to assume the role. */
    public static final String USER_NAME = "demo";
    /** The documented access key id of the demo user. */
    public static final String ACCESS_KEY_ID = "AKIAXACCTDEMOEXAMPLE";
    /** The documented secret access key of the demo user (it opens nothing but this emulator). */
    public static final String SECRET_ACCESS_KEY = "xacctDemoSecretAccessKeyForEmulatorOnly1";
    /** The seed of the demo world's identifiers, so its ARNs are the same on every run. */
    public static final long SEED = 20261127L;

    /**
     * A demo secret and the code {@code verify} gives for it.
     *
     * @param name the secret name
     * @param arn the full secret ARN
     * @param expectedCode the diagnosis code a reader in Account2 gets
     * @param problem what is wrong, in a few words
     */
    public record DemoSecret(String name, String arn, String expectedCode, String problem) {}

    private final World world;
    private final List<DemoSecret> secrets;
    private final Map<String, CrossAccountScenario> scenarios;

    private DemoWorld(World world, List<DemoSecret> secrets, Map<String, CrossAccountScenario> scenarios) {
        this.world = world;
        this.secrets = secrets;
        this.scenarios = scenarios;
    }

    /**
     * Builds the demo world on the system clock.
     *
     * @return a new demo world, the same ARNs on every call
     */
    public static DemoWorld create() {
        return create(Clock.systemUTC());
    }

    /**
     * Builds the demo world on {@code clock}: one {@link CrossAccountScenario} per demo secret, all in one world,
     * sharing the role, the user and three keys (one each for the cases where the key policy or the identity policy
     * must lack the key). The parts are made in a fixed order, so the seed gives the documented ARNs.
     *
     * @param clock the world's time, such as a {@link MutableClock} a test moves; not null
     * @return a new demo world
     */
    public static DemoWorld create(Clock clock) {
        World world = World.create(clock, SEED);
        Account owner = world.account(OWNER_ACCOUNT);
        Account app = world.account(APP_ACCOUNT);
        IamRole role = app.createRole(ROLE_NAME);
        IamUser user = app.createUser(USER_NAME);
        AccessKey demoKey = user.createAccessKey(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        role.trustPolicy(Policies.trust(user.arn())); // only the demo user, not every principal of Account2
        KmsKey sharedKey = owner.createKey(REGION);
        KmsKey keyWithoutRole = owner.createKey(REGION);
        KmsKey keyOutsideIdentityPolicy = owner.createKey(REGION);

        Map<String, CrossAccountScenario> scenarios = new LinkedHashMap<>();
        List<DemoSecret> secrets = new java.util.ArrayList<>();
        add(
                world,
                demoKey,
                scenarios,
                secrets,
                "demo/readable",
                "OK",
                "nothing: all three policies allow the role",
                sharedKey,
                null);
        add(
                world,
                demoKey,
                scenarios,
                secrets,
                "demo/no-resource-policy",
                "SECRET_RESOURCE_POLICY",
                "the secret has no resource policy",
                sharedKey,
                Breakage.NO_RESOURCE_POLICY_STATEMENT);
        add(
                world,
                demoKey,
                scenarios,
                secrets,
                "demo/no-key-policy",
                "KEY_POLICY",
                "the key policy does not allow the role kms:Decrypt",
                keyWithoutRole,
                Breakage.NO_KEY_POLICY_STATEMENT);
        add(
                world,
                demoKey,
                scenarios,
                secrets,
                "demo/no-identity-secret",
                "IDENTITY_POLICY",
                "the role's identity policy does not allow secretsmanager:GetSecretValue on it",
                sharedKey,
                Breakage.NO_IDENTITY_GRANT_FOR_SECRET);
        add(
                world,
                demoKey,
                scenarios,
                secrets,
                "demo/no-identity-key",
                "IDENTITY_POLICY",
                "the role's identity policy does not allow kms:Decrypt on its key",
                keyOutsideIdentityPolicy,
                Breakage.NO_IDENTITY_GRANT_FOR_KEY);
        add(
                world,
                demoKey,
                scenarios,
                secrets,
                "demo/aws-managed-key",
                "AWS_MANAGED_KEY",
                "it is encrypted with the AWS managed key aws/secretsmanager",
                sharedKey,
                Breakage.AWS_MANAGED_KEY);
        add(
                world,
                demoKey,
                scenarios,
                secrets,
                "demo/explicit-deny",
                "EXPLICIT_DENY",
                "its resource policy denies the role",
                sharedKey,
                Breakage.EXPLICIT_DENY_IN_RESOURCE_POLICY);
        Objects.requireNonNull(scenarios.get("demo/readable")).secret().description("A secret Account2 can read");
        return new DemoWorld(world, List.copyOf(secrets), java.util.Collections.unmodifiableMap(scenarios));
    }

    private static void add(
            World world,
            AccessKey demoKey,
            Map<String, CrossAccountScenario> scenarios,
            List<DemoSecret> secrets,
            String name,
            String code,
            String problem,
            KmsKey key,
            @Nullable Breakage breakage) {
        CrossAccountScenario.Builder builder = CrossAccountScenario.builder()
                .world(world)
                .ownerAccount(OWNER_ACCOUNT)
                .appAccount(APP_ACCOUNT)
                .region(REGION)
                .role("/", ROLE_NAME)
                .userName(USER_NAME)
                .appCredentials(demoKey)
                .key(key)
                .secretName(name)
                .secretString("{\"username\":\"app\",\"password\":\"demo-password-" + secrets.size() + "\"}")
                .allowSelfSimulation();
        if (breakage != null) {
            builder.breakages(breakage);
        }
        CrossAccountScenario scenario = builder.build();
        scenarios.put(name, scenario);
        secrets.add(new DemoSecret(name, scenario.secretArn(), code, problem));
    }

    /** {@return the world} */
    public World world() {
        return world;
    }

    /** {@return the demo secrets, in the order above} */
    public List<DemoSecret> secrets() {
        return secrets;
    }

    /**
     * {@return the scenario that built the demo secret with this name (its breakage, its key, its policies)}
     *
     * @param name a demo secret's name, such as {@code demo/no-key-policy}
     * @throws IllegalArgumentException if no demo secret has this name
     */
    public CrossAccountScenario scenario(String name) {
        CrossAccountScenario scenario = scenarios.get(name);
        if (scenario == null) {
            secret(name); // throws, naming the demo secrets
            throw new IllegalArgumentException("no demo secret named " + name);
        }
        return scenario;
    }

    /**
     * {@return the demo secret with this name}
     *
     * @param name a demo secret's name, such as {@code demo/readable}
     * @throws IllegalArgumentException if no demo secret has this name
     */
    public DemoSecret secret(String name) {
        return secrets.stream()
                .filter(secret -> secret.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no demo secret named " + name + "; the demo secrets are "
                                + secrets.stream().map(DemoSecret::name).toList()));
    }
}
