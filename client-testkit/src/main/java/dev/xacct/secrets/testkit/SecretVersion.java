package dev.xacct.secrets.testkit;

import java.time.Instant;
import java.util.Set;

/**
 * One version of a secret: its id, its staging labels and its value (a string or bytes). Immutable; a rotation makes
 * new versions. {@link #toString()} never shows the value.
 *
 * @param versionId the version id (a UUID)
 * @param stages the staging labels, such as {@code AWSCURRENT}
 * @param createdDate when the version was created
 * @param secretString the string value, or {@code null} for a binary secret
 * @param secretBinary the binary value, or {@code null} for a string secret
 */
public record SecretVersion(String versionId, Set<String> stages, Instant createdDate, String secretString,
        byte[] secretBinary) {

    /** Copies the stage set and the bytes, so the version cannot change afterwards. */
    public SecretVersion {
        stages = Set.copyOf(stages);
        secretBinary = secretBinary == null ? null : secretBinary.clone();
    }

    /** The binary value (a copy), or {@code null} for a string secret. */
    @Override
    public byte[] secretBinary() {
        return secretBinary == null ? null : secretBinary.clone();
    }

    SecretVersion withStages(Set<String> newStages) {
        return new SecretVersion(versionId, newStages, createdDate, secretString, secretBinary);
    }

    @Override
    public String toString() {
        return "SecretVersion[" + versionId + ", stages=" + stages + ", value=redacted]";
    }
}
