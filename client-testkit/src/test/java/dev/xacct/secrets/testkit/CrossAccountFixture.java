package dev.xacct.secrets.testkit;

/**
 * The reference cross-account setup of the older test classes, built by {@link CrossAccountScenario}: Account1 owns
 * secret S encrypted with key K; ApplicationRole in Account2 reads it, assumed by the user {@code deployer}. All
 * three policies are in place; tests take one away.
 */
final class CrossAccountFixture {

    static final String OWNER = CrossAccountScenario.OWNER_ACCOUNT;
    static final String APP = CrossAccountScenario.APP_ACCOUNT;
    static final String SESSION = "test";
    static final String VALUE = "{\"username\":\"app\",\"password\":\"s3cr3t-fixture\"}";

    final CrossAccountScenario scenario;
    final World world;
    final Account owner;
    final Account app;
    final IamRole role;
    final IamUser deployer;
    final AccessKey deployerKey;
    final KmsKey key;
    final Secret secret;

    CrossAccountFixture(World world) {
        scenario = CrossAccountScenario.builder()
                .world(world)
                .userName("deployer")
                .sessionName(SESSION)
                .identityPolicyName("read")
                .secretString(VALUE)
                .build();
        this.world = world;
        owner = scenario.owner();
        app = scenario.app();
        role = scenario.role().orElseThrow();
        deployer = scenario.appUser().orElseThrow();
        deployerKey = scenario.appCredentials();
        key = scenario.key();
        secret = scenario.secret();
    }

    /** 1) the secret's resource policy, Account1, as the scenario put it. */
    String resourcePolicy() {
        return scenario.resourcePolicy().orElseThrow();
    }

    /** 3) the identity policy of ApplicationRole, Account2, with either statement left out. */
    String identityPolicy(boolean secretStatement, boolean keyStatement) {
        if (secretStatement && keyStatement) {
            return Policies.document(
                    Policies.statement("Allow", null, secret.arn(), "secretsmanager:GetSecretValue"),
                    Policies.statement("Allow", null, key.arn(), "kms:Decrypt"));
        }
        return secretStatement
                ? Policies.allow(secret.arn(), "secretsmanager:GetSecretValue")
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
