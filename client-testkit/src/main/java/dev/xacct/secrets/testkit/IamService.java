package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.FormBody;
import dev.xacct.secrets.testkit.internal.Xml;
import dev.xacct.secrets.testkit.internal.iam.AuthorizationRequest;
import dev.xacct.secrets.testkit.internal.iam.Decision;
import dev.xacct.secrets.testkit.internal.iam.PolicyEvaluator;
import dev.xacct.secrets.testkit.internal.iam.PrincipalInfo;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM {@code SimulatePrincipalPolicy}: evaluates a user's or role's identity policies and permissions boundary for
 * given actions and resources, as the IAM policy simulator does (no resource policies, no SCPs).
 */
final class IamService {

    private final World world;
    private final Authorizer authorizer;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final IamRoles roles;

    IamService(World world, Authorizer authorizer) {
        this.world = world;
        this.authorizer = authorizer;
        this.roles = new IamRoles(authorizer);
    }

    String handle(Call call, FormBody form) {
        return switch (call.operation) {
            case "SimulatePrincipalPolicy" -> simulatePrincipalPolicy(call, form);
            case "GetRole" -> roles.getRole(call, form);
            case "GetRolePolicy" -> roles.getRolePolicy(call, form);
            case "PutRolePolicy" -> roles.putRolePolicy(call, form);
            case "ListRolePolicies" -> roles.listRolePolicies(call, form);
            case "UpdateAssumeRolePolicy" -> roles.updateAssumeRolePolicy(call, form);
            default -> throw AwsError.badRequest("InvalidAction",
                    "Could not find operation " + call.operation + " for version 2010-05-08");
        };
    }

    private String simulatePrincipalPolicy(Call call, FormBody form) {
        String sourceArn = form.get("PolicySourceArn");
        if (sourceArn == null) {
            throw AwsError.badRequest("ValidationError", "1 validation error detected: Value null at "
                    + "'policySourceArn' failed to satisfy constraint: Member must not be null");
        }
        List<String> actions = form.list("ActionNames");
        if (actions.isEmpty()) {
            throw AwsError.badRequest("ValidationError", "1 validation error detected: Value null at "
                    + "'actionNames' failed to satisfy constraint: Member must not be null");
        }
        String[] parts = sourceArn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("iam")
                || !(parts[5].startsWith("user/") || parts[5].startsWith("role/"))) {
            throw AwsError.badRequest("InvalidInput", "Invalid ARN " + sourceArn
                    + ": PolicySourceArn must name an IAM user or role");
        }
        String sourceAccount = parts[4];
        // IAM has no resource policies: another account's principals are never visible.
        authorizer.require(call, new Target("iam:SimulatePrincipalPolicy", sourceArn, sourceAccount, null,
                ResourcePolicyMode.OPTIONAL), Map.of(), sourceArn);
        Principal source = findPrincipal(sourceAccount, sourceArn);

        List<String> resources = form.list("ResourceArns");
        if (resources.isEmpty()) {
            resources = List.of("*");
        }
        Map<String, List<String>> context = contextEntries(form);
        Xml results = new Xml().element("IsTruncated", "false").open("EvaluationResults");
        for (String action : actions) {
            for (String resource : resources) {
                Decision decision = evaluator.evaluate(AuthorizationRequest.builder()
                        .principal(simulatedPrincipal(source))
                        .action(action)
                        .resource(resource)
                        .resourceAccountId(sourceAccount)
                        .context(context)
                        .identityPolicies(source.identityPolicies())
                        .permissionsBoundary(source.boundary())
                        .mode(ResourcePolicyMode.NONE)
                        .build());
                results.open("member")
                        .element("EvalActionName", action)
                        .element("EvalResourceName", resource)
                        .element("EvalDecision", decision.allowed() ? "allowed"
                                : decision.explicitDeny() ? "explicitDeny" : "implicitDeny")
                        .open("MatchedStatements").close("MatchedStatements")
                        .open("MissingContextValues").close("MissingContextValues")
                        .close("member");
            }
        }
        results.close("EvaluationResults");
        return StsService.response(call, "SimulatePrincipalPolicy", results);
    }

    private Principal findPrincipal(String accountId, String arn) {
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        boolean user = arn.split(":", 6)[5].startsWith("user/");
        return world.findAccount(accountId)
                .flatMap(account -> user ? account.findUserByArn(arn).map(Principal.class::cast)
                        : account.findRoleByArn(arn).map(Principal.class::cast))
                .orElseThrow(() -> new AwsError(404, "NoSuchEntity",
                        "The " + (user ? "user" : "role") + " with name " + name + " cannot be found."));
    }

    /** The simulator evaluates the entity itself: a role is seen with its role ARN, as its sessions' PrincipalArn. */
    private static PrincipalInfo simulatedPrincipal(Principal source) {
        Account account = source.account();
        boolean user = source instanceof IamUser;
        return new PrincipalInfo("aws", account.id(),
                user ? PrincipalInfo.Kind.USER : PrincipalInfo.Kind.ASSUMED_ROLE,
                source.arn(), user ? null : source.arn(), source.uniqueId(), user ? source.name() : null,
                account.organization().orElse(null));
    }

    private static Map<String, List<String>> contextEntries(FormBody form) {
        Map<String, List<String>> context = new HashMap<>();
        for (int i = 1; form.get("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
            String prefix = "ContextEntries.member." + i;
            context.put(form.get(prefix + ".ContextKeyName"),
                    new ArrayList<>(form.list(prefix + ".ContextKeyValues")));
        }
        return context;
    }
}
