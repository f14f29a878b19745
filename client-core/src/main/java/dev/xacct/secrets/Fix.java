package dev.xacct.secrets;

import java.util.Objects;

/**
 * One concrete change that would make a failed read succeed: who must make it, to which policy of which resource,
 * and, when the change is an addition to a policy, the exact JSON to add.
 *
 * <p>Immutable. A fix never contains a secret value: it names ARNs, actions and policies only.
 */
public final class Fix {

    private final String account;
    private final PolicyKind policy;
    private final String target;
    private final String instruction;
    private final String statement;

    private Fix(String account, PolicyKind policy, String target, String instruction, String statement) {
        this.account = account;
        this.policy = policy;
        this.target = target;
        this.instruction = Objects.requireNonNull(instruction, "instruction");
        this.statement = statement;
    }

    /**
     * Creates a fix.
     *
     * @param account the 12-digit AWS account that must act, or {@code null} if unknown
     * @param policy the policy to change, or {@code null} when the fix is a configuration change rather than a policy
     *     change (for example, sending the request to another region)
     * @param target the ARN of the resource the policy is attached to (the secret, the KMS key, the role), or
     *     {@code null} if unknown or not applicable
     * @param instruction one plain sentence saying what to do; must not be blank
     * @param statement the exact JSON to add, or {@code null} when the fix is a removal or a configuration change,
     *     or when a value the JSON needs is unknown
     * @return the fix
     * @throws IllegalArgumentException if {@code instruction} is null or blank
     */
    public static Fix of(String account, PolicyKind policy, String target, String instruction, String statement) {
        if (instruction == null || instruction.isBlank()) {
            throw new IllegalArgumentException("a fix needs an instruction");
        }
        return new Fix(account, policy, target, instruction, statement);
    }

    /**
     * The 12-digit AWS account that must make this change.
     *
     * @return the account id, or {@code null} if it is unknown (for example, a service control policy is managed by
     *     the organization's management account, which AWS does not name)
     */
    public String account() {
        return account;
    }

    /**
     * The policy that must change.
     *
     * @return the policy kind, or {@code null} when this fix is a configuration change rather than a policy change
     */
    public PolicyKind policy() {
        return policy;
    }

    /**
     * The ARN of the resource that the policy is attached to: the secret's ARN for its resource policy, the KMS key's
     * ARN for its key policy, the role's ARN for its trust or identity policy.
     *
     * @return the ARN, or {@code null} if unknown or not applicable
     */
    public String target() {
        return target;
    }

    /**
     * One plain sentence saying what to do, for example {@code "Add this statement to the key policy of
     * arn:aws:kms:us-east-1:111111111111:key/... in account 111111111111."}.
     *
     * @return the instruction, never {@code null} or blank
     */
    public String instruction() {
        return instruction;
    }

    /**
     * The exact policy JSON to add, pretty-printed: a whole policy document or a single statement, as the
     * instruction says.
     *
     * @return the JSON, or {@code null} when the fix is a removal or a configuration change, or when a value the JSON
     *     would need (such as a key ARN) is unknown; the instruction then says how to find it
     */
    public String statement() {
        return statement;
    }

    /**
     * Whether this fix carries a JSON statement to add.
     *
     * @return {@code true} if {@link #statement()} is not {@code null}
     */
    public boolean hasStatement() {
        return statement != null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Fix)) {
            return false;
        }
        Fix other = (Fix) o;
        return Objects.equals(account, other.account)
                && policy == other.policy
                && Objects.equals(target, other.target)
                && instruction.equals(other.instruction)
                && Objects.equals(statement, other.statement);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, policy, target, instruction, statement);
    }

    /**
     * A one-line description for logs: the account, the policy and the target (not the statement).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Fix{account=" + account + ", policy=" + policy + ", target=" + target
                + ", statement=" + (statement == null ? "none" : "yes") + "}";
    }
}
