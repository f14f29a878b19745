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

    boolean applies(Statement statement) {
        return matchesAction(statement) && matchesResource(statement)
                && ConditionEvaluator.allHold(statement.conditions(), context);
    }

    private boolean matchesAction(Statement statement) {
        // "The prefix and the action name are case insensitive."
        boolean listed = statement.actions().stream()
                .anyMatch(pattern -> Wildcards.matches(pattern, action, true));
        return listed != statement.notAction();
    }

    private boolean matchesResource(Statement statement) {
        if (statement.resources() == null) {
            return true;
        }
        boolean listed = statement.resources().stream()
                .anyMatch(pattern -> ArnPatterns.matches(pattern, resource));
        return listed != statement.notResource();
    }
}
