package dev.xacct.secrets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A world changed as a policy owner changes AWS: statements merged, identity policies put, commands run; each
 * refusing what AWS refuses. Reads go through the real SDK to show the change took effect.
 */
class OwnerActionTest {

    private static final String GET = "secretsmanager:GetSecretValue";

    private CrossAccountFixture fx;

    @RegisterExtension
    final EmulatorExtension emulator = EmulatorExtension.of(() -> {
        fx = new CrossAccountFixture(World.create());
        return fx.world;
    });

    private AwsEmulator aws;
    private Sdk sdk;
    private SecretsManagerClient app;

    @BeforeEach
    void start() {
        aws = emulator.emulator();
        sdk = new Sdk(aws);
        app = sdk.secretsManager(fx.roleSession(sdk));
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
    }

    private String read() {
        return app.getSecretValue(r -> r.secretId(fx.secret.arn())).secretString();
    }

    private String roleGrant(String... actions) {
        return Policies.statement("Allow", fx.role.arn(), "*", actions);
    }

    @Test
    void mergeIntoResourcePolicy_createsOrAppends_andAStatementAlreadyThereChangesNothing() {
        fx.secret.resourcePolicy(null);
        assertThatThrownBy(this::read).hasMessageContaining("no resource-based policy");

        assertThat(fx.world.apply(OwnerAction.mergeIntoResourcePolicy(fx.secret.arn(), roleGrant(GET))))
                .isTrue();
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);

