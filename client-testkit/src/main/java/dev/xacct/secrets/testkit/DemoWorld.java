package dev.xacct.secrets.testkit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public record DemoSecret(String name, String arn, String expectedCode, String problem) {
    }

    private final World world;
    private final List<DemoSecret> secrets;

    private DemoWorld(World world, List<DemoSecret> secrets) {
        this.world = world;
        this.secrets = secrets;
    }

    /** Builds the demo world on the system clock. */
    public static DemoWorld create() {
        return create(Clock.systemUTC());
    }

    /** Builds the demo world on {@code clock}. */
    public static DemoWorld create(Clock clock) {
        World world = World.create(clock, SEED);
        Account owner = world.account(OWNER_ACCOUNT);
        Account app = world.account(APP_ACCOUNT);
        IamRole role = app.createRole(ROLE_NAME);
        IamUser user = app.createUser(USER_NAME);
        user.createAccessKey(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        user.putPolicy("assume-application-role", Policies.allow(ROLE_ARN, "sts:AssumeRole"));
        role.trustPolicy(Policies.trust(user.arn()));

        KmsKey sharedKey = owner.createKey(REGION).allow(ROLE_ARN, "kms:Decrypt", "kms:DescribeKey");
        KmsKey keyWithoutRole = owner.createKey(REGION);
        KmsKey keyOutsideIdentityPolicy = owner.createKey(REGION).allow(ROLE_ARN, "kms:Decrypt", "kms:DescribeKey");
        String readPolicy = Policies.allowPrincipal(ROLE_ARN, "secretsmanager:GetSecretValue",
                "secretsmanager:DescribeSecret");

        Map<String, DemoSecret> secrets = new LinkedHashMap<>();
        Secret readable = add(secrets, owner, "demo/readable", "OK", "nothing: all three policies allow the role",
                sharedKey, readPolicy);
        add(secrets, owner, "demo/no-resource-policy", "SECRET_RESOURCE_POLICY",
                "the secret has no resource policy", sharedKey, null);
        add(secrets, owner, "demo/no-key-policy", "KEY_POLICY",
                "the key policy does not allow the role kms:Decrypt", keyWithoutRole, readPolicy);
        Secret notInIdentity = add(secrets, owner, "demo/no-identity-secret", "IDENTITY_POLICY",
                "the role's identity policy does not allow secretsmanager:GetSecretValue on it", sharedKey,
                readPolicy);
        add(secrets, owner, "demo/no-identity-key", "IDENTITY_POLICY",
                "the role's identity policy does not allow kms:Decrypt on its key", keyOutsideIdentityPolicy,
                readPolicy);
        add(secrets, owner, "demo/aws-managed-key", "AWS_MANAGED_KEY",
                "it is encrypted with the AWS managed key aws/secretsmanager", null, readPolicy);
        add(secrets, owner, "demo/explicit-deny", "EXPLICIT_DENY",
                "its resource policy denies the role", sharedKey, Policies.document(
                        Policies.statement("Allow", ROLE_ARN, "*", "secretsmanager:GetSecretValue",
                                "secretsmanager:DescribeSecret"),
                        Policies.statement("Deny", ROLE_ARN, "*", "secretsmanager:GetSecretValue")));

        List<String> readableArns = secrets.values().stream()
                .map(DemoSecret::arn)
                .filter(arn -> !arn.equals(notInIdentity.arn()))
                .toList();
        role.putPolicy("read-demo-secrets", Policies.document(
                Policies.statement("Allow", null, readableArns,
                        List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")),
                Policies.statement("Allow", null, List.of(sharedKey.arn(), keyWithoutRole.arn()),
                        List.of("kms:Decrypt", "kms:DescribeKey")),
                Policies.statement("Allow", null, ROLE_ARN, "iam:SimulatePrincipalPolicy")));
        readable.description("A secret Account2 can read");
        return new DemoWorld(world, List.copyOf(secrets.values()));
    }

    private static Secret add(Map<String, DemoSecret> secrets, Account owner, String name, String code,
            String problem, KmsKey key, String resourcePolicy) {
        Secret secret = owner.createSecret(name, REGION)
                .kmsKey(key)
                .secretString("{\"username\":\"app\",\"password\":\"demo-password-" + secrets.size() + "\"}")
                .resourcePolicy(resourcePolicy);
        secrets.put(name, new DemoSecret(name, secret.arn(), code, problem));
        return secret;
    }

    /** The world. */
    public World world() {
        return world;
    }

    /** The demo secrets, in the order above. */
    public List<DemoSecret> secrets() {
        return secrets;
    }

    /** The demo secret with this name. */
    public DemoSecret secret(String name) {
        return secrets.stream()
                .filter(secret -> secret.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo secret named " + name
                        + "; the demo secrets are " + secrets.stream().map(DemoSecret::name).toList()));
    }
}
