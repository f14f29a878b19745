package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;

/** Decides a statement's Condition element against a request context; never throws on odd values. */
final class ConditionEvaluator {

    private ConditionEvaluator() {
    }

    /** All operators and all keys must hold (AND); the policy values of one key are alternatives (OR). */
    static boolean allHold(List<Condition> conditions, RequestContext context) {
        return conditions.stream().allMatch(condition -> holds(condition, context.get(condition.key())));
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
                || condition.qualifier() == Condition.SetQualifier.NONE && operator.negated();
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
