package dev.xacct.secrets.testkit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One version of a secret: its id, its staging labels and its value (a string or bytes). Immutable; a rotation makes
 * new versions. {@link #toString()} never shows the value.
 *
 * <p>A class, not a record: a record compares an array component by identity, and two versions holding the same
 * bytes are equal here.
 */
public final class SecretVersion {

    private final String versionId;
    private final Set<String> stages;
    private final Instant createdDate;
    private final @Nullable String secretString;
    private final byte @Nullable [] secretBinary;

    /** Copies the stage set and the bytes, so the version cannot change afterwards. */
    SecretVersion(
            String versionId,
            Set<String> stages,
            Instant createdDate,
            @Nullable String secretString,
            byte @Nullable [] secretBinary) {
        this.versionId = versionId;
        this.stages = Set.copyOf(stages);
        this.createdDate = createdDate;
        this.secretString = secretString;
        this.secretBinary = secretBinary == null ? null : secretBinary.clone();
    }

    /**
     * The version id.
     *
     * @return the version id (a UUID)
     */
    public String versionId() {
        return versionId;
    }

    /**
     * The staging labels.
     *
     * @return the staging labels, such as {@code AWSCURRENT}
     */
    public Set<String> stages() {
        return stages;
    }

    /**
     * When the version was created.
     *
     * @return when the version was created
     */
    public Instant createdDate() {
        return createdDate;
    }

    /**
     * The string value.
     *
     * @return the string value, or {@code null} for a binary secret
     */
    public @Nullable String secretString() {
        return secretString;
    }

    /**
     * The binary value (a copy).
     *
     * @return the binary value, or {@code null} for a string secret
     */
    public byte @Nullable [] secretBinary() {
        return secretBinary == null ? null : secretBinary.clone();
    }

    SecretVersion withStages(Set<String> newStages) {
        return new SecretVersion(versionId, newStages, createdDate, secretString, secretBinary);
    }

    /** Equal when every component is, the bytes compared by content. */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SecretVersion other
                && versionId.equals(other.versionId)
                && stages.equals(other.stages)
                && createdDate.equals(other.createdDate)
                && Objects.equals(secretString, other.secretString)
                && Arrays.equals(secretBinary, other.secretBinary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(versionId, stages, createdDate, secretString, Arrays.hashCode(secretBinary));
    }

    @Override
    public String toString() {
        return "SecretVersion[" + versionId + ", stages=" + stages + ", value=redacted]";
    }
}
