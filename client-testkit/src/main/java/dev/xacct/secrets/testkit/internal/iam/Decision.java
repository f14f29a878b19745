package dev.xacct.secrets.testkit.internal.iam;

import java.util.Objects;

/** The outcome of one authorization: allowed, or denied explicitly or implicitly by a named policy type. */
public final class Decision {

    private static final Decision ALLOW = new Decision(true, false, null);

    private final boolean allowed;
    private final boolean explicitDeny;
    private final PolicyType policyType;

    private Decision(boolean allowed, boolean explicitDeny, PolicyType policyType) {
        this.allowed = allowed;
        this.explicitDeny = explicitDeny;
        this.policyType = policyType;
    }

    /** The request is allowed. */
    public static Decision allow() {
        return ALLOW;
    }

    /** A Deny statement in a policy of {@code type} applies to the request. */
    public static Decision explicitDeny(PolicyType type) {
        return new Decision(false, true, Objects.requireNonNull(type, "type"));
    }

    /** No statement of a policy of {@code type} allows the request, and that policy type had to. */
    public static Decision implicitDeny(PolicyType type) {
        return new Decision(false, false, Objects.requireNonNull(type, "type"));
    }

    public boolean allowed() {
        return allowed;
    }

    public boolean explicitDeny() {
        return explicitDeny;
    }

    /** The policy type that denied, or {@code null} when allowed. */
    public PolicyType policyType() {
        return policyType;
    }

    /**
     * The clause AWS appends to its AccessDenied message, e.g. {@code because no identity-based policy allows the
     * secretsmanager:GetSecretValue action} or {@code with an explicit deny in a resource-based policy}.
     *
     * @throws IllegalStateException if the request was allowed: there is nothing to explain
     */
    public String reason(String action) {
        if (allowed) {
            throw new IllegalStateException("an allowed request has no denial reason");
        }
        String noun = policyType.noun();
        if (explicitDeny) {
            return "with an explicit deny in " + article(noun) + " " + noun;
        }
        return "because no " + noun + " allows the " + action + " action";
    }

    private static String article(String noun) {
        return "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Decision that
                && allowed == that.allowed
                && explicitDeny == that.explicitDeny
                && policyType == that.policyType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowed, explicitDeny, policyType);
    }

    @Override
    public String toString() {
        if (allowed) {
            return "allow";
        }
        return (explicitDeny ? "explicit deny" : "implicit deny") + " (" + policyType.phrase() + ")";
    }
}
