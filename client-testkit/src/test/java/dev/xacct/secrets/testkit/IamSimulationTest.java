package dev.xacct.secrets.testkit;

import static dev.xacct.secrets.testkit.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;

/**
 * IAM {@code SimulatePrincipalPolicy} through the real SDK, for an operator in the app's account: identity policies,
 * the permissions boundary and the account's SCPs, with the details AWS fills (IAM API reference,
 * {@code EvaluationResult}: "If an AWS Organizations SCP included in the evaluation denies access, the simulation
 * ends"; "the deny statement is the only entry"; MissingContextValues "used when the resource in a simulation is *
 * … If you include a list of resources, then any missing context values are instead included under the
 * ResourceSpecificResults section"; EvalDecisionDetails "populated for only cross-account simulations … within the
 * same account and includes a resource ARN, then the parameter is present but the response is empty").
 */
class IamSimulationTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger(10);

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(() -> World.create(MutableClock.at(Instant.now()), 3));

    private World world;
    private Sdk sdk;

    @BeforeEach
    void open(AwsEmulator aws, World world) {
        this.world = world;
        this.sdk = new Sdk(aws);
    }

    @AfterEach
    void close() throws Exception {
        sdk.close();
    }

    private CrossAccountScenario scenario(Breakage... breakages) {
        int n = ACCOUNTS.getAndIncrement();
        return CrossAccountScenario.builder()
                .world(world)
                .ownerAccount("7000000000" + n)
                .appAccount("8000000000" + n)
                .breakages(breakages)
                .build();
    }

    private IamClient operator(CrossAccountScenario s) {
        IamUser operator = s.app()
                .createUser("operator")
                .putPolicy("simulate", Policies.allow("*", "iam:SimulatePrincipalPolicy"));
        return sdk.iam(operator.createAccessKey());
    }

    private static EvaluationResult simulate(
            IamClient iam,
            CrossAccountScenario s,
            String action,
            String resource,
            Consumer<SimulatePrincipalPolicyRequest.Builder> more) {
        SimulatePrincipalPolicyRequest.Builder request = SimulatePrincipalPolicyRequest.builder()
                .policySourceArn(s.roleArn())
                .actionNames(action);
        if (resource != null) {
            request.resourceArns(resource);
        }
        more.accept(request);
        List<EvaluationResult> results =
                iam.simulatePrincipalPolicy(request.build()).evaluationResults();
        assertThat(results).hasSize(1);
        assertThat(results.get(0).evalActionName()).isEqualTo(action);
        assertThat(results.get(0).evalResourceName()).isEqualTo(resource == null ? "*" : resource);
        return results.get(0);
    }

    private static EvaluationResult simulate(IamClient iam, CrossAccountScenario s, String action, String resource) {
        return simulate(iam, s, action, resource, r -> {});
    }

    @Test
    void identityPolicyAllowingTheKey_allowed_withTheMatchedStatement() {
        CrossAccountScenario s = scenario();
        EvaluationResult result = simulate(operator(s), s, "kms:Decrypt", s.keyArn());

        assertThat(result.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(result.matchedStatements()).singleElement().satisfies(statement -> {
            assertThat(statement.sourcePolicyId()).isEqualTo(s.identityPolicyName());
            assertThat(statement.sourcePolicyTypeAsString()).isEqualTo("IAM Policy");
            String policy = s.identityPolicy().orElseThrow();
            // The positions bracket the statement that allows kms:Decrypt in the policy's text.
            assertThat(statement.startPosition().line()).isEqualTo(1);
            String text = policy.substring(
                    statement.startPosition().column() - 1,
                    statement.endPosition().column() - 1);
            assertThat(text)
                    .startsWith("{")
                    .endsWith("}")
                    .contains("kms:Decrypt")
                    .doesNotContain("secretsmanager");
        });
        assertThat(result.organizationsDecisionDetail()).isNull();
        assertThat(result.permissionsBoundaryDecisionDetail()).isNull();
    }

    @Test
    void identityPolicyWithoutTheKey_implicitDeny() {
        CrossAccountScenario s = scenario(Breakage.NO_IDENTITY_GRANT_FOR_KEY);
        EvaluationResult result = simulate(operator(s), s, "kms:Decrypt", s.keyArn());

        assertThat(result.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(result.matchedStatements()).isEmpty();
    }

    @Test
    void explicitDeny_reportsOnlyTheDenyStatement() {
        CrossAccountScenario s = scenario();
        s.role().orElseThrow().putPolicy("deny", Policies.deny(s.keyArn(), "kms:*"));
        EvaluationResult result = simulate(operator(s), s, "kms:Decrypt", s.keyArn());

        assertThat(result.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
        assertThat(result.matchedStatements())
                .singleElement()
                .satisfies(statement -> assertThat(statement.sourcePolicyId()).isEqualTo("deny"));
    }

    @Test
    void permissionsBoundaryWithoutTheAction_implicitDeny_notAllowedByTheBoundary() {
        CrossAccountScenario s = scenario(Breakage.PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT);
        IamClient iam = operator(s);

        EvaluationResult decrypt = simulate(iam, s, "kms:Decrypt", s.keyArn());
        assertThat(decrypt.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        // The identity policy does allow: a non-allowed decision is not proof that it lacks a statement.
        assertThat(decrypt.matchedStatements()).isNotEmpty();
        assertThat(decrypt.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary())
                .isFalse();

        EvaluationResult read = simulate(iam, s, "secretsmanager:GetSecretValue", s.secretArn());
        assertThat(read.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(read.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary())
                .isTrue();
    }

    @Test
    void scpDeny_endsTheSimulation_notAllowedByOrganizations() {
        CrossAccountScenario s = scenario(Breakage.SCP_DENY);
        IamClient iam = operator(s);

        EvaluationResult read = simulate(iam, s, "secretsmanager:GetSecretValue", s.secretArn());
        assertThat(read.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
        assertThat(read.organizationsDecisionDetail().allowedByOrganizations()).isFalse();
        assertThat(read.matchedStatements()).isEmpty();
        assertThat(read.evalDecisionDetails()).isEmpty();
        assertThat(read.resourceSpecificResults()).isEmpty();

        EvaluationResult decrypt = simulate(iam, s, "kms:Decrypt", s.keyArn());
        assertThat(decrypt.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(decrypt.organizationsDecisionDetail().allowedByOrganizations())
                .isTrue();
    }

    @Test
    void conditionKeysTheRequestDoesNotGive_areMissingContextValues_untilContextEntriesGiveThem() {
        CrossAccountScenario s = scenario();
        s.role()
                .orElseThrow()
                .putPolicy(
                        "via",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{"
                                + "\"kms:ViaService\":\"secretsmanager.us-east-1.amazonaws.com\"}}}]}");
        s.role()
                .orElseThrow()
                .putPolicy(s.identityPolicyName(), Policies.allow(s.secretArn(), "secretsmanager:GetSecretValue"));
        IamClient iam = operator(s);

        EvaluationResult anyResource = simulate(iam, s, "kms:Decrypt", null);
        assertThat(anyResource.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(anyResource.missingContextValues()).containsExactly("kms:ViaService");
        assertThat(anyResource.hasEvalDecisionDetails()).isFalse();

        EvaluationResult onKey = simulate(iam, s, "kms:Decrypt", s.keyArn());
        assertThat(onKey.missingContextValues()).isEmpty();
        assertThat(onKey.resourceSpecificResults())
                .singleElement()
                .satisfies(r -> assertThat(r.missingContextValues()).containsExactly("kms:ViaService"));

        EvaluationResult given = simulate(
                iam,
                s,
                "kms:Decrypt",
                s.keyArn(),
                r -> r.contextEntries(ContextEntry.builder()
                        .contextKeyName("kms:ViaService")
                        .contextKeyType(ContextKeyTypeEnum.STRING)
                        .contextKeyValues("secretsmanager.us-east-1.amazonaws.com")
                        .build()));
        assertThat(given.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(given.resourceSpecificResults())
                .singleElement()
                .satisfies(r -> assertThat(r.missingContextValues()).isEmpty());
    }

    @Test
    void evalDecisionDetails_filledForAnotherAccountsResource_emptyForTheOwnAccount() {
        CrossAccountScenario s = scenario();
        IamClient iam = operator(s);

        assertThat(simulate(iam, s, "kms:Decrypt", s.keyArn()).evalDecisionDetailsAsStrings())
                .containsEntry("IAM Policy", "allowed");
        EvaluationResult own = simulate(iam, s, "sts:AssumeRole", s.roleArn());
        assertThat(own.hasEvalDecisionDetails()).isTrue();
        assertThat(own.evalDecisionDetails()).isEmpty();
    }

    @Test
    void binaryEquals_comparesTheBase64Value() {
        CrossAccountScenario s = scenario();
        String token = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});
        s.role()
                .orElseThrow()
                .putPolicy(
                        s.identityPolicyName(),
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                                + "\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{"
                                + "\"BinaryEquals\":{\"aws:RequestTag/blob\":\"" + token + "\"}}}]}");
        IamClient iam = operator(s);
        ContextEntry.Builder entry =
                ContextEntry.builder().contextKeyName("aws:RequestTag/blob").contextKeyType(ContextKeyTypeEnum.BINARY);

        assertThat(simulate(
                                iam,
                                s,
                                "kms:Decrypt",
                                s.keyArn(),
                                r -> r.contextEntries(
                                        entry.contextKeyValues(token).build()))
                        .evalDecision())
                .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        String other = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 5});
        assertThat(simulate(
                                iam,
                                s,
                                "kms:Decrypt",
                                s.keyArn(),
                                r -> r.contextEntries(
                                        entry.contextKeyValues(other).build()))
                        .evalDecision())
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
    }

    @Test
    void severalActionsAndResources_oneResultEach() {
        CrossAccountScenario s = scenario();
        List<EvaluationResult> results = operator(s)
                .simulatePrincipalPolicy(r -> r.policySourceArn(s.roleArn())
                        .actionNames("kms:Decrypt", "secretsmanager:GetSecretValue")
                        .resourceArns(s.keyArn(), s.secretArn()))
                .evaluationResults();

        assertThat(results)
                .extracting(EvaluationResult::evalDecision)
                .containsExactly(
                        PolicyEvaluationDecisionType.ALLOWED, PolicyEvaluationDecisionType.IMPLICIT_DENY,
                        PolicyEvaluationDecisionType.IMPLICIT_DENY, PolicyEvaluationDecisionType.ALLOWED);
    }

    @Test
    void callerWithoutPermission_accessDenied403() {
        CrossAccountScenario s = scenario();
        IamClient unprivileged = sdk.iam(s.appCredentials());

        assertAwsError(
                () -> unprivileged.simulatePrincipalPolicy(
                        r -> r.policySourceArn(s.roleArn()).actionNames("kms:Decrypt")),
                403,
                "AccessDenied",
                "User: " + s.appUser().orElseThrow().arn() + " is not authorized to perform: "
                        + "iam:SimulatePrincipalPolicy on resource: " + s.roleArn() + " because no identity-based "
                        + "policy allows the iam:SimulatePrincipalPolicy action");
    }

    @Test
    void principalOfAnotherAccount_accessDenied() {
        CrossAccountScenario s = scenario();
        IamUser outsider = s.owner().createUser("outsider").putPolicy("all", Policies.allow("*", "iam:*"));

        assertAwsError(
                () -> sdk.iam(outsider.createAccessKey())
                        .simulatePrincipalPolicy(
                                r -> r.policySourceArn(s.roleArn()).actionNames("kms:Decrypt")),
                403,
                "AccessDenied",
                "User: " + outsider.arn() + " is not authorized to perform: iam:SimulatePrincipalPolicy on resource: "
                        + s.roleArn() + " because no resource-based policy allows the iam:SimulatePrincipalPolicy "
                        + "action");
    }

    @Test
    void unknownRole_noSuchEntity404() {
        CrossAccountScenario s = scenario();
        assertAwsError(
                () -> operator(s)
                        .simulatePrincipalPolicy(
                                r -> r.policySourceArn("arn:aws:iam::" + s.app().id() + ":role/Nope")
                                        .actionNames("kms:Decrypt")),
                404,
                "NoSuchEntity",
                "The role with name Nope cannot be found.");
    }
}
