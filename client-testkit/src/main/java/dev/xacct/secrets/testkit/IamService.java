package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.Authorizer.Target;
import dev.xacct.secrets.testkit.internal.FormBody;
import dev.xacct.secrets.testkit.internal.Xml;
import dev.xacct.secrets.testkit.internal.iam.PrincipalInfo;
import dev.xacct.secrets.testkit.internal.iam.ResourcePolicyMode;
import dev.xacct.secrets.testkit.internal.iam.Simulator;
import dev.xacct.secrets.testkit.internal.iam.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM: {@code SimulatePrincipalPolicy} (a user's or role's identity policies, permissions boundary and the SCPs of
 * its account, for given actions and resources, as the IAM policy simulator does; no resource policies), and the role
 * operations of {@link IamRoles}.
 */
final class IamService {

    private final World world;
    private final Authorizer authorizer;
    private final Simulator simulator = new Simulator();
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
            default ->
                throw AwsError.badRequest(
                        "InvalidAction", "Could not find operation " + call.operation + " for version 2010-05-08");
        };
    }

    private String simulatePrincipalPolicy(Call call, FormBody form) {
        String sourceArn = form.get("PolicySourceArn");
        if (sourceArn == null) {
            throw AwsError.badRequest(
                    "ValidationError",
                    "1 validation error detected: Value null at "
                            + "'policySourceArn' failed to satisfy constraint: Member must not be null");
        }
        List<String> actions = form.list("ActionNames");
        if (actions.isEmpty()) {
            throw AwsError.badRequest(
                    "ValidationError",
                    "1 validation error detected: Value null at "
                            + "'actionNames' failed to satisfy constraint: Member must not be null");
        }
        String[] parts = sourceArn.split(":", 6);
        if (parts.length != 6
                || !parts[2].equals("iam")
                || !(parts[5].startsWith("user/") || parts[5].startsWith("role/"))) {
            throw AwsError.badRequest(
                    "InvalidInput", "Invalid ARN " + sourceArn + ": PolicySourceArn must name an IAM user or role");
        }
        String sourceAccount = parts[4];
        // IAM has no resource policies: another account's principals are never visible.
        authorizer.require(
                call,
                new Target("iam:SimulatePrincipalPolicy", sourceArn, sourceAccount, null, ResourcePolicyMode.OPTIONAL),
                Map.of(),
                sourceArn);
        Principal source = findPrincipal(sourceAccount, sourceArn);

        List<String> resources = form.list("ResourceArns");
        if (resources.isEmpty()) {
            resources = List.of("*");
        }
        Map<String, List<String>> context = contextEntries(form);
        PrincipalInfo principal = simulatedPrincipal(source);
        List<Simulator.NamedPolicy> identity = new ArrayList<>();
        source.namedIdentityPolicies()
                .forEach((name, policy) -> identity.add(new Simulator.NamedPolicy(name, Simulator.IAM_POLICY, policy)));
        Simulator.NamedPolicy boundary = source.boundary() == null
                ? null
                : new Simulator.NamedPolicy(Simulator.BOUNDARY_ID, Simulator.IAM_POLICY, source.boundary());
        List<List<dev.xacct.secrets.testkit.internal.iam.PolicyDocument>> scps =
                source.account().serviceControlLevels();
        Xml results = new Xml().open("EvaluationResults");
        for (String action : actions) {
            for (String resource : resources) {
                Simulator.Result result =
                        simulator.simulate(principal, action, resource, context, identity, boundary, scps);
                evaluationResult(results, action, resource, sourceAccount, result);
            }
        }
        results.close("EvaluationResults").element("IsTruncated", "false");
        return StsService.response(call, "SimulatePrincipalPolicy", results);
    }

    /**
     * One {@code EvaluationResult} as IAM writes it (IAM API reference, {@code EvaluationResult}): missing context
     * values at the top for {@code *} and under {@code ResourceSpecificResults} for a resource ARN;
     * {@code EvalDecisionDetails} absent for {@code *}, empty for a resource of the principal's account, and filled for
     * another account's resource; nothing but the organizations detail once an SCP ended the simulation.
     */
    private static void evaluationResult(
            Xml xml, String action, String resource, String sourceAccount, Simulator.Result result) {
        boolean anyResource = resource.equals("*");
        xml.open("member")
                .element("EvalActionName", action)
                .element("EvalResourceName", resource)
                .element("EvalDecision", result.decision());
        matchedStatements(xml, result);
        missingContextValues(xml, anyResource ? result.missingContextKeys() : List.of());
        if (result.allowedByOrganizations() != null) {
            xml.open("OrganizationsDecisionDetail")
                    .element("AllowedByOrganizations", result.allowedByOrganizations())
                    .close("OrganizationsDecisionDetail");
        }
        if (result.allowedByPermissionsBoundary() != null) {
            xml.open("PermissionsBoundaryDecisionDetail")
                    .element("AllowedByPermissionsBoundary", result.allowedByPermissionsBoundary())
                    .close("PermissionsBoundaryDecisionDetail");
        }
        if (!anyResource && !result.endedByOrganizations()) {
            evalDecisionDetails(xml, resource, sourceAccount, result);
            xml.open("ResourceSpecificResults")
                    .open("member")
                    .element("EvalResourceName", resource)
                    .element("EvalResourceDecision", result.decision());
            matchedStatements(xml, result);
            missingContextValues(xml, result.missingContextKeys());
            evalDecisionDetails(xml, resource, sourceAccount, result);
            xml.close("member").close("ResourceSpecificResults");
        }
        xml.close("member");
    }

    /**
     * Filled only for a resource of another account ("populated for only cross-account simulations"); AWS does not
     * document the keys: the emulator names the one layer it evaluates, {@value Simulator#IAM_POLICY}.
     */
    private static void evalDecisionDetails(Xml xml, String resource, String sourceAccount, Simulator.Result result) {
        String[] parts = resource.split(":", 6);
        boolean crossAccount = parts.length == 6 && !parts[4].isEmpty() && !parts[4].equals(sourceAccount);
        xml.open("EvalDecisionDetails");
        if (crossAccount) {
            xml.open("entry")
                    .element("key", Simulator.IAM_POLICY)
                    .element("value", result.decision())
                    .close("entry");
        }
        xml.close("EvalDecisionDetails");
    }

    private static void matchedStatements(Xml xml, Simulator.Result result) {
        xml.open("MatchedStatements");
        for (Simulator.MatchedStatement statement : result.matched()) {
            xml.open("member")
                    .element("SourcePolicyId", statement.sourcePolicyId())
                    .element("SourcePolicyType", statement.sourcePolicyType());
            position(xml, "StartPosition", statement.start());
            position(xml, "EndPosition", statement.end());
            xml.close("member");
        }
        xml.close("MatchedStatements");
    }

    private static void position(Xml xml, String element, Statement.Position position) {
        if (position != null) {
            xml.open(element)
                    .element("Line", position.line())
                    .element("Column", position.column())
                    .close(element);
        }
    }

    private static void missingContextValues(Xml xml, List<String> keys) {
        xml.open("MissingContextValues");
        keys.forEach(key -> xml.element("member", key));
        xml.close("MissingContextValues");
    }

    private Principal findPrincipal(String accountId, String arn) {
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        boolean user = arn.split(":", 6)[5].startsWith("user/");
        return world.findAccount(accountId)
                .flatMap(account -> user
                        ? account.findUserByArn(arn).map(Principal.class::cast)
                        : account.findRoleByArn(arn).map(Principal.class::cast))
                .orElseThrow(() -> new AwsError(
                        404,
                        "NoSuchEntity",
                        "The " + (user ? "user" : "role") + " with name " + name + " cannot be found."));
    }

    /** The simulator evaluates the entity itself: a role is seen with its role ARN, as its sessions' PrincipalArn. */
    private static PrincipalInfo simulatedPrincipal(Principal source) {
        Account account = source.account();
        boolean user = source instanceof IamUser;
        return new PrincipalInfo(
                "aws",
                account.id(),
                user ? PrincipalInfo.Kind.USER : PrincipalInfo.Kind.ASSUMED_ROLE,
                source.arn(),
                user ? null : source.arn(),
                source.uniqueId(),
                user ? source.name() : null,
                account.organization().orElse(null),
                account.organizationPath().orElse(null),
                source.tags());
    }

    private static Map<String, List<String>> contextEntries(FormBody form) {
        Map<String, List<String>> context = new HashMap<>();
        for (int i = 1; form.get("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
            String prefix = "ContextEntries.member." + i;
            context.put(form.get(prefix + ".ContextKeyName"), new ArrayList<>(form.list(prefix + ".ContextKeyValues")));
        }
        return context;
    }
}
