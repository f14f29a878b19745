package dev.xacct.secrets.testkit.internal.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * IAM's policy simulator ({@code SimulatePrincipalPolicy}) for one action on one resource: the principal's identity
 * policies, its permissions boundary and the SCPs of its account, with which layer decided and which statements did
 * (IAM API reference, {@code EvaluationResult}: "If an AWS Organizations SCP included in the evaluation denies access,
 * the simulation ends"; "if only one statement denies that operation … the deny statement is the only entry included
 * in the result"). Resource policies take no part: the simulator is given none. Stateless and thread-safe.
 */
public final class Simulator {

    /** The source type IAM reports for the principal's own policies (seen in captured simulator output). */
    public static final String IAM_POLICY = "IAM Policy";
    /** The id the emulator reports for a statement of the permissions boundary. */
    public static final String BOUNDARY_ID = "PermissionsBoundaryPolicy";

    /**
     * A policy with the id and type the simulator reports for its statements.
     *
     * @param id the inline policy's name, or {@link #BOUNDARY_ID}
     * @param type the {@code SourcePolicyType}
     * @param document the policy
     */
    public record NamedPolicy(String id, String type, PolicyDocument document) {
        public NamedPolicy {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(document, "document");
        }
    }

    /**
     * A statement that decided, where it is in its policy.
     *
     * @param sourcePolicyId the policy's id
     * @param sourcePolicyType the policy's type
     * @param start where the statement starts, or {@code null}
     * @param end just after the statement, or {@code null}
     */
    public record MatchedStatement(
            String sourcePolicyId, String sourcePolicyType, Statement.Position start, Statement.Position end) {}

    /**
     * The outcome of one simulation.
     *
     * @param decision {@code allowed}, {@code explicitDeny} or {@code implicitDeny}
     * @param matched the statements that decided: the Deny ones for an explicit deny, else the identity Allows
     * @param missingContextKeys the condition keys of applicable statements the request gave no value for, sorted
     * @param allowedByOrganizations whether the SCPs allow, or {@code null} when no SCP applies to the account
     * @param allowedByPermissionsBoundary whether the boundary allows, or {@code null} without a boundary (or when an
     *     SCP ended the simulation)
     */
    public record Result(
            String decision,
            List<MatchedStatement> matched,
            List<String> missingContextKeys,
            Boolean allowedByOrganizations,
            Boolean allowedByPermissionsBoundary) {
        public Result {
            matched = List.copyOf(matched);
            missingContextKeys = List.copyOf(missingContextKeys);
        }

        /** Whether an SCP ended the simulation (IAM then reports no decision details). */
        public boolean endedByOrganizations() {
            return Boolean.FALSE.equals(allowedByOrganizations);
        }
    }

    /**
     * Simulates {@code action} on {@code resource}.
     *
     * @param context the {@code ContextEntries}; the principal's own keys are added
     * @param boundary the permissions boundary, or {@code null}
     * @param serviceControlLevels the SCPs of the principal's account, per level (empty for none)
     */
    public Result simulate(
            PrincipalInfo principal,
            String action,
            String resource,
            Map<String, List<String>> context,
            List<NamedPolicy> identity,
            NamedPolicy boundary,
            List<List<PolicyDocument>> serviceControlLevels) {
        RequestContext requestContext = RequestContext.of(context, principal);
        StatementMatcher matcher = new StatementMatcher(action, resource, requestContext);
        List<String> missing = missingKeys(matcher, identity, boundary);

        Boolean organizations = null;
        if (serviceControlLevels.stream().anyMatch(level -> !level.isEmpty())) {
            boolean denied = serviceControlLevels.stream()
                    .flatMap(List::stream)
                    .anyMatch(scp ->
                            !statements(matcher, scp, Statement.Effect.DENY).isEmpty());
            boolean allowed = serviceControlLevels.stream()
                    .allMatch(level -> level.isEmpty()
                            || level.stream()
                                    .anyMatch(scp -> !statements(matcher, scp, Statement.Effect.ALLOW)
                                            .isEmpty()));
            organizations = !denied && allowed;
            if (!organizations) {
                return new Result(denied ? "explicitDeny" : "implicitDeny", List.of(), missing, false, null);
            }
        }
        Boolean byBoundary = null;
        List<MatchedStatement> boundaryDenies = List.of();
        if (boundary != null) {
            boundaryDenies = matched(matcher, boundary, Statement.Effect.DENY);
            byBoundary = boundaryDenies.isEmpty()
                    && !matched(matcher, boundary, Statement.Effect.ALLOW).isEmpty();
        }
        List<MatchedStatement> denies = new ArrayList<>();
        identity.forEach(policy -> denies.addAll(matched(matcher, policy, Statement.Effect.DENY)));
        denies.addAll(boundaryDenies);
        if (!denies.isEmpty()) {
            return new Result("explicitDeny", denies, missing, organizations, byBoundary);
        }
        List<MatchedStatement> allows = new ArrayList<>();
        identity.forEach(policy -> allows.addAll(matched(matcher, policy, Statement.Effect.ALLOW)));
        boolean allowed = !allows.isEmpty() && !Boolean.FALSE.equals(byBoundary);
        return new Result(allowed ? "allowed" : "implicitDeny", allows, missing, organizations, byBoundary);
    }

    private static List<MatchedStatement> matched(
            StatementMatcher matcher, NamedPolicy policy, Statement.Effect effect) {
        return statements(matcher, policy.document(), effect).stream()
                .map(statement -> new MatchedStatement(policy.id(), policy.type(), statement.start(), statement.end()))
                .toList();
    }

    private static List<Statement> statements(
            StatementMatcher matcher, PolicyDocument policy, Statement.Effect effect) {
        boolean variables = PolicyEvaluator.variables(policy);
        return policy.statements().stream()
                .filter(statement -> statement.effect() == effect && matcher.applies(statement, variables))
                .toList();
    }

    /**
     * The condition keys of the statements whose Action and Resource apply that the request has no value for: what a
     * caller must add as {@code ContextEntries} for a faithful answer. Sorted, each once, as first written.
     */
    private static List<String> missingKeys(
            StatementMatcher matcher, List<NamedPolicy> identity, NamedPolicy boundary) {
        Map<String, String> missing = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<NamedPolicy> all = new ArrayList<>(identity);
        if (boundary != null) {
            all.add(boundary);
        }
        for (NamedPolicy policy : all) {
            boolean variables = PolicyEvaluator.variables(policy.document());
            for (Statement statement : policy.document().statements()) {
                if (!matcher.targets(statement, variables)) {
                    continue;
                }
                for (Condition condition : statement.conditions()) {
                    if (!matcher.context().has(condition.key())) {
                        missing.putIfAbsent(condition.key(), condition.key());
                    }
                }
            }
        }
        return new ArrayList<>(missing.values());
    }
}
