package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;

/** Decides a statement's Condition element against a request context; never throws on odd values. */
final class ConditionEvaluator {

    private ConditionEvaluator() {}

    /**
     * All operators and all keys must hold (AND); the policy values of one key are alternatives (OR).
     *
     * @param variables whether policy variables in string and ARN values are substituted; a condition with a variable
     *     that cannot be resolved does not hold
     */
    static boolean allHold(List<Condition> conditions, RequestContext context, boolean variables) {
        for (Condition condition : conditions) {
            Condition resolved = variables ? substituted(condition, context) : condition;
            if (resolved == null || !holds(resolved, context.get(condition.key()))) {
                return false;
            }
        }
        return true;
    }

    /** The condition with its variables substituted; {@code null} when one cannot be (absent key, no default). */
    private static Condition substituted(Condition condition, RequestContext context) {
        if (!condition.operator().takesVariables()
                || condition.values().stream().noneMatch(PolicyVariables::has)) {
            return condition;
        }
        List<String> values = new java.util.ArrayList<>(condition.values().size());
        for (String value : condition.values()) {
            java.util.Optional<String> resolved = PolicyVariables.substitute(value, context);
            if (resolved.isEmpty()) {
                return null;
            }
            values.add(resolved.get());
        }
        return new Condition(
                condition.qualifier(), condition.operator(), condition.ifExists(), condition.key(), values);
    }

    private static boolean holds(Condition condition, List<String> requestValues) {
        ConditionOperator operator = condition.operator();
        if (operator == ConditionOperator.NULL) {
            boolean absent = requestValues.isEmpty();
            return condition.values().stream().anyMatch(value -> value.equalsIgnoreCase(String.valueOf(absent)));
        }
        if (requestValues.isEmpty()) {
            if (condition.ifExists()) {
                return true;
            }
            return switch (condition.qualifier()) {
                case FOR_ANY_VALUE -> false;
                case FOR_ALL_VALUES -> true;
                // "If the policy condition requires that the key is not matched … and the key is not present, the
                // condition is true."
                case NONE -> operator.negated();
            };
        }
        // Unqualified, a positive operator needs some request value to match some policy value, and a negated one
        // holds only when no request value matches any policy value: the ForAnyValue and ForAllValues shapes.
        boolean everyValue = condition.qualifier() == Condition.SetQualifier.FOR_ALL_VALUES
                || (condition.qualifier() == Condition.SetQualifier.NONE && operator.negated());
        return everyValue
                ? requestValues.stream().allMatch(value -> satisfies(condition, value))
                : requestValues.stream().anyMatch(value -> satisfies(condition, value));
    }

    /** One request value against the policy values: some must match, or for a negated operator none may. */
    private static boolean satisfies(Condition condition, String requestValue) {
        ConditionOperator operator = condition.operator();
        boolean matchesSome = condition.values().stream().anyMatch(policy -> operator.test(policy, requestValue));
        return matchesSome != operator.negated();
    }
}
