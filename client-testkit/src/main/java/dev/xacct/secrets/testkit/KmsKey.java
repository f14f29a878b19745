package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A symmetric KMS key: customer managed (with a key policy a test can change) or the AWS managed key
 * {@code alias/aws/secretsmanager} (whose key policy is fixed, as in AWS). Created by {@link Account#createKey()} or
 * {@link Account#awsManagedKey()}.
 */
public final class KmsKey {

    /** The states of a key that matter for decryption. */
    public enum State {
        /** Usable. */
        ENABLED,
        /** Disabled: {@code Decrypt} fails with {@code DisabledException}. */
        DISABLED,
        /** Scheduled for deletion: {@code Decrypt} fails with {@code KMSInvalidStateException}. */
        PENDING_DELETION
    }

    /** The alias of the AWS managed key for Secrets Manager. */
    public static final String AWS_SECRETSMANAGER_ALIAS = "alias/aws/secretsmanager";

    private final Account account;
    private final String region;
    private final String keyId;
    private final boolean awsManaged;
    private final Instant creationDate;
    private final KeyMaterial material;
    private volatile StoredPolicy keyPolicy;
    private volatile State state = State.ENABLED;
    private final Map<String, String> tags = new java.util.concurrent.ConcurrentHashMap<>();

    private KmsKey(Account account, String region, boolean awsManaged, String policyJson) {
        World world = account.world();
        this.account = account;
        this.region = region;
        this.keyId = world.randomUuid();
        this.awsManaged = awsManaged;
        this.creationDate = world.clock().instant();
        this.material = new KeyMaterial(world.randomBytes(32));
        this.keyPolicy = PolicyValidator.store(world, PolicyKind.KEY_POLICY, "key policy", policyJson);
    }

    static KmsKey customerManaged(Account account, String region) {
        return new KmsKey(account, region, false, Policies.defaultKeyPolicy(account.id()));
    }

    static KmsKey awsManaged(Account account, String region) {
        return new KmsKey(account, region, true, awsSecretsManagerKeyPolicy(account.id(), region));
    }

    /** {@return the key ARN, {@code arn:aws:kms:REGION:ACCOUNT:key/ID}} */
    public String arn() {
        return "arn:aws:kms:" + region + ":" + account.id() + ":key/" + keyId;
    }

    /** {@return the key id (a UUID)} */
    public String keyId() {
        return keyId;
    }

    /** {@return the region of the key} */
    public String region() {
        return region;
    }

    /** {@return the account that owns the key} */
    public Account account() {
        return account;
    }

    /** {@return whether this is the AWS managed key {@code alias/aws/secretsmanager}} */
    public boolean isAwsManaged() {
        return awsManaged;
    }

    /** {@return the key policy as JSON, as KMS returns it (a principal deleted since shows as its unique id)} */
    public String keyPolicy() {
        return keyPolicy.json();
    }

    /**
     * Replaces the key policy, as KMS {@code PutKeyPolicy} would.
     *
     * @param policyJson the whole key policy as JSON
     * @return this key
     * @throws UnsupportedOperationException for the AWS managed key, whose policy AWS does not let anyone change
     * @throws AwsRefusedException if KMS would refuse the policy: not valid, a statement without Principal, a
     *     principal that does not exist, a partial wildcard
     */
    public KmsKey keyPolicy(String policyJson) {
        requireCustomerManaged("change the key policy of");
        this.keyPolicy =
                PolicyValidator.store(account.world(), PolicyKind.KEY_POLICY, "key policy of " + arn(), policyJson);
        return this;
    }

    /**
     * Merges a key policy statement allowing {@code principal} (an ARN, account id or {@code *}) the {@code actions}
     * on the key ({@code "Resource": "*"}), unless the policy already has it.
     *
     * @param principal a user, role or account ARN, an account id, or {@code *}
     * @param actions one or more actions, such as {@code kms:Decrypt}
     * @return this key
     * @throws UnsupportedOperationException for the AWS managed key
     */
    public KmsKey allow(String principal, String... actions) {
        mergeKeyPolicyStatement(Policies.statement("Allow", principal, "*", actions));
        return this;
    }

    /**
     * Merges {@code statementJson} into the key policy, as a key owner would with {@code get-key-policy} and
     * {@code put-key-policy}: appended unless the policy already has an equal statement, no other statement touched.
     *
     * @param statementJson one statement, a JSON object
     * @return whether the policy changed
     * @throws AwsRefusedException if KMS would refuse the merged policy
     * @throws UnsupportedOperationException for the AWS managed key
     */
    public synchronized boolean mergeKeyPolicyStatement(String statementJson) {
        requireCustomerManaged("change the key policy of");
        java.util.Optional<String> merged = Policies.merge(keyPolicy(), statementJson);
        merged.ifPresent(this::keyPolicy);
        return merged.isPresent();
    }

    /**
     * Disables the key, as {@code disable-key} does: KMS then refuses to decrypt with it.
     *
     * @return this key
     * @throws UnsupportedOperationException for the AWS managed key
     */
    public KmsKey disable() {
        requireCustomerManaged("disable");
        state = State.DISABLED;
        return this;
    }

    /**
     * Enables the key, as {@code enable-key} does.
     *
     * @return this key
     * @throws AwsRefusedException {@code KMSInvalidStateException} if the key is pending deletion: cancel the deletion
     *     first (which leaves it disabled)
     */
    public KmsKey enable() {
        if (state == State.PENDING_DELETION) {
            throw invalidState("enable", " is pending deletion.");
        }
        state = State.ENABLED;
        return this;
    }

    /**
     * Schedules the key for deletion; it stays pending deletion (unusable) until {@link #cancelDeletion()}.
     *
     * @return this key
     * @throws UnsupportedOperationException for the AWS managed key
     */
    public KmsKey scheduleDeletion() {
        requireCustomerManaged("schedule deletion of");
        state = State.PENDING_DELETION;
        return this;
    }

    /**
     * Cancels a scheduled deletion, as {@code cancel-key-deletion} does: the key is then disabled, not enabled
     * (KMS Developer Guide, "Scheduling and canceling key deletion").
     *
     * @return this key
     * @throws AwsRefusedException {@code KMSInvalidStateException} if the key is not pending deletion
     */
    public KmsKey cancelDeletion() {
        if (state != State.PENDING_DELETION) {
            throw invalidState("cancel the deletion of", " is not pending deletion.");
        }
        state = State.DISABLED;
        return this;
    }

    private AwsRefusedException invalidState(String what, String problem) {
        return new AwsRefusedException(
                "cannot " + what + " " + arn() + ": it is " + state,
                "kms",
                "KMSInvalidStateException",
                400,
                arn() + problem);
    }

    /**
     * Adds or replaces a tag; policies see it as {@code aws:ResourceTag/KEY}.
     *
     * @param key the tag key: 1 to 128 characters, not starting with {@code aws:}
     * @param value the tag value, not null (may be empty)
     * @return this key
     */
    public KmsKey tag(String key, String value) {
        tags.put(Ids.requireTagKey(key), Objects.requireNonNull(value, "tag value"));
        return this;
    }

    /** {@return the tags} */
    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    /** {@return the key state} */
    public State state() {
        return state;
    }

    /**
     * Encrypts {@code plaintext} under this key, as KMS {@code Encrypt} would, into a ciphertext blob of the
     * emulator's own format that names this key, so that {@code Decrypt} works without a {@code KeyId}.
     * The encryption context must be given again, identical, to decrypt.
     *
     * @param plaintext the bytes to encrypt; not null
     * @param encryptionContext the encryption context; {@code null} or empty for none
     * @return the ciphertext blob, as {@code Encrypt} returns it in {@code CiphertextBlob}
     */
    public byte[] encrypt(byte[] plaintext, Map<String, String> encryptionContext) {
        Objects.requireNonNull(plaintext, "plaintext");
        return material.encrypt(arn(), plaintext, encryptionContext == null ? Map.of() : encryptionContext);
    }

    /** Decrypts a blob made by {@link #encrypt}, or returns {@code null} if it is not valid for this key and context. */
    byte @Nullable [] decrypt(byte[] ciphertextBlob, Map<String, String> encryptionContext) {
        return material.decrypt(arn(), ciphertextBlob, encryptionContext == null ? Map.of() : encryptionContext);
    }

    /** {@return the aliases that point to this key} */
    public Set<String> aliases() {
        return awsManaged ? Set.of(AWS_SECRETSMANAGER_ALIAS) : account.aliasesOf(this);
    }

    Instant creationDate() {
        return creationDate;
    }

    PolicyDocument keyPolicyDocument() {
        return keyPolicy.document();
    }

    private void requireCustomerManaged(String what) {
        if (awsManaged) {
            throw new UnsupportedOperationException("AWS does not let you " + what + " the AWS managed key "
                    + AWS_SECRETSMANAGER_ALIAS + " (" + arn() + ")");
        }
    }

    /** The key policy AWS gives {@code aws/secretsmanager}: only via Secrets Manager, only for its own account. */
    private static String awsSecretsManagerKeyPolicy(String accountId, String region) {
        return "{\"Version\":\"2012-10-17\",\"Id\":\"auto-secretsmanager-1\",\"Statement\":[{"
                + "\"Sid\":\"Allow access through AWS Secrets Manager for all principals in the account that are "
                + "authorized to use AWS Secrets Manager\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":[\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\",\"kms:CreateGrant\","
                + "\"kms:DescribeKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{"
                + "\"kms:ViaService\":\"secretsmanager." + region + ".amazonaws.com\","
                + "\"kms:CallerAccount\":\"" + accountId + "\"}}},{"
                + "\"Sid\":\"Allow direct access to key metadata to the account\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId + ":root\"},"
                + "\"Action\":[\"kms:Describe*\",\"kms:Get*\",\"kms:List*\",\"kms:RevokeGrant\"],\"Resource\":\"*\"}]}";
    }

    @Override
    public String toString() {
        return "KmsKey[" + arn() + (awsManaged ? ", aws-managed" : "") + ", " + state + "]";
    }
}
