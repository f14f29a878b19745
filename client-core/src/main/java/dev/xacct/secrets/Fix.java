package dev.xacct.secrets;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One concrete change that would make a failed read succeed: who must make it, to which policy of which resource,
 * the exact JSON to add when the change is an addition to a policy, and the same change as a machine-readable
 * {@link Action} that a program can apply.
 *
 * <p>Immutable. A fix never contains a secret value: it names ARNs, actions and policies only.
 */
public final class Fix {

    /**
     * A change a program can apply exactly as written: merge a statement into a resource's policy, attach a named
     * identity policy, or run a command. A fix with no action ({@link Fix#action()} is {@code null}) is a decision for
     * a person: removing a Deny, changing the client's configuration, or a value that is not known.
     */
    public sealed interface Action permits MergeStatement, AttachIdentityPolicy, RunCommand {

        /**
         * The action's type as the JSON report names it.
         *
         * @return {@code merge-statement}, {@code attach-identity-policy} or {@code run-command}
         */
        String type();

        /**
         * The action in a few words, for a person reading a report.
         *
         * @return for example {@code merge the statement into the KEY_POLICY of arn:...}
         */
        String describe();
    }

    /**
     * Merge one statement into a resource's policy: append it, leaving every other statement as it is.
     *
     * @param policy {@link PolicyKind#SECRET_RESOURCE_POLICY}, {@link PolicyKind#KEY_POLICY} or
     *     {@link PolicyKind#TRUST_POLICY}
     * @param targetArn the secret, key or role whose policy it is
     * @param statement the statement, a JSON object
     */
    public record MergeStatement(PolicyKind policy, String targetArn, String statement) implements Action {

        /**
         * Validates the parts.
         *
         * @param policy the kind of policy
         * @param targetArn the secret, key or role whose policy it is
         * @param statement the statement, a JSON object
         */
        public MergeStatement {
            if (policy != PolicyKind.SECRET_RESOURCE_POLICY
                    && policy != PolicyKind.KEY_POLICY
                    && policy != PolicyKind.TRUST_POLICY) {
                throw new IllegalArgumentException(
                        "policy must be a secret resource, key or trust policy, was: " + policy);
            }
            Objects.requireNonNull(targetArn, "targetArn");
            Objects.requireNonNull(statement, "statement");
        }

        @Override
        public String type() {
            return "merge-statement";
        }

        @Override
        public String describe() {
            return "merge the statement into the " + policy + " of " + targetArn;
        }
    }

    /**
     * Attach an inline identity policy to a role or user under a name ({@code aws iam put-role-policy} or
     * {@code put-user-policy}); names are distinct per purpose, so one fix never replaces another's policy.
     *
     * @param principalArn the role or user; its path is included when known (when the app runs as a role session and
     *     may not call {@code iam:GetRole}, it is not), and its account and {@link #principalName() name}, which is
     *     what IAM takes, identify it either way
     * @param policyName the inline policy's name
     * @param document the whole policy document, JSON
     */
    public record AttachIdentityPolicy(String principalArn, String policyName, String document) implements Action {

        /**
         * Validates the parts.
         *
         * @param principalArn the role or user
         * @param policyName the inline policy's name
         * @param document the whole policy document, JSON
         */
        public AttachIdentityPolicy {
            Objects.requireNonNull(principalArn, "principalArn");
            Objects.requireNonNull(policyName, "policyName");
            Objects.requireNonNull(document, "document");
        }

        /**
         * The role's or user's name, as {@code --role-name} or {@code --user-name} takes it.
         *
         * @return the last segment of the ARN's path
         */
        public String principalName() {
            return principalArn.substring(principalArn.lastIndexOf('/') + 1);
        }

        /**
         * Whether the principal is a role (else a user).
         *
         * @return {@code true} for a role ARN
         */
        public boolean isRole() {
            return principalArn.contains(":role/");
        }

        @Override
        public String type() {
            return "attach-identity-policy";
        }

        @Override
        public String describe() {
            return "aws iam put-" + (isRole() ? "role" : "user") + "-policy --" + (isRole() ? "role" : "user")
                    + "-name " + principalName() + " --policy-name " + policyName + " with the document";
        }
    }

    /**
     * Run one AWS CLI command, given as its arguments, for example {@code [aws, kms, enable-key, --key-id, ARN]}.
     *
     * @param command the command's words, the first being {@code aws}
     */
    public record RunCommand(List<String> command) implements Action {

        /**
         * Validates and copies the command.
         *
         * @param command the command's words, the first being {@code aws}
         */
        public RunCommand {
            command = List.copyOf(command);
            if (command.size() < 3 || !command.get(0).equals("aws")) {
                throw new IllegalArgumentException("command must be an aws CLI command, was: " + command);
            }
        }

