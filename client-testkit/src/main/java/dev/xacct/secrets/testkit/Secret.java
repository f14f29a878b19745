package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A secret in Secrets Manager: a full ARN ({@code NAME-XXXXXX} with a random 6-character suffix), a KMS key (the
 * AWS managed key unless set), an optional resource policy, and versions with staging labels.
 * Created by {@link Account#createSecret(String)}.
 *
 * <p>Changes are atomic: a request sees the secret before or after a change, never half-way.
 */
public final class Secret {

    /** The staging label of the current version. */
    public static final String AWSCURRENT = "AWSCURRENT";
    /** The staging label of the version before the current one. */
    public static final String AWSPREVIOUS = "AWSPREVIOUS";
    /** The staging label of a version being rotated in. */
    public static final String AWSPENDING = "AWSPENDING";

    private final Account account;
    private final String region;
    private final String name;
    private final String arn;
    private final Instant createdDate;
    private volatile KmsKey kmsKey;
    private volatile StoredPolicy resourcePolicy;
    private volatile Instant deletedDate;
    private volatile String description;
    private volatile List<SecretVersion> versions = List.of();

    Secret(Account account, String region, String name, String suffix) {
        this.account = account;
        this.region = region;
        this.name = name;
        this.arn = "arn:aws:secretsmanager:" + region + ":" + account.id() + ":secret:" + name + "-" + suffix;
        this.createdDate = account.world().clock().instant();
    }

    /** The full ARN, with its 6-character suffix. */
    public String arn() {
        return arn;
    }

    /** The ARN without the suffix (a partial ARN). */
    public String partialArn() {
        return arn.substring(0, arn.length() - 7);
    }

    /** The secret name. */
    public String name() {
        return name;
    }

    /** The region the secret lives in. */
    public String region() {
        return region;
    }

    /** The account that owns the secret. */
    public Account account() {
        return account;
    }

    /**
     * Encrypts the secret with {@code key} (any account's key in the secret's region), or with the AWS managed key
     * {@code aws/secretsmanager} when {@code null}.
     */
    public Secret kmsKey(KmsKey key) {
        if (key != null && !key.region().equals(region)) {
            throw new IllegalArgumentException("kmsKey must be in the secret's region " + region + ", was: " + key.arn());
        }
        this.kmsKey = key;
        return this;
    }

    /** The customer managed key, or empty when the secret uses the AWS managed key. */
    public Optional<KmsKey> kmsKey() {
        KmsKey key = kmsKey;
        return key == null || key.isAwsManaged() ? Optional.empty() : Optional.of(key);
    }

    /** The key that really encrypts the secret: the configured one, or this account's AWS managed key. */
    KmsKey effectiveKey() {
        KmsKey key = kmsKey;
        return key != null ? key : account.awsManagedKey(region);
    }

    /**
     * Sets the resource policy, as Secrets Manager {@code PutResourcePolicy} would, or removes it when
     * {@code policyJson} is {@code null}.
     *
     * @throws AwsRefusedException if Secrets Manager would refuse the policy: not valid, a statement without
     *     Principal, a principal that does not exist (a role ARN without its path included), a partial wildcard
     */
    public Secret resourcePolicy(String policyJson) {
        this.resourcePolicy = policyJson == null ? null : PolicyValidator.store(account.world(),
                PolicyKind.SECRET_RESOURCE_POLICY, "resource policy of " + arn, policyJson);
        return this;
    }

    /** The resource policy as JSON, if any, as Secrets Manager returns it (a deleted principal as its unique id). */
    public Optional<String> resourcePolicy() {
        StoredPolicy policy = resourcePolicy;
        return policy == null ? Optional.empty() : Optional.of(policy.json());
    }

    PolicyDocument resourcePolicyDocument() {
        StoredPolicy policy = resourcePolicy;
        return policy == null ? null : policy.document();
    }

    /** Sets the description. */
    public Secret description(String description) {
        this.description = description;
        return this;
    }

    String description() {
        return description;
    }

    /** Stores a new string value as the current version (the old current one becomes {@code AWSPREVIOUS}). */
    public Secret secretString(String value) {
        rotate(value);
        return this;
    }

    /** Stores a new binary value as the current version (the old current one becomes {@code AWSPREVIOUS}). */
    public Secret secretBinary(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("secretBinary must not be empty");
        }
        putVersion(null, value, Set.of(AWSCURRENT));
        return this;
    }

    /**
     * Rotates the secret: a new version becomes {@code AWSCURRENT}, the old current one {@code AWSPREVIOUS}, and the
     * old previous one loses its label.
     *
     * @return the new version id
     */
    public String rotate(String newValue) {
        if (newValue == null || newValue.isEmpty()) {
            throw new IllegalArgumentException("secretString must not be empty");
        }
        return putVersion(newValue, null, Set.of(AWSCURRENT));
    }

    /**
     * Adds a version with the given labels, moving each label from the version that had it (moving
     * {@code AWSCURRENT} also moves {@code AWSPREVIOUS} to the old current version).
     *
     * @return the new version id
     */
    public synchronized String putVersion(String secretString, byte[] secretBinary, Set<String> stages) {
        if ((secretString == null) == (secretBinary == null)) {
            throw new IllegalArgumentException("give exactly one of secretString and secretBinary");
        }
        Instant now = account.world().clock().instant();
        String versionId = account.world().randomUuid();
        List<SecretVersion> next = new ArrayList<>();
        for (SecretVersion version : versions) {
            Set<String> kept = new HashSet<>(version.stages());
            kept.removeAll(stages);
            if (stages.contains(AWSCURRENT)) {
                kept.remove(AWSPREVIOUS);
                if (version.stages().contains(AWSCURRENT)) {
                    kept.add(AWSPREVIOUS);
                }
            }
            next.add(version.withStages(kept));
        }
        next.add(new SecretVersion(versionId, stages, now, secretString, secretBinary));
        versions = List.copyOf(next);
        return versionId;
    }

    /** All versions, labelled or not, oldest first. */
    public List<SecretVersion> versions() {
        return versions;
    }

    /** Marks the secret for deletion: {@code GetSecretValue} then fails, {@code DescribeSecret} shows the date. */
    public Secret markForDeletion() {
        deletedDate = account.world().clock().instant();
        return this;
    }

    /** Cancels a deletion. */
    public Secret restore() {
        deletedDate = null;
        return this;
    }

    /** When the secret was marked for deletion, if it is. */
    public Optional<Instant> deletedDate() {
        return Optional.ofNullable(deletedDate);
    }

    Instant createdDate() {
        return createdDate;
    }

    @Override
    public String toString() {
        return "Secret[" + arn + "]";
    }
}