        String denyDelete = Policies.statement("Deny", "*", "*", "secretsmanager:DeleteSecret");
        assertThat(fx.world.apply(OwnerAction.mergeIntoResourcePolicy(fx.secret.arn(), denyDelete)))
                .isTrue();
        String merged = fx.secret.resourcePolicy().orElseThrow();
        // The same statement again, with the action as a one-element list: already there.
        String sameAgain = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + fx.role.arn() + "\"]},"
                + "\"Action\":[\"" + GET + "\"],\"Resource\":\"*\"}";
        assertThat(fx.world.apply(OwnerAction.mergeIntoResourcePolicy(fx.secret.arn(), sameAgain)))
                .isFalse();
        assertThat(fx.secret.resourcePolicy()).contains(merged);
        assertThat(merged).contains("secretsmanager:DeleteSecret").contains(GET);
    }

    @Test
    void mergeIntoKeyPolicy_keepsTheOtherStatements() {
        fx.removeKeyPolicyStatement();
        assertThatThrownBy(this::read).hasMessageContaining("Access to KMS is not allowed");

        assertThat(fx.world.apply(OwnerAction.mergeIntoKeyPolicy(fx.key.arn(), roleGrant("kms:Decrypt"))))
                .isTrue();

        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
        assertThat(fx.key.keyPolicy()).contains("Enable IAM User Permissions");
        assertThat(fx.world.apply(OwnerAction.mergeIntoKeyPolicy(fx.key.arn(), roleGrant("kms:Decrypt"))))
                .isFalse();
    }

    @Test
    void mergeIntoTrustPolicy_letsAnotherPrincipalAssumeTheRole() {
        IamUser ops = fx.app.createUser("ops").putPolicy("assume", Policies.allow(fx.role.arn(), "sts:AssumeRole"));
        AccessKey opsKey = ops.createAccessKey();
        assertThatThrownBy(() -> sdk.assumeRole(opsKey, fx.role.arn(), "ops")).hasMessageContaining("sts:AssumeRole");

        String trustOps = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ops.arn() + "\"},"
                + "\"Action\":\"sts:AssumeRole\"}";
        assertThat(fx.world.apply(OwnerAction.mergeIntoTrustPolicy(fx.role.arn(), trustOps)))
                .isTrue();

        assertThat(sdk.assumeRole(opsKey, fx.role.arn(), "ops").sessionToken()).isNotNull();
        assertThat(fx.role.trustPolicy()).contains(fx.deployer.arn()).contains(ops.arn());
    }

    @Test
    void mergedStatementAwsWouldRefuse_isRefusedWithAwsError_andThePolicyIsUnchanged() {
        String before = fx.secret.resourcePolicy().orElseThrow();

        assertThatThrownBy(() -> fx.world.apply(OwnerAction.mergeIntoResourcePolicy(
                        fx.secret.arn(), Policies.statement("Allow", "arn:aws:iam::222222222222:role/Typo", "*", GET))))
                .isInstanceOfSatisfying(AwsRefusedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("MalformedPolicyDocumentException");
                    assertThat(e.awsMessage()).isEqualTo("This resource policy contains an unsupported principal.");
                });
        assertThat(fx.secret.resourcePolicy()).contains(before);
    }

    @Test
    void putIdentityPolicy_attachesOrReplaces_andAnIdenticalOneChangesNothing() {
        fx.role.putPolicy("read", fx.identityPolicy(false, true));
        assertThatThrownBy(this::read).hasMessageContaining("no identity-based policy");

        String grant = Policies.allow(fx.secret.arn(), GET);
        assertThat(fx.world.apply(OwnerAction.putIdentityPolicy(fx.role.arn(), "xacct-read-secret", grant)))
                .isTrue();
        assertThat(fx.world.apply(OwnerAction.putIdentityPolicy(fx.role.arn(), "xacct-read-secret", grant)))
                .isFalse();

        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
        assertThat(fx.role.policyNames()).containsExactly("read", "xacct-read-secret");
        assertThatThrownBy(() -> fx.world.apply(OwnerAction.putIdentityPolicy(
                        fx.role.arn(), "bad", Policies.allowPrincipal(fx.role.arn(), GET))))
                .isInstanceOfSatisfying(
                        AwsRefusedException.class,
                        e -> assertThat(e.awsMessage()).isEqualTo("Policy document should not specify a principal."));
    }

    @Test
    void enableKey_enablesADisabledKey_butNotOnePendingDeletion() {
        fx.key.disable();
        assertThat(fx.world.apply(OwnerAction.enableKey(fx.key.arn()))).isTrue();
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);

        fx.key.scheduleDeletion();
        // KMS: EnableKey on a key pending deletion is KMSInvalidStateException (KMS Developer Guide, "Key states").
        assertThatThrownBy(() -> fx.world.apply(OwnerAction.enableKey(fx.key.arn())))
                .isInstanceOfSatisfying(AwsRefusedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("KMSInvalidStateException");
                    assertThat(e.awsMessage()).isEqualTo(fx.key.arn() + " is pending deletion.");
                });
    }

    @Test
    void cancelKeyDeletion_leavesTheKeyDisabled_untilEnabled() {
        fx.key.scheduleDeletion();

        assertThat(fx.world.apply(OwnerAction.cancelKeyDeletion(fx.key.arn()))).isTrue();

        assertThat(fx.key.state()).isEqualTo(KmsKey.State.DISABLED);
        assertThatThrownBy(this::read).hasMessageContaining("is disabled.");
        fx.world.apply(OwnerAction.enableKey(fx.key.arn()));
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
        assertThatThrownBy(() -> fx.world.apply(OwnerAction.cancelKeyDeletion(fx.key.arn())))
                .isInstanceOfSatisfying(
                        AwsRefusedException.class,
                        e -> assertThat(e.awsMessage()).isEqualTo(fx.key.arn() + " is not pending deletion."));
    }

    @Test
    void restoreSecret_cancelsTheDeletion() {
        fx.secret.markForDeletion();
        assertThatThrownBy(this::read).hasMessageContaining("marked for deletion");

        assertThat(fx.world.apply(OwnerAction.restoreSecret(fx.secret.arn()))).isTrue();
        assertThat(fx.world.apply(OwnerAction.restoreSecret(fx.secret.arn()))).isFalse();
        assertThat(read()).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void updateSecretKmsKeyId_reencryptsOnlyTheStagedVersions() {
        String oldVersion = fx.secret.versions().get(0).versionId();
        fx.secret.rotate("second");
        fx.secret.rotate("third"); // the first version now has no staging label
        KmsKey newKey = fx.owner.createKey().allow(fx.role.arn(), "kms:Decrypt");
        fx.owner.createAlias("alias/app-db", newKey);
        fx.role.putPolicy("new-key", Policies.allow(newKey.arn(), "kms:Decrypt"));
        String aliasArn = "arn:aws:kms:us-east-1:" + CrossAccountFixture.OWNER + ":alias/app-db";

        assertThat(fx.world.apply(OwnerAction.updateSecretKmsKeyId(fx.secret.arn(), aliasArn)))
                .isTrue();
        fx.key.disable();

        assertThat(read()).isEqualTo("third");
        assertThat(app.getSecretValue(r -> r.secretId(fx.secret.arn()).versionStage("AWSPREVIOUS"))
                        .secretString())
                .isEqualTo("second");
        // The unlabelled version was not re-encrypted: it still needs the old key, now disabled.
        assertThatThrownBy(() ->
                        app.getSecretValue(r -> r.secretId(fx.secret.arn()).versionId(oldVersion)))
                .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DecryptionFailure"));
        assertThat(fx.secret.kmsKeyId()).contains(aliasArn);
    }

    @Test
    void updateSecretKmsKeyId_toAKeyThatDoesNotExist_isAnEncryptionFailure() {
        assertThatThrownBy(() -> fx.world.apply(OwnerAction.updateSecretKmsKeyId(fx.secret.arn(), "alias/nope")))
                .isInstanceOfSatisfying(AwsRefusedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("EncryptionFailure");
                    assertThat(e.awsMessage())
                            .startsWith("Secrets Manager can't encrypt the secret value: Key "
                                    + "'arn:aws:kms:us-east-1:111111111111:alias/nope' does not exist (Service: AWSKMS; "
                                    + "Status Code: 400; Error Code: NotFoundException;");
                });
    }

    @Test
    void targetThatDoesNotExist_isRefusedAsTheServiceWouldAnswer() {
        assertThatThrownBy(() -> fx.world.apply(OwnerAction.restoreSecret(fx.secret.partialArn() + "-AAAAAA")))
                .isInstanceOfSatisfying(
                        AwsRefusedException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException"));
        assertThatThrownBy(() -> fx.world.apply(OwnerAction.putIdentityPolicy(
                        "arn:aws:iam::222222222222:role/Nope", "p", Policies.allow("*", GET))))
                .isInstanceOfSatisfying(AwsRefusedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("NoSuchEntity");
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.awsMessage()).isEqualTo("The role with name Nope cannot be found.");
                });
    }

    @Test
    void actionsNameTheProblemWhenBuiltWrong() {
        assertThatThrownBy(() -> new OwnerAction.MergeStatement(PolicyKind.IDENTITY_POLICY, fx.role.arn(), "{}"))
                .hasMessageContaining("not into IDENTITY_POLICY");
        assertThatThrownBy(() ->
                        new OwnerAction.RunCommand(OwnerAction.Command.UPDATE_SECRET_KMS_KEY_ID, fx.secret.arn(), null))
                .hasMessageContaining("needs the key id");
    }
}
