package dev.xacct.secrets.testkit.internal.iam;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a request against all its policies as AWS does across accounts: explicit deny anywhere wins, then the
 * resource policy mode decides how identity and resource policies combine. Stateless and thread-safe.
 */
public final class PolicyEvaluator {

    public Decision evaluate(AuthorizationRequest request) {
        PrincipalInfo caller = request.principal();
        StatementMatcher matcher = new StatementMatcher(
                request.action(), request.resource(), RequestContext.of(request.context(), caller));
        // In NONE mode the service has no resource policy for the request; one passed anyway takes no part.
        PolicyDocument resourcePolicy = request.mode() == ResourcePolicyMode.NONE ? null : request.resourcePolicy();

        Optional<PolicyType> denied = explicitDeny(request, resourcePolicy, matcher);
        if (denied.isPresent()) {
            return Decision.explicitDeny(denied.get());
        }
        List<Set<PolicyType>> paths =
                GrantPaths.of(request, namedBy(resourcePolicy, Statement.Effect.ALLOW, matcher, caller));
        if (paths.isEmpty()) {
            return Decision.implicitDeny(PolicyType.RESOURCE_BASED);
        }
        Set<PolicyType> failing = failingLayers(request, matcher);
        // Among the paths, report the one closest to allowing: its first failing layer is what would fix it.
        Set<PolicyType> closest = paths.stream()
                .map(path -> blocked(path, failing))
                .min(Comparator.comparingInt(Set::size))
                .orElseThrow();
        return closest.isEmpty()
                ? Decision.allow()
                : Decision.implicitDeny(closest.iterator().next());
    }

    /** The first policy type, in AWS's order, with a Deny statement that applies. */
    private static Optional<PolicyType> explicitDeny(
            AuthorizationRequest request, PolicyDocument resourcePolicy, StatementMatcher matcher) {
        Statement.Effect deny = Statement.Effect.DENY;
        if (anyLevelHas(request.serviceControlLevels(), deny, matcher)) {
            return Optional.of(PolicyType.SERVICE_CONTROL);
        }
        if (anyLevelHas(request.resourceControlLevels(), deny, matcher)) {
            return Optional.of(PolicyType.RESOURCE_CONTROL);
        }
        // A resource-policy Deny applies however it names the caller: account, role, session, user or everyone.
        if (!namedBy(resourcePolicy, deny, matcher, request.principal()).isEmpty()
                || (request.permissionsBoundary() != null && notPrincipalDeny(resourcePolicy, matcher))) {
            return Optional.of(PolicyType.RESOURCE_BASED);
        }
        if (has(request.identityPolicies(), deny, matcher)) {
            return Optional.of(PolicyType.IDENTITY_BASED);
        }
        if (has(listOf(request.permissionsBoundary()), deny, matcher)) {
            return Optional.of(PolicyType.PERMISSIONS_BOUNDARY);
        }
        if (has(listOf(request.sessionPolicy()), deny, matcher)) {
            return Optional.of(PolicyType.SESSION);
        }
        return Optional.empty();
    }

    /** The layers that do not allow: no SCP allows (when there are SCPs), no identity policy allows, and so on. */
    private static Set<PolicyType> failingLayers(AuthorizationRequest request, StatementMatcher matcher) {
        Statement.Effect allow = Statement.Effect.ALLOW;
        Set<PolicyType> failing = EnumSet.noneOf(PolicyType.class);
        if (!everyLevelAllows(request.serviceControlLevels(), matcher)) {
            failing.add(PolicyType.SERVICE_CONTROL);
        }
        if (!everyLevelAllows(request.resourceControlLevels(), matcher)) {
            failing.add(PolicyType.RESOURCE_CONTROL);
        }
        if (!has(request.identityPolicies(), allow, matcher)) {
            failing.add(PolicyType.IDENTITY_BASED);
        }
        if (request.permissionsBoundary() != null && !has(listOf(request.permissionsBoundary()), allow, matcher)) {
            failing.add(PolicyType.PERMISSIONS_BOUNDARY);
        }
        if (request.sessionPolicy() != null && !has(listOf(request.sessionPolicy()), allow, matcher)) {
            failing.add(PolicyType.SESSION);
        }
        return failing;
    }

    /** Whether each level that has policies has one with an applicable Allow (a level without policies passes). */
    private static boolean everyLevelAllows(List<List<PolicyDocument>> levels, StatementMatcher matcher) {
        for (List<PolicyDocument> level : levels) {
            if (!level.isEmpty() && !has(level, Statement.Effect.ALLOW, matcher)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyLevelHas(
            List<List<PolicyDocument>> levels, Statement.Effect effect, StatementMatcher matcher) {
        for (List<PolicyDocument> level : levels) {
            if (has(level, effect, matcher)) {
                return true;
            }
        }
        return false;
    }

    /**
     * IAM User Guide, "NotPrincipal": "The NotPrincipal element with a Deny effect will always deny any IAM principal
     * that has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."
     */
    private static boolean notPrincipalDeny(PolicyDocument resourcePolicy, StatementMatcher matcher) {
        return resourcePolicy != null
                && resourcePolicy.statements().stream()
                        .anyMatch(statement -> statement.effect() == Statement.Effect.DENY
                                && statement.notPrincipal()
                                && matcher.applies(statement, variables(resourcePolicy)));
    }

    /** Policy variables are substituted only in policies of the current language version. */
    static boolean variables(PolicyDocument policy) {
        return "2012-10-17".equals(policy.version());
    }

    /**
     * Whether a statement of {@code effect} applies, the Principal element aside: identity policies, boundaries,
     * session policies and SCPs have none, and an RCP's is always {@code "*"}.
     */
    private static boolean has(List<PolicyDocument> policies, Statement.Effect effect, StatementMatcher matcher) {
        for (PolicyDocument policy : policies) {
            boolean variables = variables(policy);
            for (Statement statement : policy.statements()) {
                if (statement.effect() == effect && matcher.applies(statement, variables)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The ways the applicable {@code effect} statements of a resource policy name the caller. */
    private static Set<PrincipalMatch> namedBy(
            PolicyDocument resourcePolicy, Statement.Effect effect, StatementMatcher matcher, PrincipalInfo caller) {
        Set<PrincipalMatch> kinds = EnumSet.noneOf(PrincipalMatch.class);
        if (resourcePolicy != null) {
            boolean variables = variables(resourcePolicy);
            for (Statement statement : resourcePolicy.statements()) {
                if (statement.effect() == effect && matcher.applies(statement, variables)) {
                    kinds.addAll(PrincipalMatcher.matches(statement, caller));
                }
            }
        }
        return kinds;
    }

    private static Set<PolicyType> blocked(Set<PolicyType> path, Set<PolicyType> failing) {
        Set<PolicyType> blocked = EnumSet.noneOf(PolicyType.class);
        blocked.addAll(path);
        blocked.retainAll(failing);
        return blocked;
    }

    private static List<PolicyDocument> listOf(PolicyDocument policy) {
        return policy == null ? List.of() : List.of(policy);
    }
}
