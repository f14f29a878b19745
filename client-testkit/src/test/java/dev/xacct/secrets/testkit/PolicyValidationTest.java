package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policies are validated when stored, as AWS validates them, and their role and user principals are bound to unique
 * ids. Sources: IAM User Guide, "AWS JSON policy elements: Principal" (existence, no partial wildcards, unique-id
 * transformation); messages as cited in {@link PolicyValidator}.
 */
class PolicyValidationTest {

    private static final String GET = "secretsmanager:GetSecretValue";

    private CrossAccountFixture fx;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        fx = new CrossAccountFixture(World.create());
        return fx.world;
    });

    private AwsEmulator aws;
    private Sdk sdk;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        sdk = new Sdk(aws);
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    private static void assertRefused(ThrowingCallable change, String service, String code, String awsMessage) {
        assertThatThrownBy(change).isInstanceOfSatisfying(AwsRefusedException.class, e -> {
            assertThat(e.service()).isEqualTo(service);
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.awsMessage()).isEqualTo(awsMessage);
        });
    }

    @Test
    void resourcePolicy_namingARoleThatDoesNotExist_isRefusedAsSecretsManagerDoes() {
        String before = fx.secret.resourcePolicy().orElseThrow();

        assertRefused(
                () -> fx.secret.resourcePolicy(
                        Policies.allowPrincipal("arn:aws:iam::222222222222:role/NoSuchRole", GET)),
                "secretsmanager",
                "MalformedPolicyDocumentException",
                "This resource policy contains an unsupported principal.");
        assertThat(fx.secret.resourcePolicy()).contains(before);
    }

    @Test
    void roleArnWithoutItsPath_isAPrincipalThatDoesNotExist() {
        IamRole pathed = fx.app.createRole("/service/", "PathedRole");

        assertRefused(
                () -> fx.key.allow("arn:aws:iam::222222222222:role/PathedRole", "kms:Decrypt"),
                "kms",
                "MalformedPolicyDocumentException",
                "Policy contains a statement with one or more invalid principals.");
        fx.key.allow(pathed.arn(), "kms:Decrypt");
        assertThat(fx.key.keyPolicy()).contains("role/service/PathedRole");
    }

    @Test
    void trustPolicy_invalidPrincipal_namesThePrincipalAsIamDoes() {
        String missing = "arn:aws:iam::222222222222:user/ghost";

        assertRefused(
                () -> fx.role.trustPolicy(Policies.trust(missing)),
                "iam",
                "MalformedPolicyDocument",
                "Invalid principal in policy: \"AWS\":\"" + missing + "\"");
    }

    @Test
    void partialWildcardInAPrincipal_isRefused_butStarAloneIsAccepted() {
        assertRefused(
                () -> fx.secret.resourcePolicy(Policies.allowPrincipal("arn:aws:iam::222222222222:role/*", GET)),
                "secretsmanager",
                "MalformedPolicyDocumentException",
                "This resource policy contains an unsupported principal.");
        assertRefused(
                () -> fx.role.trustPolicy(Policies.trust("arn:aws:iam::*:root")),
                "iam",
                "MalformedPolicyDocument",
                "Invalid principal in policy: \"AWS\":\"arn:aws:iam::*:root\"");

        fx.secret.resourcePolicy(Policies.allowPrincipal("*", GET));
    }

    @Test
    void accountThatDoesNotExist_isAnInvalidPrincipal() {
        assertRefused(
                () -> fx.key.allow("333333333333", "kms:Decrypt"),
                "kms",
                "MalformedPolicyDocumentException",
                "Policy contains a statement with one or more invalid principals.");
        fx.world.account("333333333333");
        fx.key.allow("333333333333", "kms:Decrypt");
    }

    @Test
    void identityPolicy_withAPrincipal_orWithoutResource_isRefusedAsIamDoes() {
        assertRefused(
                () -> fx.role.putPolicy("p", Policies.allowPrincipal(fx.role.arn(), GET)),
                "iam",
                "MalformedPolicyDocument",
                "Policy document should not specify a principal.");
        assertRefused(
                () -> fx.role.putPolicy(
                        "p",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"," + "\"Action\":\"" + GET
                                + "\"}]}"),
                "iam",
                "MalformedPolicyDocument",
                "Policy statement must contain resources.");
        assertRefused(
                () -> fx.role.putPolicy(
                        "p",
                        Policies.document(
                                "{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}",
                                "{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}")),
                "iam",
                "MalformedPolicyDocument",
                "Statement IDs (SID) in a single policy must be unique.");
    }

    @Test
    void trustPolicy_withResource_orWithoutPrincipal_isRefusedAsIamDoes() {
        assertRefused(
                () -> fx.role.trustPolicy(Policies.allowPrincipal(fx.deployer.arn(), "sts:AssumeRole")),
                "iam",
                "MalformedPolicyDocument",
                "Has prohibited field Resource");
        assertRefused(
                () -> fx.role.trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"sts:AssumeRole\"}]}"),
                "iam",
                "MalformedPolicyDocument",
                "Missing required field Principal");
    }

    @Test
    void malformedJson_isASyntaxErrorInTheWordsOfEachService() {
        assertRefused(
                () -> fx.secret.resourcePolicy("{\"Statement\":[{\"Effect\":\"AllowSomething\"}]}"),
                "secretsmanager",
                "MalformedPolicyDocumentException",
                "This resource policy contains a syntax error.");
        assertRefused(
                () -> fx.role.putPolicy("p", "{not json"),
                "iam",
                "MalformedPolicyDocument",
                "Syntax errors in policy.");
        assertThatThrownBy(() -> fx.role.putPolicy("p", "{not json"))
                .hasMessageStartingWith("identity policy p is not a valid policy document: ");
    }

    @Test
    void roleDeletedAndRecreated_isNotThePrincipalThePoliciesNamed() {
        String oldId = fx.role.uniqueId();
        fx.app.deleteRole(fx.role);
        IamRole recreated = fx.app.createRole("ApplicationRole").trustPolicy(Policies.trust(fx.deployer.arn()));
        recreated.putPolicy("read", fx.identityPolicy(true, true));
        AccessKey session = fx.roleSession(sdk);

        // The new role has the old ARN, but not the old unique id that the resource policy was bound to.
        assertThat(recreated.arn()).isEqualTo(fx.role.arn());
        assertThat(recreated.uniqueId()).isNotEqualTo(oldId);
        assertAwsError(
                () -> sdk.secretsManager(session).getSecretValue(r -> r.secretId(fx.secret.arn())),
                400,
                "AccessDeniedException",
                "User: " + fx.sessionArn() + " is not authorized to perform: " + GET
                        + " on resource: " + fx.secret.arn()
                        + " because no resource-based policy allows the " + GET + " action");
        // As AWS shows it afterwards: the policy names the old role by its unique id.
        assertThat(fx.secret.resourcePolicy().orElseThrow()).contains(oldId).doesNotContain(fx.role.arn());
        assertThat(sdk.secretsManager(fx.owner
                                .createUser("admin")
                                .putPolicy("all", Policies.allow("*", "*"))
                                .createAccessKey())
                        .getResourcePolicy(r -> r.secretId(fx.secret.arn()))
                        .resourcePolicy())
                .contains("\"AWS\":\"" + oldId + "\"");

        // Naming the role again binds the policies to the new role (the key policy shows the old id too, and KMS
        // refuses it back: the owner must drop that statement).
        fx.secret.resourcePolicy(Policies.allowPrincipal(recreated.arn(), GET));
        fx.key.keyPolicy(Policies.withStatement(
                Policies.defaultKeyPolicy(CrossAccountFixture.OWNER),
                Policies.statement("Allow", recreated.arn(), "*", "kms:Decrypt")));
        assertThat(sdk.secretsManager(session)
                        .getSecretValue(r -> r.secretId(fx.secret.arn()))
                        .secretString())
                .isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void storedPolicyNamingADeletedRole_cannotBeStoredAgain() {
        fx.app.deleteRole(fx.role);
        String shown = fx.key.keyPolicy();

        // What GetKeyPolicy shows now names a unique id that no longer exists: KMS refuses it back, as AWS does.
        assertRefused(
                () -> fx.key.keyPolicy(shown),
                "kms",
                "MalformedPolicyDocumentException",
                "Policy contains a statement with one or more invalid principals.");
    }

    @Test
    void sessionsOfADeletedRole_haveNoPermissionsLeft() {
        AccessKey session = fx.roleSession(sdk);
        fx.app.deleteRole(fx.role);

        assertAwsError(
                () -> sdk.secretsManager(session).getSecretValue(r -> r.secretId(fx.secret.arn())),
                400,
                "AccessDeniedException",
                "User: " + fx.sessionArn() + " is not authorized to perform: " + GET
                        + " on resource: " + fx.secret.arn() + " because no identity-based policy allows the " + GET
                        + " action");
    }
}
