package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

/** IAM SimulatePrincipalPolicy: the role's identity policies and boundary, for an operator in the same account. */
class IamSimulationTest {

    private CrossAccountFixture fx;
    private AwsEmulator aws;
    private Sdk sdk;
    private IamClient iam;

    @BeforeEach
    void start() {
        fx = new CrossAccountFixture(World.create());
        aws = AwsEmulator.start(fx.world);
        sdk = new Sdk(aws);
        IamUser operator = fx.app.createUser("operator")
                .putPolicy("simulate", Policies.allow("*", "iam:SimulatePrincipalPolicy"));
        iam = sdk.iam(operator.createAccessKey());
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
        aws.close();
    }

    private PolicyEvaluationDecisionType simulate(String action, String resource) {
        List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(fx.role.arn())
                .actionNames(action).resourceArns(resource)).evaluationResults();
        assertThat(results).hasSize(1);
        assertThat(results.get(0).evalActionName()).isEqualTo(action);
        assertThat(results.get(0).evalResourceName()).isEqualTo(resource);
        return results.get(0).evalDecision();
    }

    @Test
    void identityPolicyAllowingTheKey_allowed() {
        assertThat(simulate("kms:Decrypt", fx.key.arn())).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
    }

    @Test
    void identityPolicyWithoutTheKey_implicitDeny() {
        fx.role.putPolicy("read", fx.identityPolicy(true, false));

        assertThat(simulate("kms:Decrypt", fx.key.arn())).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
    }

    @Test
    void explicitDenyInTheIdentityPolicy_explicitDeny() {
        fx.role.putPolicy("deny", Policies.deny(fx.key.arn(), "kms:*"));

        assertThat(simulate("kms:Decrypt", fx.key.arn())).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
    }

    @Test
    void permissionsBoundary_isPartOfTheSimulation() {
        fx.role.permissionsBoundary(Policies.allow("*", "secretsmanager:*"));

        assertThat(simulate("kms:Decrypt", fx.key.arn())).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(simulate("secretsmanager:GetSecretValue", fx.secret.arn()))
                .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
    }

    @Test
    void severalActionsAndResources_oneResultEach() {
        List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(fx.role.arn())
                .actionNames("kms:Decrypt", "secretsmanager:GetSecretValue")
                .resourceArns(fx.key.arn(), fx.secret.arn())).evaluationResults();

        assertThat(results).extracting(EvaluationResult::evalDecision).containsExactly(
                PolicyEvaluationDecisionType.ALLOWED, PolicyEvaluationDecisionType.IMPLICIT_DENY,
                PolicyEvaluationDecisionType.IMPLICIT_DENY, PolicyEvaluationDecisionType.ALLOWED);
    }

    @Test
    void callerWithoutPermission_accessDenied403() throws Exception {
        IamClient unprivileged = sdk.iam(fx.deployerKey);

        assertAwsError(() -> unprivileged.simulatePrincipalPolicy(r -> r.policySourceArn(fx.role.arn())
                        .actionNames("kms:Decrypt")), 403, "AccessDenied",
                "User: " + fx.deployer.arn() + " is not authorized to perform: iam:SimulatePrincipalPolicy on "
                        + "resource: " + fx.role.arn() + " because no identity-based policy allows the "
                        + "iam:SimulatePrincipalPolicy action");
    }

    @Test
    void principalOfAnotherAccount_accessDenied() throws Exception {
        IamUser outsider = fx.owner.createUser("outsider").putPolicy("all", Policies.allow("*", "iam:*"));

        assertAwsError(() -> sdk.iam(outsider.createAccessKey()).simulatePrincipalPolicy(r -> r
                        .policySourceArn(fx.role.arn()).actionNames("kms:Decrypt")), 403, "AccessDenied",
                "User: " + outsider.arn() + " is not authorized to perform: iam:SimulatePrincipalPolicy on resource: "
                        + fx.role.arn() + " because no resource-based policy allows the iam:SimulatePrincipalPolicy "
                        + "action");
    }

    @Test
    void unknownRole_noSuchEntity404() {
        assertAwsError(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::222222222222:role/Nope")
                .actionNames("kms:Decrypt")), 404, "NoSuchEntity", "The role with name Nope cannot be found.");
    }
}
