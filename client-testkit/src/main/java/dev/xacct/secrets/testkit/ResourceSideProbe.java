package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.AuthorizationRequest;
import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.PolicyEvaluator;
import dev.xacct.secrets.testkit.internal.iam.PrincipalInfo;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Asks what a scenario's resource-side policies (resource, key and trust policy) allow the app on their own: its
 * identity side is taken to allow everything, so only the owner's conditions decide. How a scenario checks that its
 * restrictions still hold after fixes.
 */
final class ResourceSideProbe {

    private static final PolicyDocument ALLOW_ALL = PolicyDocument.parse(Policies.allow("*", "*"));

    private final CrossAccountScenario scenario;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    ResourceSideProbe(CrossAccountScenario scenario) {
        this.scenario = scenario;
    }

    /** A {@code kms:Decrypt} by the app straight to KMS, with no {@code kms:ViaService}. */
    boolean directDecryptAllowed() {
        KmsKey key = scenario.key();
        return allowed(
                app(true),
                CrossAccountScenario.DECRYPT,
                key.arn(),
                key.account().id(),
                key.keyPolicyDocument(),
                ResourcePolicyMode.REQUIRED,
                Map.of("kms:CallerAccount", List.of(scenario.app().id())));
    }

    /**
     * A {@code GetSecretValue} by the app.
     *
     * @param versionStage the {@code VersionStage} it sends, or {@code null}
     * @param inOrganization whether the app keeps its organization, or is taken to be outside any
     */
    boolean readAllowed(@Nullable String versionStage, boolean inOrganization) {
        Secret secret = scenario.secret();
        Map<String, List<String>> context = new HashMap<>();
        context.put("secretsmanager:SecretId", List.of(secret.arn()));
        if (versionStage != null) {
            context.put("secretsmanager:VersionStage", List.of(versionStage));
        }
        return allowed(
                app(inOrganization),
                CrossAccountScenario.GET,
                secret.arn(),
                secret.account().id(),
                secret.resourcePolicyDocument(),
                ResourcePolicyMode.OPTIONAL,
                context);
    }

    /** An {@code AssumeRole} of the role by the app's user, with this external id (or none). */
    boolean assumeRoleAllowed(@Nullable String externalId) {
        IamRole role = scenario.role().orElseThrow();
        IamUser user = scenario.appUser().orElseThrow();
        Map<String, List<String>> context = new HashMap<>();
        context.put("sts:RoleSessionName", List.of(scenario.sessionName()));
        if (externalId != null) {
            context.put("sts:ExternalId", List.of(externalId));
        }
        return allowed(
                Caller.user(user).principalInfo(),
                "sts:AssumeRole",
                role.arn(),
                role.account().id(),
                role.trustPolicyDocument(),
                ResourcePolicyMode.REQUIRED,
                context);
    }

    private PrincipalInfo app(boolean inOrganization) {
        PrincipalInfo info = scenario.role()
                .map(role -> Caller.session(role, scenario.sessionName(), null).principalInfo())
                .orElseGet(() -> Caller.user(scenario.appUser().orElseThrow()).principalInfo());
        return inOrganization
                ? info
                : new PrincipalInfo(
                        info.partition(),
                        info.accountId(),
                        info.kind(),
                        info.principalArn(),
                        info.roleArn(),
                        info.userId(),
                        info.userName(),
                        null);
    }

    private boolean allowed(
            PrincipalInfo principal,
            String action,
            String resource,
            String resourceAccount,
            @Nullable PolicyDocument resourcePolicy,
            ResourcePolicyMode mode,
            Map<String, List<String>> context) {
        return evaluator
                .evaluate(AuthorizationRequest.builder()
                        .principal(principal)
                        .action(action)
                        .resource(resource)
                        .resourceAccountId(resourceAccount)
                        .context(context)
                        .identityPolicies(List.of(ALLOW_ALL))
                        .resourcePolicy(resourcePolicy)
                        .mode(mode)
                        .build())
                .allowed();
    }
}
