package dev.xacct.secrets.testkit.internal.iam;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * The condition operators this emulator evaluates, without {@code IfExists} and set qualifiers. A negated operator
 * ({@code StringNotEquals}, …) holds the test of its positive form and is true when that test fails for every
 * policy value.
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, String::equals),
    STRING_NOT_EQUALS("StringNotEquals", true, String::equals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, String::equalsIgnoreCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, String::equalsIgnoreCase),
    STRING_LIKE("StringLike", false, (policy, request) -> Wildcards.matches(policy, request, false)),
    STRING_NOT_LIKE("StringNotLike", true, (policy, request) -> Wildcards.matches(policy, request, false)),
    // AWS gives ArnEquals the same wildcard semantics as ArnLike.
    ARN_EQUALS("ArnEquals", false, ArnPatterns::matches),
    ARN_NOT_EQUALS("ArnNotEquals", true, ArnPatterns::matches),
    ARN_LIKE("ArnLike", false, ArnPatterns::matches),
    ARN_NOT_LIKE("ArnNotLike", true, ArnPatterns::matches),
    BOOL("Bool", false, String::equalsIgnoreCase),
    // Null is decided by the key's presence alone; ConditionEvaluator handles it before any value test.
    NULL("Null", false, (policy, request) -> false),
    NUMERIC_EQUALS("NumericEquals", false, numeric(c -> c == 0)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, numeric(c -> c == 0)),
    NUMERIC_LESS_THAN("NumericLessThan", false, numeric(c -> c < 0)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, numeric(c -> c <= 0)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, numeric(c -> c > 0)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, numeric(c -> c >= 0)),
    DATE_EQUALS("DateEquals", false, date(c -> c == 0)),
    DATE_NOT_EQUALS("DateNotEquals", true, date(c -> c == 0)),
    DATE_LESS_THAN("DateLessThan", false, date(c -> c < 0)),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, date(c -> c <= 0)),
    DATE_GREATER_THAN("DateGreaterThan", false, date(c -> c > 0)),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, date(c -> c >= 0)),
    IP_ADDRESS("IpAddress", false, IpRanges::contains),
    NOT_IP_ADDRESS("NotIpAddress", true, IpRanges::contains),
    // IAM User Guide, "Condition operators", binary: the base64-encoded policy value against the request's value,
    // byte for byte (compared here as base64 text after removing the padding and whitespace AWS ignores).
    BINARY_EQUALS(
            "BinaryEquals",
            false,
            (policy, request) ->
                    Scalars.binary(policy).isPresent() && Scalars.binary(policy).equals(Scalars.binary(request)));

    private static final Map<String, ConditionOperator> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ConditionOperator::awsName, Function.identity()));

    private final String awsName;
    private final boolean negated;
    private final BiPredicate<String, String> test;

    ConditionOperator(String awsName, boolean negated, BiPredicate<String, String> test) {
        this.awsName = awsName;
        this.negated = negated;
        this.test = test;
    }

    /** The operator with this exact (case-sensitive) AWS name, e.g. {@code StringLike}. */
    public static Optional<ConditionOperator> byName(String awsName) {
        return Optional.ofNullable(BY_NAME.get(awsName));
    }

    public String awsName() {
        return awsName;
    }

    /**
     * Whether policy variables ({@code ${aws:username}}) are substituted in this operator's policy values: in string
     * and ARN comparisons only (IAM User Guide, "IAM policy elements: Variables and tags").
     */
    boolean takesVariables() {
        return awsName.startsWith("String") || awsName.startsWith("Arn");
    }

    /** Whether this is a {@code …Not…} operator: true for an absent key, and true when no policy value matches. */
    public boolean negated() {
        return negated;
    }

    /** The positive test of one policy value against one request value (for negated operators, before negation). */
    boolean test(String policyValue, String requestValue) {
        return test.test(policyValue, requestValue);
    }

    /** Compares request to policy value: {@code NumericLessThan} means request < policy. */
    private static BiPredicate<String, String> numeric(IntPredicate comparison) {
        return compared(Scalars::number, comparison);
    }

    private static BiPredicate<String, String> date(IntPredicate comparison) {
        return compared(Scalars::instant, comparison);
    }

    private static <T extends Comparable<T>> BiPredicate<String, String> compared(
            Function<String, Optional<T>> parse, IntPredicate comparison) {
        return (policy, request) -> {
            Optional<T> policyValue = parse.apply(policy);
            Optional<T> requestValue = parse.apply(request);
            // A value that does not parse matches nothing, as AWS treats a type mismatch.
            return policyValue.isPresent()
                    && requestValue.isPresent()
                    && comparison.test(requestValue.get().compareTo(policyValue.get()));
        };
    }
}
