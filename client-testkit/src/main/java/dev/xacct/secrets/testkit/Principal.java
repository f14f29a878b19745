package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What IAM users and roles share: an account, an ARN, named identity policies and an optional permissions boundary.
 * Policies are read at each request, so a change applies at once, also to sessions already issued.
 */
public abstract sealed class Principal permits IamUser, IamRole {

    private final Account account;
    private final String name;
    private final String uniqueId;
    private final Map<String, PolicyDocument> policies = new ConcurrentHashMap<>();
    private volatile PolicyDocument permissionsBoundary;

    Principal(Account account, String name, String uniqueIdPrefix) {
        this.account = account;
        this.name = name;
        this.uniqueId = uniqueIdPrefix + account.world().randomChars(Ids.UPPER_ALNUM, 17);
    }

    /** The account the principal belongs to. */
    public Account account() {
        return account;
    }

    /** The user or role name. */
    public String name() {
        return name;
    }

    /** The unique id ({@code AIDA…} for users, {@code AROA…} for roles). */
    public String uniqueId() {
        return uniqueId;
    }

    /** The ARN. */
    public abstract String arn();

    /**
     * Adds or replaces the inline identity policy {@code policyName}.
     *
     * @throws IllegalArgumentException if the JSON is not a valid policy document
     */
    public Principal putPolicy(String policyName, String policyJson) {
        policies.put(policyName, Policies.parse("identity policy " + policyName, policyJson));
        return this;
    }

    /** Removes the inline identity policy {@code policyName}, if present. */
    public Principal deletePolicy(String policyName) {
        policies.remove(policyName);
        return this;
    }

    /** Sets the permissions boundary, or removes it when {@code policyJson} is {@code null}. */
    public Principal permissionsBoundary(String policyJson) {
        this.permissionsBoundary = policyJson == null ? null : Policies.parse("permissions boundary", policyJson);
        return this;
    }

    List<PolicyDocument> identityPolicies() {
        return new ArrayList<>(policies.values());
    }

    Map<String, PolicyDocument> namedIdentityPolicies() {
        return Map.copyOf(policies);
    }

    PolicyDocument boundary() {
        return permissionsBoundary;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + arn() + "]";
    }
}
