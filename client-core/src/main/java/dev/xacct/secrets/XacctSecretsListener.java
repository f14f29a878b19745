package dev.xacct.secrets;

import java.time.Duration;

/**
 * Hooks into what the client does, for metrics and logging. Every method has a no-op default.
 *
 * <p>Contract: methods are called on the thread doing the work, must be fast and non-blocking, and must not throw.
 * They never see a secret value: only references, ARNs, codes and durations. Cache hits call no listener: a hit
 * stays lock-free and allocation-free.
 */
public interface XacctSecretsListener {

    /** A listener that does nothing. */
    XacctSecretsListener NONE = new XacctSecretsListener() {
    };

    /**
     * A {@code GetSecretValue} call ended.
     *
     * @param secret the secret
     * @param code {@link DiagnosisCode#OK} or why it failed
     * @param duration how long the call took, the diagnosis included
     */
    default void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
    }

    /**
     * An STS {@code AssumeRole} call ended.
     *
     * @param roleArn the role
     * @param code {@link DiagnosisCode#OK} or why it failed
     * @param duration how long it took
     */
    default void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
    }

    /**
     * A background refresh failed and the last good value is served until {@code maxStaleness} runs out.
     *
     * @param secret the secret
     * @param diagnosis why the refresh failed
     */
    default void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
    }
}
