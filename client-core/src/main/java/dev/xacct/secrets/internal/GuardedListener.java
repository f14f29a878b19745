package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's listener that cannot break a read: what it throws is caught, and logged once (a listener that throws on
 * every read would otherwise flood the log). A read's outcome never depends on a listener.
 */
final class GuardedListener implements XacctSecretsListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

    private final XacctSecretsListener delegate;
    private final AtomicBoolean logged = new AtomicBoolean();

    private GuardedListener(XacctSecretsListener delegate) {
        this.delegate = delegate;
    }

    /** {@code listener}, guarded ({@link XacctSecretsListener#NONE} as it is: it cannot throw). */
    static XacctSecretsListener of(XacctSecretsListener listener) {
        return listener == XacctSecretsListener.NONE || listener instanceof GuardedListener
                ? listener
                : new GuardedListener(listener);
    }

    /** Whether {@code guard} is the guard of {@code listener}. */
    static boolean guards(XacctSecretsListener guard, XacctSecretsListener listener) {
        return guard instanceof GuardedListener guarded && guarded.delegate == listener;
    }

    @Override
    public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
        try {
            delegate.fetched(secret, code, duration);
        } catch (RuntimeException e) {
            threw("fetched", e);
        }
    }

    @Override
    public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
        try {
            delegate.roleAssumed(roleArn, code, duration);
        } catch (RuntimeException e) {
            threw("roleAssumed", e);
        }
    }

    @Override
    public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
        try {
            delegate.refreshFailed(secret, diagnosis);
        } catch (RuntimeException e) {
            threw("refreshFailed", e);
        }
    }

    private void threw(String method, RuntimeException e) {
        if (logged.compareAndSet(false, true)) {
            // The exception's class only: a listener's message may quote anything it was handed or computed.
            log.warn(
                    "XacctSecretsListener {}.{} threw {}; ignored (reads are unaffected; logged once per listener)",
                    delegate.getClass().getName(),
                    method,
                    e.getClass().getName());
        }
    }
}
