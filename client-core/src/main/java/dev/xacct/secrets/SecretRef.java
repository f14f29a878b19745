package dev.xacct.secrets;

import dev.xacct.secrets.internal.Quoted;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * A reference to a secret (and a version of it): a full ARN, a partial ARN (no 6-character suffix), or a name with
 * an owner account and region, or a bare name in the caller's own account.
 *
 * <p>Parsed and validated once, with the AWS SDK's ARN parser, so that every kind of bad input fails here with a
 * message that names the problem, not later with an opaque AWS error. The region and partition of the ARN decide
 * which regional endpoint the client calls, whatever its default region.
 *
 * <pre>{@code
 * SecretRef db = SecretRef.parse("arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123");
 * SecretRef partial = SecretRef.of("app/db", "111111111111", "us-east-1");
 * SecretRef previous = db.withVersionStage("AWSPREVIOUS");
 * }</pre>
 *
 * <p>Immutable, with value equality; safe to keep in a field and reuse on every read.
 */
public final class SecretRef {

    /** The staging label read when none is given. */
    public static final String AWSCURRENT = "AWSCURRENT";

    /** The length of the suffix AWS appends to a secret's name in its ARN, after a hyphen. */
    private static final int SUFFIX_LENGTH = 6;

    /**
     * The region names of partition {@code aws}; those of the other partitions are in {@link Rare}. The patterns are
     * the SDK's partition metadata's ({@code SecretRefTest} checks that they agree for every region the SDK knows).
     * Asked first, so that a parse does not load the SDK's metadata of every region and service (some 400 classes, a
     * tenth of a cold start's); a region none matches is decided by the SDK, as before.
     */
    private static final Pattern AWS_REGIONS = Pattern.compile("(us|eu|ap|sa|ca|me|af|il|mx)-\\w+-\\d+");

    /**
     * The patterns a reference by ARN in {@code aws} does not need, in a holder: compiled when first used, not by
     * every cold start. The other partitions are asked in this order when a region is not of {@code aws}.
     */
    private static final class Rare {

        static final Pattern STAGE = Pattern.compile("[^\\s]{1,256}");
        static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9-]{32,64}");

        static final String[] PARTITION_IDS = {
            "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"
        };

        static final Pattern[] PARTITION_REGIONS = {
            Pattern.compile("cn-\\w+-\\d+"),
            Pattern.compile("us-gov-\\w+-\\d+"),
            Pattern.compile("us-iso-\\w+-\\d+"),
            Pattern.compile("us-isob-\\w+-\\d+"),
            Pattern.compile("eu-isoe-\\w+-\\d+"),
            Pattern.compile("us-isof-\\w+-\\d+"),
            Pattern.compile("eusc-(de)-\\w+-\\d+")
        };

