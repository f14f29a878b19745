package dev.xacct.secrets.testkit.internal.iam;

import java.util.List;
import java.util.Map;

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
}
