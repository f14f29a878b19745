package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What IAM users and roles share: an account, an ARN, named identity policies and an optional permissions boundary.
 * Policies are read at each request, so a change applies at once, also to sessions already issued.
 */
public abstract sealed class Principal permits IamUser, IamRole {

    private final Account account;
    private final String name;
    private final String uniqueId;
    private final Map<String, StoredPolicy> policies = new ConcurrentHashMap<>();
    private volatile @Nullable StoredPolicy permissionsBoundary;
    private final Map<String, String> tags = new ConcurrentHashMap<>();
    private final java.time.Instant createDate;
    private volatile boolean deleted;

    Principal(Account account, String name, String uniqueIdPrefix) {
        this.account = account;
        this.name = name;
        this.uniqueId = uniqueIdPrefix + account.world().randomChars(Ids.UPPER_ALNUM, 17);
        this.createDate = account.world().clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** {@return the account the principal belongs to} */
    public Account account() {
        return account;
    }

    /** {@return the user or role name} */
    public String name() {
        return name;
    }

    /** {@return the unique id ({@code AIDA…} for users, {@code AROA…} for roles)} */
    public String uniqueId() {
        return uniqueId;
    }

    /** {@return the ARN} */
    public abstract String arn();

    /** {@return when the principal was created, to the second (IAM's {@code CreateDate})} */
    public java.time.Instant createDate() {
        return createDate;
    }

    /**
     * Adds or replaces the inline identity policy {@code policyName}, as IAM {@code PutRolePolicy} or
     * {@code PutUserPolicy} would.
     *
     * @param policyName the inline policy's name, unique to this principal
     * @param policyJson the whole policy as JSON
     * @return this principal
     * @throws AwsRefusedException if IAM would refuse the policy (not valid JSON, a Principal element, a statement
     *     without Resource, a repeated Sid)
     * @throws IllegalArgumentException if the policy name is not 1-128 characters of letters, digits and +=,.@_-
     */
    public Principal putPolicy(String policyName, String policyJson) {
        Ids.requirePolicyName(policyName);
        policies.put(
                policyName,
                PolicyValidator.store(
                        account.world(), PolicyKind.IDENTITY_POLICY, "identity policy " + policyName, policyJson));
        return this;
    }

    /**
     * {@return the inline identity policy {@code policyName} as JSON, if there is one}
     *
     * @param policyName the inline policy's name
     */
    public java.util.Optional<String> policy(String policyName) {
        StoredPolicy policy = policies.get(policyName);
        return policy == null ? java.util.Optional.empty() : java.util.Optional.of(policy.json());
    }

    /** {@return the names of the inline identity policies, sorted} */
    public List<String> policyNames() {
        return policies.keySet().stream().sorted().toList();
    }

    /**
     * Removes the inline identity policy {@code policyName}, if present.
     *
     * @param policyName the inline policy's name
     * @return this principal
     */
    public Principal deletePolicy(String policyName) {
        policies.remove(policyName);
        return this;
    }

    /**
     * Sets the permissions boundary, or removes it when {@code policyJson} is {@code null}.
     *
     * @param policyJson the boundary policy as JSON, or {@code null} for none
     * @return this principal
     * @throws AwsRefusedException if IAM would refuse the policy
     */
    public Principal permissionsBoundary(@Nullable String policyJson) {
        this.permissionsBoundary = policyJson == null
                ? null
                : PolicyValidator.store(
                        account.world(), PolicyKind.PERMISSIONS_BOUNDARY, "permissions boundary", policyJson);
        return this;
    }

    /** {@return the permissions boundary as JSON, if there is one} */
    public java.util.Optional<String> permissionsBoundary() {
        StoredPolicy boundary = permissionsBoundary;
        return boundary == null ? java.util.Optional.empty() : java.util.Optional.of(boundary.json());
    }

    /**
     * Adds or replaces a tag, as IAM {@code TagRole} or {@code TagUser} would; policies see it as
     * {@code aws:PrincipalTag/KEY} (and as the policy variable {@code ${aws:PrincipalTag/KEY}}) on the principal's
     * requests. Session tags are not emulated.
     *
     * @param key the tag key: 1 to 128 characters, not starting with {@code aws:}
     * @param value the tag value, not null (may be empty)
     * @return this principal
     */
    public Principal tag(String key, String value) {
        tags.put(Ids.requireTagKey(key), java.util.Objects.requireNonNull(value, "tag value"));
        return this;
    }

    /** {@return the tags} */
    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    /** {@return whether the principal was deleted; its sessions then have no permissions left} */
    public boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    List<PolicyDocument> identityPolicies() {
        if (deleted) {
            return List.of();
        }
        List<PolicyDocument> documents = new ArrayList<>(policies.size());
        policies.values().forEach(policy -> documents.add(policy.document()));
        return documents;
    }

    /** The inline identity policies by name, for the simulator's MatchedStatements. */
    Map<String, PolicyDocument> namedIdentityPolicies() {
        Map<String, PolicyDocument> named = new java.util.TreeMap<>();
        if (!deleted) {
            policies.forEach((name, policy) -> named.put(name, policy.document()));
        }
        return named;
    }

    @Nullable
    PolicyDocument boundary() {
        StoredPolicy boundary = permissionsBoundary;
        return boundary == null ? null : boundary.document();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + arn() + "]";
    }
}