        private Rare() {}
    }

    private final @Nullable String partition;
    private final @Nullable String region;
    private final @Nullable String accountId;
    private final String name;
    private final @Nullable String suffix;
    private final @Nullable String versionStage;
    private final @Nullable String versionId;
    private final int hash;

    private SecretRef(
            @Nullable String partition,
            @Nullable String region,
            @Nullable String accountId,
            String name,
            @Nullable String suffix,
            @Nullable String versionStage,
            @Nullable String versionId) {
        this.partition = partition;
        this.region = region;
        this.accountId = accountId;
        this.name = name;
        this.suffix = suffix;
        this.versionStage = versionStage;
        this.versionId = versionId;
        this.hash = Objects.hash(partition, region, accountId, name, suffix, versionStage, versionId);
    }

    /**
     * Parses a full ARN ({@code arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX}), a partial ARN
     * (without the suffix) or a bare secret name (read in the caller's own account and the client's default region).
     *
     * <p>An ARN whose name ends in a hyphen and six letters or digits is taken for a full ARN, as AWS takes it.
     *
     * @param text a secret ARN (full or partial) or a bare secret name
     * @return the reference
     * @throws InvalidSecretRefException naming what is wrong: not an ARN, another service's ARN, a resource that is
     *     not a secret, an unknown partition or region, a malformed account id or name
     */
    public static SecretRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSecretRefException(
                    "a secret reference must be a secret ARN or name, was: " + Quoted.of(text));
        }
        String trimmed = text.strip();
        if (!trimmed.startsWith("arn:")) {
            requireName(trimmed, trimmed);
            return new SecretRef(null, null, null, trimmed, null, null, null);
        }
        Arn arn;
        try {
            arn = Arn.fromString(trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidSecretRefException(Quoted.of(trimmed) + " is not an ARN (" + e.getMessage()
                    + "); expected arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME");
        }
        if (!arn.service().equals("secretsmanager")) {
            String service = arn.service().matches("[a-z0-9-]{1,64}") ? arn.service() : Quoted.of(arn.service());
            throw new InvalidSecretRefException(Quoted.of(trimmed) + " is " + article(arn.service()) + " "
                    + service + " ARN, not a Secrets Manager secret ARN (arn:PARTITION:secretsmanager:REGION:"
                    + "ACCOUNT:secret:NAME)");
        }
        if (arn.region().isEmpty()) {
            throw new InvalidSecretRefException(
                    Quoted.of(trimmed) + " has no region; a secret ARN names the region the secret lives in");
        }
        if (arn.accountId().isEmpty()) {
            throw new InvalidSecretRefException(
                    Quoted.of(trimmed) + " has no account id; a secret ARN names the account that owns the secret");
        }
        String region = arn.region().get();
        String account = arn.accountId().get();
        requirePartitionAndRegion(trimmed, arn.partition(), region);
        requireAccount(trimmed, account);
        String resource = arn.resourceAsString();
        if (!resource.startsWith("secret:") || resource.length() == "secret:".length()) {
            throw new InvalidSecretRefException(Quoted.of(trimmed) + " names the resource " + Quoted.of(resource)
                    + ", not a secret; expected secret:NAME after the account id");
        }
        String fullName = resource.substring("secret:".length());
        if (looksSuffixed(fullName)) {
            String name = fullName.substring(0, fullName.length() - SUFFIX_LENGTH - 1);
            requireName(trimmed, name);
            return new SecretRef(
                    arn.partition(),
                    region,
                    account,
                    name,
                    fullName.substring(fullName.length() - SUFFIX_LENGTH),
                    null,
                    null);
        }
        requireName(trimmed, fullName);
        return new SecretRef(arn.partition(), region, account, fullName, null, null, null);
    }

    /**
     * A secret owned by {@code ownerAccountId}, named {@code name}, in the client's default region: a partial ARN.
     *
     * @param name the secret name, without the suffix
     * @param ownerAccountId the 12-digit account that owns the secret
     * @return the partial reference
     * @throws InvalidSecretRefException if the name or account id is malformed
     */
    public static SecretRef of(String name, String ownerAccountId) {
        return of(name, ownerAccountId, null);
    }

    /**
     * A secret owned by {@code ownerAccountId}, named {@code name}, in {@code region} (or the client's default region
     * when {@code null}): a partial ARN.
     *
     * @param name the secret name, without the suffix
     * @param ownerAccountId the 12-digit account that owns the secret
     * @param region the secret's region, or {@code null} for the client's default region
     * @return the partial reference
     * @throws InvalidSecretRefException if the name, account id or region is malformed
     */
    public static SecretRef of(String name, String ownerAccountId, @Nullable String region) {
        String context = "name '" + name + "' in account " + ownerAccountId;
        requireName(context, name);
        if (ownerAccountId == null) {
            throw new InvalidSecretRefException("the owner account of secret '" + name + "' is required: a secret of "
                    + "another account can only be read by ARN (use SecretRef.parse(name) for a secret of your own)");
        }
        requireAccount(context, ownerAccountId);
        String partition = null;
        if (region != null) {
            partition = partitionOf(context, region);
            requirePartitionAndRegion(context, partition, region);
        }
        return new SecretRef(partition, region, ownerAccountId, name, null, null, null);
    }

    /**
     * This secret, read at the version with staging label {@code stage} (such as {@code AWSPREVIOUS}).
     *
     * @param stage the staging label, such as {@code AWSPREVIOUS}
     * @return this secret, read at the version with staging label {@code stage} (such as {@code AWSPREVIOUS})
     */
    public SecretRef withVersionStage(String stage) {
        if (stage == null || !Rare.STAGE.matcher(stage).matches()) {
            throw new InvalidSecretRefException(
                    "versionStage must be 1-256 characters without spaces, was: " + Quoted.of(stage));
        }
        return new SecretRef(partition, region, accountId, name, suffix, stage, versionId);
    }

    /**
     * This secret, read at the version with this id.
     *
     * @param id the version id
     * @return this secret, read at the version with this id
     */
    public SecretRef withVersionId(String id) {
        if (id == null || !Rare.VERSION_ID.matcher(id).matches()) {
            throw new InvalidSecretRefException(
                    "versionId must be 32-64 letters, digits or hyphens, was: " + Quoted.of(id));
        }
        return new SecretRef(partition, region, accountId, name, suffix, versionStage, id);
    }

    /** This reference with the region filled in from {@code defaultRegion} when it names none. */
    SecretRef inRegion(String defaultRegion) {
        if (region != null || accountId == null) {
            return this;
        }
        return new SecretRef(
                partitionOf(defaultRegion, defaultRegion),
                defaultRegion,
                accountId,
                name,
                suffix,
                versionStage,
                versionId);
    }

    /** The same secret and version, identified by the full ARN AWS returned. */
    SecretRef pinnedTo(String fullArn) {
        SecretRef full = parse(fullArn);
        return new SecretRef(
                full.partition, full.region, full.accountId, full.name, full.suffix, versionStage, versionId);
    }

    /** This reference without its version selection. */
    SecretRef secretOnly() {
        return versionStage == null && versionId == null
                ? this
                : new SecretRef(partition, region, accountId, name, suffix, null, null);
    }

    /**
     * Whether this is a full ARN, with the 6-character suffix.
     *
     * @return whether this is a full ARN, with the 6-character suffix
     */
    public boolean isFullArn() {
        return suffix != null;
    }

    /**
     * Whether the secret's owner account is known (an ARN, or a name with an owner account).
     *
     * @return whether the secret's owner account is known (an ARN, or a name with an owner account)
     */
    public boolean hasOwner() {
        return accountId != null;
    }

    /**
     * The owner account id, or {@code null} for a bare name.
     *
     * @return the owner account id, or {@code null} for a bare name
     */
    public @Nullable String accountId() {
        return accountId;
    }

    /**
     * The region, or {@code null} when the client's default region applies.
     *
     * @return the region, or {@code null} when the client's default region applies
     */
    public @Nullable String region() {
        return region;
    }

    /**
     * The partition ({@code aws}, {@code aws-us-gov}, {@code aws-cn}, …), or {@code null} when not yet known.
     *
     * @return the partition ({@code aws}, {@code aws-us-gov}, {@code aws-cn}, …), or {@code null} when not yet known
     */
    public @Nullable String partition() {
        return partition;
    }

    /**
     * The secret name (without the suffix).
     *
     * @return the secret name (without the suffix)
     */
    public String name() {
        return name;
    }

    /**
     * The staging label to read, or {@code null} for {@value #AWSCURRENT} (unless a version id is given).
     *
     * @return the staging label to read, or {@code null} for {@value #AWSCURRENT} (unless a version id is given)
     */
    public @Nullable String versionStage() {
        return versionStage;
    }

    /**
     * The version id to read, or {@code null}.
     *
     * @return the version id to read, or {@code null}
     */
    public @Nullable String versionId() {
        return versionId;
    }

    /** Whether the name ends like a suffix, so that AWS would take its partial ARN for a full one. */
    boolean nameLooksSuffixed() {
        return suffix == null && looksSuffixed(name);
    }

    /** Whether {@code text} ends in a hyphen and six letters or digits, with something before the hyphen. */
    private static boolean looksSuffixed(String text) {
        int hyphen = text.length() - SUFFIX_LENGTH - 1;
        if (hyphen < 1 || text.charAt(hyphen) != '-') {
            return false;
        }
        for (int i = hyphen + 1; i < text.length(); i++) {
            if (!isAsciiLetterOrDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code SecretId} to send: the full or partial ARN, or the bare name.
     *
     * @return the {@code SecretId} to send: the full or partial ARN, or the bare name
     * @throws IllegalStateException if the region is still unknown (call on a reference with a region)
     */
    public String secretId() {
        if (accountId == null) {
            return name;
        }
        if (region == null) {
            throw new IllegalStateException("the region of " + this + " is not known yet");
        }
        return "arn:" + partition + ":secretsmanager:" + region + ":" + accountId + ":secret:"
                + (suffix == null ? name : name + "-" + suffix);
    }

    private static void requireName(String context, String name) {
        if (name == null || !isName(name)) {
            throw new InvalidSecretRefException(Quoted.of(context) + ": a secret name is 1-512 letters, digits and "
                    + "/_+=.@-, was: " + Quoted.of(name));
        }
    }

    private static void requireAccount(String context, String account) {
        if (!isAccountId(account)) {
            throw new InvalidSecretRefException(
                    Quoted.of(context) + ": the account id must be 12 digits, was: " + Quoted.of(account));
        }
    }

    /**
     * Whether {@code name} is 1-512 letters, digits and {@code /_+=.@-}. The checks of every parse are written out
     * rather than patterns: compiling those was a few milliseconds of a cold start, for checks this simple.
     */
    private static boolean isName(String name) {
        if (name.isEmpty() || name.length() > 512) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetterOrDigit(c) && "/_+=.@-".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code account} is 12 digits. */
    private static boolean isAccountId(String account) {
        if (account.length() != 12) {
            return false;
        }
        for (int i = 0; i < account.length(); i++) {
            char c = account.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static void requirePartitionAndRegion(String context, String partition, String region) {
        Region parsed = region(context, region);
        String regionPartition = tabledPartition(region);
        if (regionPartition == null) {
            PartitionMetadata metadata = PartitionMetadata.of(parsed);
            boolean known = parsed.metadata() != null && !parsed.isGlobalRegion();
            if (!known && !region.matches(metadata.regionRegex())) {
                throw new InvalidSecretRefException(Quoted.of(context) + ": unknown region " + Quoted.of(region));
            }
            regionPartition = metadata.id();
        }
        if (!regionPartition.equals(partition)) {
            throw new InvalidSecretRefException(Quoted.of(context) + ": region " + region + " is in partition "
                    + regionPartition + ", not " + Quoted.of(partition));
        }
    }

    /** The partition of {@code region}: from the table if it matches, else the SDK's. */
    private static String partitionOf(String context, String region) {
        String tabled = tabledPartition(region);
        return tabled != null
                ? tabled
                : PartitionMetadata.of(region(context, region)).id();
    }

    /** The partition whose region pattern {@code region} matches, or {@code null} (for the SDK to decide). */
    static @Nullable String tabledPartition(String region) {
        if (AWS_REGIONS.matcher(region).matches()) {
            return "aws";
        }
        for (int i = 0; i < Rare.PARTITION_IDS.length; i++) {
            if (Rare.PARTITION_REGIONS[i].matcher(region).matches()) {
                return Rare.PARTITION_IDS[i];
            }
        }
        return null;
    }

    /** The SDK's region, or a message naming the blank region (the SDK's own would be a bare argument error). */
    private static Region region(String context, String region) {
        if (region.isBlank()) {
            throw new InvalidSecretRefException(Quoted.of(context) + ": the region is blank, was: " + Quoted.of(region)
                    + "; a secret lives in a region such as us-east-1");
        }
        try {
            return Region.of(region);
        } catch (IllegalArgumentException e) {
            throw new InvalidSecretRefException(Quoted.of(context) + ": unknown region " + Quoted.of(region));
        }
    }

    private static String article(String word) {
        if (word.isEmpty()) {
            return "a";
        }
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o == this
                || (o instanceof SecretRef other
                        && hash == other.hash
                        && name.equals(other.name)
                        && Objects.equals(accountId, other.accountId)
                        && Objects.equals(region, other.region)
                        && Objects.equals(partition, other.partition)
                        && Objects.equals(suffix, other.suffix)
                        && Objects.equals(versionStage, other.versionStage)
                        && Objects.equals(versionId, other.versionId));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The secret id (ARN or name) and the version selection, if any. */
    @Override
    public String toString() {
        String id = accountId == null ? name : region == null ? name + " (account " + accountId + ")" : secretId();
        return versionId != null ? id + "@" + versionId : versionStage != null ? id + "@" + versionStage : id;
    }
}