        /**
         * The resource the command acts on: the value of its {@code --secret-id} or {@code --key-id}.
         *
         * @return the ARN, or {@code null} if the command names neither
         */
        public @Nullable String targetArn() {
            for (int i = 0; i < command.size() - 1; i++) {
                if (command.get(i).equals("--secret-id") || command.get(i).equals("--key-id")) {
                    return command.get(i + 1);
                }
            }
            return null;
        }

        /**
         * The command as one line (no argument needs quoting: they are ARNs, ids and option names).
         *
         * @return the command as one line (no argument needs quoting: they are ARNs, ids and option names)
         */
        public String commandLine() {
            return String.join(" ", command);
        }

        @Override
        public String type() {
            return "run-command";
        }

        @Override
        public String describe() {
            return commandLine();
        }
    }

    private final @Nullable String account;
    private final @Nullable PolicyKind policy;
    private final @Nullable String target;
    private final String instruction;
    private final @Nullable String statement;
    private final @Nullable Action action;

    private Fix(
            @Nullable String account,
            @Nullable PolicyKind policy,
            @Nullable String target,
            String instruction,
            @Nullable String statement,
            @Nullable Action action) {
        this.account = account;
        this.policy = policy;
        this.target = target;
        this.instruction = Objects.requireNonNull(instruction, "instruction");
        this.statement = statement;
        this.action = action;
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
    public static Fix of(
            @Nullable String account,
            @Nullable PolicyKind policy,
            @Nullable String target,
            String instruction,
            @Nullable String statement) {
        if (instruction == null || instruction.isBlank()) {
            throw new IllegalArgumentException("a fix needs an instruction");
        }
        return new Fix(account, policy, target, instruction, statement, null);
    }

    /**
     * Creates a fix a program can apply.
     *
     * @param account the 12-digit AWS account that must act, or {@code null} if unknown
     * @param instruction one plain sentence saying what to do; must not be blank
     * @param action the change, exactly as AWS would store or run it
     * @return the fix: its policy, target and statement follow from the action
     * @throws IllegalArgumentException if {@code instruction} is null or blank, or {@code action} is null
     */
    public static Fix applying(@Nullable String account, String instruction, Action action) {
        if (instruction == null || instruction.isBlank()) {
            throw new IllegalArgumentException("a fix needs an instruction");
        }
        if (action instanceof MergeStatement merge) {
            return new Fix(account, merge.policy(), merge.targetArn(), instruction, merge.statement(), merge);
        }
        if (action instanceof AttachIdentityPolicy attach) {
            return new Fix(
                    account, PolicyKind.IDENTITY_POLICY, attach.principalArn(), instruction, attach.document(), attach);
        }
        if (action instanceof RunCommand run) {
            return new Fix(account, null, run.targetArn(), instruction, null, run);
        }
        throw new IllegalArgumentException("action must not be null");
    }

    /**
     * The change as a program would apply it.
     *
     * @return the action, or {@code null} when the fix is a decision for a person (removing a Deny, a configuration
     *     change, a value that is not known here)
     */
    public @Nullable Action action() {
        return action;
    }

    /**
     * The 12-digit AWS account that must make this change.
     *
     * @return the account id, or {@code null} if it is unknown (for example, a service control policy is managed by
     *     the organization's management account, which AWS does not name)
     */
    public @Nullable String account() {
        return account;
    }

    /**
     * The policy that must change.
     *
     * @return the policy kind, or {@code null} when this fix is a configuration change rather than a policy change
     */
    public @Nullable PolicyKind policy() {
        return policy;
    }

    /**
     * The ARN of the resource that the policy is attached to: the secret's ARN for its resource policy, the KMS key's
     * ARN for its key policy, the role's ARN for its trust or identity policy.
     *
     * @return the ARN, or {@code null} if unknown or not applicable
     */
    public @Nullable String target() {
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
    public @Nullable String statement() {
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
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Fix other)) {
            return false;
        }
        return Objects.equals(account, other.account)
                && policy == other.policy
                && Objects.equals(target, other.target)
                && instruction.equals(other.instruction)
                && Objects.equals(statement, other.statement)
                && Objects.equals(action, other.action);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, policy, target, instruction, statement, action);
    }

    /**
     * A one-line description for logs: the account, the policy and the target (not the statement).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "Fix{account=" + account + ", policy=" + policy + ", target=" + target
                + ", statement=" + (statement == null ? "none" : "yes")
                + ", action=" + (action == null ? "none" : action.type()) + "}";
    }
}
