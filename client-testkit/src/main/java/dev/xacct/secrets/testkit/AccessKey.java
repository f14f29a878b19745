package dev.xacct.secrets.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An access key pair issued by the emulator: long-term ({@code AKIA…}, from {@link IamUser#createAccessKey()}) or
 * temporary ({@code ASIA…} with a session token, from STS {@code AssumeRole}).
 *
 * <p>{@link #toString()} shows only the access key id.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token of temporary credentials, or {@code null}
 */
public record AccessKey(
        String accessKeyId,
        String secretAccessKey,
        @Nullable String sessionToken) {

    /**
     * Creates an access key; {@code sessionToken} may be {@code null}.
     *
     * @param accessKeyId the access key id ({@code AKIA…} or {@code ASIA…}); not null
     * @param secretAccessKey the secret access key; not null
     * @param sessionToken the session token of temporary credentials, or {@code null} for a long-term key
     */
    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + (sessionToken == null ? "" : ", session") + "]";
    }
}
