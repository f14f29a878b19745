package dev.xacct.secrets.testkit.internal.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Principal or NotPrincipal element: {@code "*"}, or principal values by type ({@code AWS}, {@code Service},
 * {@code Federated}, {@code CanonicalUser}).
 *
 * @param everyone whether the element is the bare string {@code "*"}
 * @param byType the values of each principal type, each a non-empty list
 */
public record Principals(boolean everyone, Map<String, List<String>> byType) {

    public Principals {
        byType = Map.copyOf(byType);
    }

    /** The values of the {@code AWS} type (account ids, ARNs, unique ids or {@code *}); empty if none. */
    public List<String> aws() {
        return byType.getOrDefault("AWS", List.of());
    }

    /** The same element with each {@code AWS} value mapped by {@code mapper}. */
    public Principals withAws(UnaryOperator<String> mapper) {
        if (!byType.containsKey("AWS")) {
            return this;
        }
        Map<String, List<String>> mapped = new LinkedHashMap<>(byType);
        mapped.put("AWS", aws().stream().map(mapper).toList());
        return new Principals(everyone, mapped);
    }
}
