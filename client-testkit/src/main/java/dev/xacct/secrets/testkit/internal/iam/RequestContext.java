package dev.xacct.secrets.testkit.internal.iam;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The condition keys of one request, looked up case-insensitively as AWS does with key names. */
final class RequestContext {

    /** Derived from the principal; a request cannot set them (they would let a caller pose as someone else). */
    private static final List<String> PRINCIPAL_KEYS = List.of(
            "aws:PrincipalArn",
            "aws:PrincipalAccount",
            "aws:PrincipalOrgID",
            "aws:PrincipalOrgPaths",
            "aws:userid",
            "aws:username",
            "aws:PrincipalType");

    /** By key lowercased: a hash lookup per key instead of case-insensitive comparisons down a tree. */
    private final Map<String, List<String>> values = new HashMap<>(64);

    private RequestContext() {}

    /** The request's own keys plus the global keys of {@code principal}, which take precedence. */
    static RequestContext of(Map<String, List<String>> requestKeys, PrincipalInfo principal) {
        RequestContext context = new RequestContext();
        requestKeys.forEach((key, keyValues) -> {
            if (keyValues != null && !keyValues.isEmpty()) {
                context.values.put(lower(key), List.copyOf(keyValues));
            }
        });
        PRINCIPAL_KEYS.forEach(key -> context.values.remove(lower(key)));
        context.put("aws:PrincipalArn", principal.principalArnConditionValue());
        context.put("aws:PrincipalAccount", principal.accountId());
        context.put("aws:PrincipalOrgID", principal.orgId());
        context.put("aws:userid", principal.userId());
        context.put("aws:username", principal.kind() == PrincipalInfo.Kind.USER ? principal.userName() : null);
        context.put("aws:PrincipalType", principal.principalType());
        context.put("aws:PrincipalOrgPaths", principal.orgPath());
        principal.tags().forEach((tag, value) -> context.put("aws:PrincipalTag/" + tag, value));
        return context;
    }

    private void put(String key, String value) {
        if (value != null) {
            values.put(lower(key), List.of(value));
        }
    }

    private static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    /** Whether the request has a value for {@code key}. */
    boolean has(String key) {
        return values.containsKey(lower(key));
    }

    /** The values of {@code key}, empty when the key is absent (an empty value list counts as absent). */
    List<String> get(String key) {
        return values.getOrDefault(lower(key), List.of());
    }
}
