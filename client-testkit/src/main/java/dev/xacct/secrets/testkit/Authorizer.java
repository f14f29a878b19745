package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.AuthorizationRequest;
import dev.xacct.secrets.testkit.internal.iam.Decision;
import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import dev.xacct.secrets.testkit.internal.iam.PolicyEvaluator;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Puts a request's caller, policies and context in front of the policy evaluator, and words its denials as AWS. */
final class Authorizer {

    private static final java.util.Set<String> RCP_SERVICES = java.util.Set.of("secretsmanager", "kms", "sts");

    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final World world;

    Authorizer(World world) {
        this.world = world;
    }

    /**
     * What is being authorized: an action on a resource, owned by an account, under a resource policy.
     *
     * @param tags the resource's tags ({@code aws:ResourceTag/KEY}, and {@code <service>:ResourceTag/KEY} for
     *     services that have their own, such as Secrets Manager)
     */
    record Target(
            String action,
            String resource,
            String resourceAccountId,
            @Nullable PolicyDocument resourcePolicy,
            ResourcePolicyMode mode,
            Map<String, String> tags) {

        Target {
            tags = tags == null ? Map.of() : tags;
        }

        Target(
                String action,
                String resource,
                String resourceAccountId,
                @Nullable PolicyDocument resourcePolicy,
                ResourcePolicyMode mode) {
            this(action, resource, resourceAccountId, resourcePolicy, mode, Map.of());
        }
    }

    Decision decide(Call call, Target target, Map<String, List<String>> requestContext) {
        Caller caller = call.caller;
        Map<String, List<String>> context = new HashMap<>();
        context.put("aws:CurrentTime", List.of(call.currentTime()));
        context.put("aws:RequestedRegion", List.of(call.region));
        // SDK calls to AWS are HTTPS; a world can say otherwise to test "Deny if aws:SecureTransport is false".
        context.put("aws:SecureTransport", List.of(String.valueOf(world.secureTransport())));
        context.put("aws:ViaAWSService", List.of("false"));
        putResourceKeys(context, target);
        context.putAll(requestContext);
        return evaluator.evaluate(AuthorizationRequest.builder()
                .principal(call.principalInfo())
                .action(target.action())
                .resource(target.resource())
                .resourceAccountId(target.resourceAccountId())
                .context(context)
                .identityPolicies(caller.identityPolicies())
                .permissionsBoundary(caller.boundary())
                .sessionPolicy(caller.sessionPolicy())
                .serviceControlLevels(caller.account().serviceControlLevels())
                .resourceControlLevels(resourceControlLevels(target))
                .resourcePolicy(target.resourcePolicy())
                .mode(target.mode())
                .build());
    }

    /**
     * The global keys of the resource: {@code aws:ResourceAccount}, {@code aws:ResourceOrgID},
     * {@code aws:ResourceOrgPaths} and the tags (IAM User Guide, "AWS global condition context keys").
     */
    private void putResourceKeys(Map<String, List<String>> context, Target target) {
        if (target.resource().equals("*")) {
            return;
        }
        context.put("aws:ResourceAccount", List.of(target.resourceAccountId()));
        world.findAccount(target.resourceAccountId()).ifPresent(owner -> {
            owner.organization().ifPresent(org -> context.put("aws:ResourceOrgID", List.of(org)));
            owner.organizationPath().ifPresent(path -> context.put("aws:ResourceOrgPaths", List.of(path)));
        });
        if (!target.tags().isEmpty()) {
            String service =
                    target.action().substring(0, Math.max(0, target.action().indexOf(':')));
            target.tags().forEach((tag, value) -> {
                context.put("aws:ResourceTag/" + tag, List.of(value));
                if (service.equals("secretsmanager")) {
                    context.put("secretsmanager:ResourceTag/" + tag, List.of(value));
                }
            });
        }
    }

    /** RCPs govern Secrets Manager, KMS and STS resources, by the resource owner's organization. */
    private List<List<PolicyDocument>> resourceControlLevels(Target target) {
        String service =
                target.action().substring(0, Math.max(0, target.action().indexOf(':')));
        if (!RCP_SERVICES.contains(service) || target.resource().equals("*")) {
            return List.of();
        }
        return world.findAccount(target.resourceAccountId())
                .map(Account::resourceControlLevels)
                .orElse(List.of());
    }

    /**
     * Authorizes or throws the AccessDenied error of the protocol, in the modern format
     * {@code User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no ... policy allows ...}.
     *
     * @param resourceInMessage what the message names after {@code on resource:}, or {@code null} for none
     */
    void require(
            Call call, Target target, Map<String, List<String>> requestContext, @Nullable String resourceInMessage) {
        Decision decision = decide(call, target, requestContext);
        if (!decision.allowed()) {
            throw accessDenied(
                    call,
                    target.action(),
                    resourceInMessage == null ? "" : " on resource: " + resourceInMessage,
                    " " + decision.reason(target.action()));
        }
    }

    static AwsError accessDenied(Call call, String action, String resourceClause, String reasonClause) {
        String message = "User: " + call.caller.arn() + " is not authorized to perform: " + action + resourceClause
                + reasonClause;
        return call.protocol.isJson()
                ? AwsError.badRequest("AccessDeniedException", message)
                : new AwsError(403, "AccessDenied", message);
    }
}
