package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;
import java.util.Optional;

/**
 * Substitutes policy variables ({@code ${aws:username}}, {@code ${aws:PrincipalTag/team}},
 * {@code ${aws:ResourceOrgID}}, any key of the request context) in a policy value, as IAM does in the Resource element
 * and in string and ARN conditions of a {@code 2012-10-17} policy (IAM User Guide, "IAM policy elements: Variables and
 * tags"). A variable whose key is absent, or has several values, makes the value unusable unless it gives a default
 * ({@code ${aws:username, 'nobody'}}). {@code ${*}}, {@code ${?}} and {@code ${$}} stand for those characters.
 */
final class PolicyVariables {

    private PolicyVariables() {}

    /** Whether {@code value} needs substitution at all: the fast path for the common policy without variables. */
    static boolean has(String value) {
        return value.indexOf("${") >= 0;
    }

    /** {@code value} with its variables replaced, or empty if one cannot be (absent key, no default). */
    static Optional<String> substitute(String value, RequestContext context) {
        if (!has(value)) {
            return Optional.of(value);
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            int end = start < 0 ? -1 : value.indexOf('}', start);
            if (start < 0 || end < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            Optional<String> replaced = resolve(value.substring(start + 2, end).trim(), context);
            if (replaced.isEmpty()) {
                return Optional.empty();
            }
            out.append(replaced.get());
            i = end + 1;
        }
        return Optional.of(out.toString());
    }

    private static Optional<String> resolve(String variable, RequestContext context) {
        if (variable.equals("*") || variable.equals("?") || variable.equals("$")) {
            return Optional.of(variable);
        }
        String key = variable;
        String fallback = null;
        int comma = variable.indexOf(',');
        if (comma >= 0) {
            key = variable.substring(0, comma).trim();
            String rest = variable.substring(comma + 1).trim();
            if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
                fallback = rest.substring(1, rest.length() - 1);
            }
        }
        List<String> values = context.get(key);
        if (values.size() == 1) {
            return Optional.of(values.get(0));
        }
        return Optional.ofNullable(fallback);
    }
}
