package dev.xacct.secrets;

import java.time.Duration;
import java.util.List;

/**
 * Hooks into what the client does, for metrics and logging. Every method has a no-op default.
 *
 * <p>Contract: methods are called on the thread doing the work, must be fast and non-blocking, and must not throw.
 * They never see a secret value: only references, ARNs, codes and durations. Cache hits call no listener: a hit
 * stays lock-free and allocation-free.
 */
public interface XacctSecretsListener {

    /** A listener that does nothing. */
    XacctSecretsListener NONE = new XacctSecretsListener() {};

    /**
     * A listener that tells each of {@code listeners}, in order.
     *
     * @param listeners the listeners
     * @return one listener for all of them ({@link #NONE} for none, the listener itself for one)
     */
    static XacctSecretsListener composite(List<? extends XacctSecretsListener> listeners) {
        List<XacctSecretsListener> all = List.copyOf(listeners);
        if (all.isEmpty()) {
            return NONE;
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return new XacctSecretsListener() {
            @Override
            public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
                all.forEach(listener -> listener.fetched(secret, code, duration));
            }

            @Override
            public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
                all.forEach(listener -> listener.roleAssumed(roleArn, code, duration));
            }

            @Override
            public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
                all.forEach(listener -> listener.refreshFailed(secret, diagnosis));
            }
        };
    }

    /**
     * A {@code GetSecretValue} call ended.
     *
     * @param secret the secret
     * @param code {@link DiagnosisCode#OK} or why it failed
     * @param duration how long the call took, the diagnosis included
     */
    default void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {}

    /**
     * An STS {@code AssumeRole} call ended.
     *
     * @param roleArn the role
     * @param code {@link DiagnosisCode#OK} or why it failed
     * @param duration how long it took
     */
    default void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {}

    /**
     * A background refresh failed and the last good value is served until {@code maxStaleness} runs out.
     *
     * @param secret the secret
     * @param diagnosis why the refresh failed
     */
    default void refreshFailed(SecretRef secret, Diagnosis diagnosis) {}
}
