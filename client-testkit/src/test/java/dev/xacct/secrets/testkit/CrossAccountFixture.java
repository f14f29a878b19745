package dev.xacct.secrets.testkit;

/**
 * The reference cross-account setup: Account1 owns secret S encrypted with key K; ApplicationRole in Account2
 * reads it. All three policies are in place; tests take one away.
 */
final class CrossAccountFixture {

    static final String OWNER = "111111111111";
    static final String APP = "222222222222";
    static final String SESSION = "test";
    static final String VALUE = "{\"username\":\"app\",\"password\":\"s3cr3t-fixture\"}";

    final World world;
    final Account owner;
    final Account app;
    final IamRole role;
    final IamUser deployer;
    final AccessKey deployerKey;
    final KmsKey key;
    final Secret secret;

    CrossAccountFixture(World world) {
        this.world = world;
        owner = world.account(OWNER);
        app = world.account(APP);
        deployer = app.createUser("deployer");
        deployerKey = deployer.createAccessKey();
        role = app.createRole("ApplicationRole").trustPolicy(Policies.trust(deployer.arn()));
        deployer.putPolicy("assume", Policies.allow(role.arn(), "sts:AssumeRole"));
        key = owner.createKey().allow(role.arn(), "kms:Decrypt", "kms:DescribeKey");
        secret = owner.createSecret("app/db").kmsKey(key).secretString(VALUE)
                .resourcePolicy(resourcePolicy());
        role.putPolicy("read", identityPolicy(true, true));
    }

    /** 1) the secret's resource policy, Account1. */
    String resourcePolicy() {
        return Policies.allowPrincipal(role.arn(), "secretsmanager:GetSecretValue");
    }

    /** 3) the identity policy of ApplicationRole, Account2, with either statement left out. */
    String identityPolicy(boolean secretStatement, boolean keyStatement) {
        if (secretStatement && keyStatement) {
            return Policies.document(
                    Policies.statement("Allow", null, secret.arn(), "secretsmanager:GetSecretValue"),
                    Policies.statement("Allow", null, key.arn(), "kms:Decrypt"));
        }
        return secretStatement ? Policies.allow(secret.arn(), "secretsmanager:GetSecretValue")
                : Policies.allow(key.arn(), "kms:Decrypt");
    }

    /** 2) the key policy without the statement for the role: only the default delegation to Account1. */
    void removeKeyPolicyStatement() {
        key.keyPolicy(Policies.defaultKeyPolicy(OWNER));
    }

    String sessionArn() {
        return "arn:aws:sts::" + APP + ":assumed-role/ApplicationRole/" + SESSION;
    }

    AccessKey roleSession(Sdk sdk) {
        return sdk.assumeRole(deployerKey, role.arn(), SESSION);
    }
}
