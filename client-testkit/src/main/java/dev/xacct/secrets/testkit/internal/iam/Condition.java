package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key test of a statement's Condition element, e.g. {@code "ForAnyValue:StringLikeIfExists": {"k": ["a*"]}}.
 *
 * @param qualifier the set qualifier prefix, or {@link SetQualifier#NONE}
 * @param operator the operator without prefix or {@code IfExists}
 * @param ifExists whether the operator ends in {@code IfExists}: an absent key then passes
 * @param key the condition key as written (looked up case-insensitively)
 * @param values the policy values, JSON strings, booleans and numbers all as text; any one may match
 */
public record Condition(
        SetQualifier qualifier, ConditionOperator operator, boolean ifExists, String key, List<String> values) {

    private static final String IF_EXISTS = "IfExists";

    /** The set operators for multivalued keys. */
    public enum SetQualifier {
        NONE(""),
        FOR_ANY_VALUE("ForAnyValue:"),
        FOR_ALL_VALUES("ForAllValues:");

        private final String prefix;

        SetQualifier(String prefix) {
            this.prefix = prefix;
        }
    }

    public Condition {
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
    }

    /**
     * Reads an operator as written in a policy ({@code [ForAnyValue:|ForAllValues:]Operator[IfExists]}) with its key
     * and values; empty when the operator is not one this emulator knows, or is {@code Null} with a suffix or prefix.
     */
    static Optional<Condition> of(String operatorText, String key, List<String> values) {
        SetQualifier qualifier = SetQualifier.NONE;
        String rest = operatorText;
        for (SetQualifier candidate : List.of(SetQualifier.FOR_ANY_VALUE, SetQualifier.FOR_ALL_VALUES)) {
            if (rest.startsWith(candidate.prefix)) {
                qualifier = candidate;
                rest = rest.substring(candidate.prefix.length());
                break;
            }
        }
        boolean ifExists = rest.endsWith(IF_EXISTS);
        if (ifExists) {
            rest = rest.substring(0, rest.length() - IF_EXISTS.length());
        }
        SetQualifier finalQualifier = qualifier;
        return ConditionOperator.byName(rest)
                // Null asks about presence itself: neither IfExists nor a set qualifier means anything for it.
                .filter(op -> op != ConditionOperator.NULL || (!ifExists && finalQualifier == SetQualifier.NONE))
                .map(op -> new Condition(finalQualifier, op, ifExists, key, values));
    }

    /** The operator as AWS writes it, e.g. {@code ForAllValues:StringEqualsIfExists}. */
    public String operatorText() {
        return qualifier.prefix + operator.awsName() + (ifExists ? IF_EXISTS : "");
    }
}
