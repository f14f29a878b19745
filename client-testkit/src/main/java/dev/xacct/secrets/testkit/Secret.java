package dev.xacct.secrets.testkit;

import dev.xacct.secrets.testkit.internal.iam.PolicyDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

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
    /** The KmsKeyId as configured (key id, key ARN, alias name or alias ARN), or null for the AWS managed key. */
    private volatile @Nullable String kmsKeyId;
    /** The key each version's value was encrypted with; null stands for the AWS managed key (created on use). */
    private volatile Map<String, KmsKey> versionKeys = Map.of();

    private final Map<String, String> tags = new ConcurrentHashMap<>();
    private volatile @Nullable StoredPolicy resourcePolicy;
    private volatile @Nullable Instant deletedDate;
    private volatile @Nullable String description;
    private volatile List<SecretVersion> versions = List.of();

    Secret(Account account, String region, String name, String suffix) {
        this.account = account;
        this.region = region;
        this.name = name;
        this.arn = "arn:aws:secretsmanager:" + region + ":" + account.id() + ":secret:" + name + "-" + suffix;
        this.createdDate = account.world().clock().instant();
    }

    /** {@return the full ARN, with its 6-character suffix} */
    public String arn() {
        return arn;
    }

    /** {@return the ARN without the suffix (a partial ARN)} */
    public String partialArn() {
        return arn.substring(0, arn.length() - 7);
    }

    /** {@return the secret name} */
    public String name() {
        return name;
    }

    /** {@return the region the secret lives in} */
    public String region() {
        return region;
    }

    /** {@return the account that owns the secret} */
    public Account account() {
        return account;
    }

    /**
     * Encrypts the secret with {@code key} (any account's key in the secret's region), or with the AWS managed key
     * {@code aws/secretsmanager} when {@code null}; {@code DescribeSecret} then shows the key ARN. As
     * {@code update-secret --kms-key-id} does, only the versions with a staging label are re-encrypted: older versions
     * keep needing the key they were encrypted with.
     *
     * @param key a key in the secret's region, of any account; {@code null} for the AWS managed key
     * @return this secret
     * @throws IllegalArgumentException if the key is in another region
     */
    public Secret kmsKey(KmsKey key) {
        if (key != null && !key.region().equals(region)) {
            throw new IllegalArgumentException(
                    "kmsKey must be in the secret's region " + region + ", was: " + key.arn());
        }
        reencrypt(key == null || key.isAwsManaged() ? null : key.arn(), key);
        return this;
    }

    /**
     * Encrypts the secret with the key {@code keyId} names, as {@code update-secret --kms-key-id} does: a key id, key
     * ARN, alias name ({@code alias/...}) or alias ARN, resolved in the secret's account and region unless it is an
     * ARN. {@code DescribeSecret} shows it as given. Only the versions with a staging label are re-encrypted.
     *
     * @param keyId a key id, key ARN, alias name or alias ARN; not blank
     * @return this secret
     * @throws IllegalArgumentException if {@code keyId} is null or blank
     * @throws AwsRefusedException {@code EncryptionFailure} if no usable key has that id, as Secrets Manager answers
     */
    public Secret kmsKeyId(@Nullable String keyId) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException(
                    "kmsKeyId must be a key id, key ARN, alias name or alias ARN, was: " + keyId);
        }
        KmsKey key = account.world()
                .resolveKey(keyId, account.id(), region)
                .orElseThrow(
                        () -> encryptionFailure("Key '" + keyArnFor(keyId) + "' does not exist", "NotFoundException"));
        KmsService.requireUsable(key).ifPresent(error -> {
            throw encryptionFailure(error.getMessage(), error.code());
        });
        reencrypt(key.isAwsManaged() ? null : keyId, key);
        return this;
    }

    private String keyArnFor(String keyId) {
        return keyId.startsWith("arn:")
                ? keyId
                : "arn:aws:kms:" + region + ":" + account.id() + ":"
                        + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
    }

    private AwsRefusedException encryptionFailure(@Nullable String kmsMessage, String kmsCode) {
        return new AwsRefusedException(
                "secret " + arn + " cannot be encrypted: " + kmsMessage,
                "secretsmanager",
                "EncryptionFailure",
                400,
                "Secrets Manager can't encrypt the secret value: " + kmsMessage
                        + " (Service: AWSKMS; Status Code: 400; Error Code: " + kmsCode + "; Request ID: "
                        + account.world().randomUuid() + "; Proxy: null)");
    }

    private synchronized void reencrypt(@Nullable String configuredKeyId, @Nullable KmsKey key) {
        this.kmsKeyId = configuredKeyId;
        KmsKey stored = key == null || key.isAwsManaged() ? null : key;
        Map<String, KmsKey> next = new HashMap<>(versionKeys);
        for (SecretVersion version : versions) {
            if (!version.stages().isEmpty()) {
                next.put(version.versionId(), stored);
            }
        }
        versionKeys = Collections.unmodifiableMap(next);
    }

    /** {@return the KmsKeyId as configured, or empty when the secret uses the AWS managed key} */
    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    /** {@return the customer managed key new versions are encrypted with, or empty when it is the AWS managed key} */
    public Optional<KmsKey> kmsKey() {
        String keyId = kmsKeyId;
        return keyId == null
                ? Optional.empty()
                : account.world().resolveKey(keyId, account.id(), region).filter(key -> !key.isAwsManaged());
    }

    /** The key that encrypted {@code version}: the one configured when it was last (re-)encrypted. */
    KmsKey keyOf(SecretVersion version) {
        KmsKey key = versionKeys.get(version.versionId());
        return key != null ? key : account.awsManagedKey(region);
    }

    /**
     * Adds or replaces a tag, as {@code TagResource} would; policies see it as {@code aws:ResourceTag/KEY} and
     * {@code secretsmanager:ResourceTag/KEY}.
     *
     * @param key the tag key: 1 to 128 characters, not starting with {@code aws:}
     * @param value the tag value, not null (may be empty)
     * @return this secret
     */
    public Secret tag(String key, String value) {
        tags.put(Ids.requireTagKey(key), java.util.Objects.requireNonNull(value, "tag value"));
        return this;
    }

    /** {@return the tags} */
    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    /**
     * Sets the resource policy, as Secrets Manager {@code PutResourcePolicy} would, or removes it when
     * {@code policyJson} is {@code null}.
     *
     * @param policyJson the whole policy as JSON, or {@code null} to delete it
     * @return this secret
     * @throws AwsRefusedException if Secrets Manager would refuse the policy: not valid, a statement without
     *     Principal, a principal that does not exist (a role ARN without its path included), a partial wildcard
     */
    public Secret resourcePolicy(@Nullable String policyJson) {
        this.resourcePolicy = policyJson == null
                ? null
                : PolicyValidator.store(
                        account.world(), PolicyKind.SECRET_RESOURCE_POLICY, "resource policy of " + arn, policyJson);
        return this;
    }

    /**
     * {@return the resource policy as JSON, if any, as Secrets Manager returns it (a deleted principal as its unique
     * id)}
     */
    public Optional<String> resourcePolicy() {
        StoredPolicy policy = resourcePolicy;
        return policy == null ? Optional.empty() : Optional.of(policy.json());
    }

    @Nullable
    PolicyDocument resourcePolicyDocument() {
        StoredPolicy policy = resourcePolicy;
        return policy == null ? null : policy.document();
    }

    /**
     * Sets the description {@code DescribeSecret} shows.
     *
     * @param description free text; {@code null} for none
     * @return this secret
     */
    public Secret description(String description) {
        this.description = description;
        return this;
    }

    @Nullable
    String description() {
        return description;
    }

    /**
     * Stores a new string value as the current version (the old current one becomes {@code AWSPREVIOUS}).
     *
     * @param value the secret string, not empty
     * @return this secret
     * @throws IllegalArgumentException if the value is null or empty
     */
    public Secret secretString(String value) {
        rotate(value);
        return this;
    }

    /**
     * Stores a new binary value as the current version (the old current one becomes {@code AWSPREVIOUS}).
     *
     * @param value the secret bytes, not empty
     * @return this secret
     * @throws IllegalArgumentException if the value is null or empty
     */
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
     * @param newValue the new secret string, not empty
     * @return the new version id
     * @throws IllegalArgumentException if the value is null or empty
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
     * @param secretString the string value, or {@code null} when {@code secretBinary} is given
     * @param secretBinary the binary value, or {@code null} when {@code secretString} is given
     * @param stages the staging labels of the new version, such as {@link #AWSPENDING}; may be empty
     * @return the new version id
     * @throws IllegalArgumentException unless exactly one of {@code secretString} and {@code secretBinary} is given
     */
    public synchronized String putVersion(
            @Nullable String secretString, byte @Nullable [] secretBinary, Set<String> stages) {
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
        Map<String, KmsKey> keys = new HashMap<>(versionKeys);
        keys.put(versionId, kmsKey().orElse(null));
        versionKeys = Collections.unmodifiableMap(keys);
        return versionId;
    }

    /** {@return all versions, labelled or not, oldest first} */
    public List<SecretVersion> versions() {
        return versions;
    }

    /**
     * Marks the secret for deletion: {@code GetSecretValue} then fails, {@code DescribeSecret} shows the date.
     *
     * @return this secret
     */
    public Secret markForDeletion() {
        deletedDate = account.world().clock().instant();
        return this;
    }

    /**
     * Cancels a deletion, as {@code restore-secret} does (a secret not marked for deletion stays as it is).
     *
     * @return this secret
     */
    public Secret restore() {
        deletedDate = null;
        return this;
    }

    /**
     * Merges {@code statementJson} into the resource policy, as a policy owner would with {@code get-resource-policy}
     * and {@code put-resource-policy}: appended unless the policy already has an equal statement, no other statement
     * touched; a secret without a policy gets one with just this statement.
     *
     * @param statementJson one statement, a JSON object
     *
     * @return whether the policy changed
     * @throws AwsRefusedException if Secrets Manager would refuse the merged policy
     */
    public synchronized boolean mergeResourcePolicyStatement(String statementJson) {
        Optional<String> merged = Policies.merge(resourcePolicy().orElse(null), statementJson);
        merged.ifPresent(this::resourcePolicy);
        return merged.isPresent();
    }

    /** {@return when the secret was marked for deletion, if it is} */
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
