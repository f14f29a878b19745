package dev.xacct.secrets.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change the owner of a policy or resource makes, as a value: merge a statement into a policy, attach or replace a
 * named identity policy, or run a command. {@link World#apply(OwnerAction)} applies it as AWS would, refusing what
 * AWS refuses. The shapes follow what a diagnosis tells an owner to do, so a test can apply a report's fixes.
 */
public sealed interface OwnerAction
        permits OwnerAction.MergeStatement, OwnerAction.PutIdentityPolicy, OwnerAction.RunCommand {

    /** The commands an owner runs, each the equivalent of an AWS CLI command. */
    enum Command {
        /** {@code aws kms enable-key}: target is a key ARN. */
        ENABLE_KEY,
        /** {@code aws kms cancel-key-deletion}: target is a key ARN; the key is then disabled. */
        CANCEL_KEY_DELETION,
        /** {@code aws secretsmanager restore-secret}: target is a secret ARN. */
        RESTORE_SECRET,
        /** {@code aws secretsmanager update-secret --kms-key-id}: target is a secret ARN, argument the key id. */
        UPDATE_SECRET_KMS_KEY_ID
    }

    /**
     * Merge {@code statementJson} into a policy: appended unless an equal statement is there; nothing else touched.
     *
     * @param policy {@link PolicyKind#SECRET_RESOURCE_POLICY}, {@link PolicyKind#KEY_POLICY} or
     *     {@link PolicyKind#TRUST_POLICY}
     * @param targetArn the secret, key or role ARN
     * @param statementJson one statement, a JSON object
     */
    record MergeStatement(PolicyKind policy, String targetArn, String statementJson) implements OwnerAction {
        /**
         * Checks the fields.
         *
         * @param policy {@link PolicyKind#SECRET_RESOURCE_POLICY}, {@link PolicyKind#KEY_POLICY} or
         *     {@link PolicyKind#TRUST_POLICY}
         * @param targetArn the secret, key or role ARN
         * @param statementJson one statement, a JSON object
         * @throws IllegalArgumentException if {@code policy} is another kind, one no statement merges into
         */
        public MergeStatement {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(targetArn, "targetArn");
            Objects.requireNonNull(statementJson, "statementJson");
            if (policy != PolicyKind.SECRET_RESOURCE_POLICY
                    && policy != PolicyKind.KEY_POLICY
                    && policy != PolicyKind.TRUST_POLICY) {
                throw new IllegalArgumentException("a statement merges into a secret resource policy, a key policy or "
                        + "a trust policy, not into " + policy);
            }
        }
    }

    /**
     * Attach or replace the inline identity policy {@code policyName} of a user or role.
     *
     * @param principalArn the role or user ARN, path included
     * @param policyName the inline policy's name
     * @param policyJson the whole policy
     */
    record PutIdentityPolicy(String principalArn, String policyName, String policyJson) implements OwnerAction {
        /**
         * Checks that no field is null.
         *
         * @param principalArn the role or user ARN, path included
         * @param policyName the inline policy's name
         * @param policyJson the whole policy
         */
        public PutIdentityPolicy {
            Objects.requireNonNull(principalArn, "principalArn");
            Objects.requireNonNull(policyName, "policyName");
            Objects.requireNonNull(policyJson, "policyJson");
        }
    }

    /**
     * Run a command on a key or secret.
     *
     * @param command what to run
     * @param targetArn the key or secret ARN
     * @param argument the command's argument ({@code --kms-key-id} of {@link Command#UPDATE_SECRET_KMS_KEY_ID}),
     *     else {@code null}
     */
    record RunCommand(
            Command command, String targetArn, @Nullable String argument) implements OwnerAction {
        /**
         * Checks the fields.
         *
         * @param command what to run
         * @param targetArn the key or secret ARN
         * @param argument the command's argument ({@code --kms-key-id} of {@link Command#UPDATE_SECRET_KMS_KEY_ID}),
         *     else {@code null}
         * @throws IllegalArgumentException if an argument is given to a command that takes none, or missing
         */
        public RunCommand {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(targetArn, "targetArn");
            if ((command == Command.UPDATE_SECRET_KMS_KEY_ID) != (argument != null)) {
                throw new IllegalArgumentException(
                        command == Command.UPDATE_SECRET_KMS_KEY_ID
                                ? "UPDATE_SECRET_KMS_KEY_ID needs the key id as its argument"
                                : command + " takes no argument, was: " + argument);
            }
        }
    }

    /**
     * Merge a statement into a secret's resource policy.
     *
     * @param secretArn the secret's full ARN
     * @param statementJson one statement, a JSON object
     * @return the action
     */
    static OwnerAction mergeIntoResourcePolicy(String secretArn, String statementJson) {
        return new MergeStatement(PolicyKind.SECRET_RESOURCE_POLICY, secretArn, statementJson);
    }

    /**
     * Merge a statement into a key policy.
     *
     * @param keyArn the key's ARN
     * @param statementJson one statement, a JSON object
     * @return the action
     */
    static OwnerAction mergeIntoKeyPolicy(String keyArn, String statementJson) {
        return new MergeStatement(PolicyKind.KEY_POLICY, keyArn, statementJson);
    }

    /**
     * Merge a statement into a role's trust policy.
     *
     * @param roleArn the role's ARN, path included
     * @param statementJson one statement, a JSON object
     * @return the action
     */
    static OwnerAction mergeIntoTrustPolicy(String roleArn, String statementJson) {
        return new MergeStatement(PolicyKind.TRUST_POLICY, roleArn, statementJson);
    }

    /**
     * Attach or replace a named identity policy.
     *
     * @param principalArn the role or user ARN, path included
     * @param policyName the inline policy's name
     * @param policyJson the whole policy, a JSON document
     * @return the action
     */
    static OwnerAction putIdentityPolicy(String principalArn, String policyName, String policyJson) {
        return new PutIdentityPolicy(principalArn, policyName, policyJson);
    }

    /**
     * {@code enable-key}.
     *
     * @param keyArn the key's ARN
     * @return the action
     */
    static OwnerAction enableKey(String keyArn) {
        return new RunCommand(Command.ENABLE_KEY, keyArn, null);
    }

    /**
     * {@code cancel-key-deletion}; the key is then disabled.
     *
     * @param keyArn the key's ARN
     * @return the action
     */
    static OwnerAction cancelKeyDeletion(String keyArn) {
        return new RunCommand(Command.CANCEL_KEY_DELETION, keyArn, null);
    }

    /**
     * {@code restore-secret}.
     *
     * @param secretArn the secret's full ARN
     * @return the action
     */
    static OwnerAction restoreSecret(String secretArn) {
        return new RunCommand(Command.RESTORE_SECRET, secretArn, null);
    }

    /**
     * {@code update-secret --kms-key-id}.
     *
     * @param secretArn the secret's full ARN
     * @param kmsKeyId the new key: a key id, key ARN, alias name or alias ARN
     * @return the action
     */
    static OwnerAction updateSecretKmsKeyId(String secretArn, String kmsKeyId) {
        return new RunCommand(Command.UPDATE_SECRET_KMS_KEY_ID, secretArn, kmsKeyId);
    }
}
