package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/** The policies that can only take away: service control policies, permissions boundaries and session policies. */
class GuardrailsTest {

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

    private String read(AccessKey key) {
        return sdk.secretsManager(key)
                .getSecretValue(r -> r.secretId(fx.secret.arn()))
                .secretString();
    }

    private String denied(String reason) {
        return "User: " + fx.sessionArn() + " is not authorized to perform: secretsmanager:GetSecretValue on resource: "
                + fx.secret.arn() + " " + reason;
    }

    @Test
    void scpWithExplicitDeny_deniesTheCallersAccount() {
        fx.app
                .organization("o-a1b2c3d4e5")
                .addServiceControlPolicy(Policies.allow("*", "*"))
                .addServiceControlPolicy(Policies.deny("*", "secretsmanager:GetSecretValue"));
        AccessKey session = fx.roleSession(sdk);

        assertAwsError(
                () -> read(session),
                400,
                "AccessDeniedException",
                denied("with an explicit deny in a service control policy"));
    }

    @Test
    void scpThatAllowsNothingForTheAction_deniesImplicitly() {
        fx.app.addServiceControlPolicy(Policies.allow("*", "sts:*"));
        AccessKey session = fx.roleSession(sdk);

        assertAwsError(
                () -> read(session),
                400,
                "AccessDeniedException",
                denied("because no service control policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void scpOfTheOwnerAccount_doesNotApplyToCallersFromAnotherAccount() {
        fx.owner.addServiceControlPolicy(Policies.deny("*", "*"));

        assertThat(read(fx.roleSession(sdk))).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void permissionsBoundaryWithoutTheAction_deniesImplicitly() {
        fx.role.permissionsBoundary(Policies.allow("*", "kms:*"));
        AccessKey session = fx.roleSession(sdk);

        assertAwsError(
                () -> read(session),
                400,
                "AccessDeniedException",
                denied("because no permissions boundary allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void permissionsBoundaryWithExplicitDeny_deniesExplicitly() {
        fx.role.permissionsBoundary(Policies.document(
                Policies.statement("Allow", null, "*", "*"),
                Policies.statement("Deny", null, "*", "secretsmanager:GetSecretValue")));
        AccessKey session = fx.roleSession(sdk);

        assertAwsError(
                () -> read(session),
                400,
                "AccessDeniedException",
                denied("with an explicit deny in a permissions boundary"));
    }

    @Test
    void permissionsBoundaryThatAllows_changesNothing() {
        fx.role.permissionsBoundary(Policies.allow("*", "secretsmanager:*", "kms:*"));

        assertThat(read(fx.roleSession(sdk))).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void sessionPolicyWithoutTheAction_deniesImplicitly() {
        AccessKey session = sdk.assumeRole(
                fx.deployerKey,
                AssumeRoleRequest.builder()
                        .roleArn(fx.role.arn())
                        .roleSessionName(CrossAccountFixture.SESSION)
                        .policy(Policies.allow("*", "kms:Decrypt"))
                        .build());

        assertAwsError(
                () -> read(session),
                400,
                "AccessDeniedException",
                denied("because no session policy allows the secretsmanager:GetSecretValue action"));
    }

    @Test
    void sessionPolicyWithoutKmsDecrypt_makesKmsDenyThroughSecretsManager() {
        AccessKey session = sdk.assumeRole(
                fx.deployerKey,
                AssumeRoleRequest.builder()
                        .roleArn(fx.role.arn())
                        .roleSessionName(CrossAccountFixture.SESSION)
                        .policy(Policies.allow("*", "secretsmanager:GetSecretValue"))
                        .build());

        assertAwsError(() -> read(session), 400, "AccessDeniedException", "Access to KMS is not allowed");
    }

    @Test
    void sessionPolicyThatAllowsBoth_readSucceeds() {
        AccessKey session = sdk.assumeRole(
                fx.deployerKey,
                AssumeRoleRequest.builder()
                        .roleArn(fx.role.arn())
                        .roleSessionName(CrossAccountFixture.SESSION)
                        .policy(Policies.allow("*", "secretsmanager:GetSecretValue", "kms:Decrypt"))
                        .build());

        assertThat(read(session)).isEqualTo(CrossAccountFixture.VALUE);
    }

    @Test
    void principalOrgIdCondition_inAResourcePolicy_matchesOnlyMembersOfTheOrganization() {
        fx.secret.resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}}]}");
        AccessKey session = fx.roleSession(sdk);

        assertAwsError(
                () -> read(session),
                400,
                "AccessDeniedException",
                denied("because no resource-based policy allows the secretsmanager:GetSecretValue action"));

        fx.app.organization("o-a1b2c3d4e5");
        assertThat(read(session)).isEqualTo(CrossAccountFixture.VALUE);
    }
}
