package dev.xacct.secrets.testkit.internal.iam;

/** Whether a statement's Action, Resource and Condition elements apply to one request (the principal aside). */
final class StatementMatcher {

    private final String action;
    private final String resource;
    private final RequestContext context;

    StatementMatcher(String action, String resource, RequestContext context) {
        this.action = action;
        this.resource = resource;
        this.context = context;
    }

    RequestContext context() {
        return context;
    }

    /**
     * Whether {@code statement} applies.
     *
     * @param variables whether policy variables are substituted: only in {@code 2012-10-17} policies; in older ones
     *     {@code ${...}} is literal text
     */
    boolean applies(Statement statement, boolean variables) {
        return matchesAction(statement)
                && matchesResource(statement, variables)
                && ConditionEvaluator.allHold(statement.conditions(), context, variables);
    }

    /** Whether the statement's Action and Resource apply, whatever its conditions. */
    boolean targets(Statement statement, boolean variables) {
        return matchesAction(statement) && matchesResource(statement, variables);
    }

    // Loops rather than streams here and below: this runs for every statement of every policy of every request.
    private boolean matchesAction(Statement statement) {
        // "The prefix and the action name are case insensitive."
        boolean listed = false;
        for (String pattern : statement.actions()) {
            if (Wildcards.matches(pattern, action, true)) {
                listed = true;
                break;
            }
        }
        return listed != statement.notAction();
    }

    private boolean matchesResource(Statement statement, boolean variables) {
        if (statement.resources() == null) {
            return true;
        }
        boolean listed = false;
        for (String pattern : statement.resources()) {
            if (matchesResource(pattern, variables)) {
                listed = true;
                break;
            }
        }
        return listed != statement.notResource();
    }

    private boolean matchesResource(String pattern, boolean variables) {
        if (!variables || !PolicyVariables.has(pattern)) {
            return ArnPatterns.matches(pattern, resource);
        }
        // A pattern whose variable cannot be resolved names no resource.
        return PolicyVariables.substitute(pattern, context)
                .map(p -> ArnPatterns.matches(p, resource))
                .orElse(false);
    }
}
