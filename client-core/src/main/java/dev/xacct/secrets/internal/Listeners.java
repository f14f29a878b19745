package dev.xacct.secrets.internal;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The client's listeners: those given to the builder, then those added to the built client (metrics bound later),
 * each told in turn and each guarded ({@link GuardedListener}). Adding is rare and copies; telling reads one array.
 */
public final class Listeners implements XacctSecretsListener {

    private volatile XacctSecretsListener[] all;

    public Listeners(List<XacctSecretsListener> given) {
        this.all = new XacctSecretsListener[0];
        for (XacctSecretsListener listener : given) {
            add(listener);
        }
    }

    /** Adds {@code listener}, told after the others. */
    public synchronized void add(XacctSecretsListener listener) {
        XacctSecretsListener[] more = Arrays.copyOf(all, all.length + 1);
        more[all.length] = GuardedListener.of(listener);
        all = more;
    }

    /** Removes {@code listener} (as added), if present. */
    public synchronized void remove(XacctSecretsListener listener) {
        all = Arrays.stream(all)
                .filter(l -> l != listener && !GuardedListener.guards(l, listener))
                .toArray(XacctSecretsListener[]::new);
    }

    @Override
    public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
        for (XacctSecretsListener listener : all) {
            listener.fetched(secret, code, duration);
        }
    }

    @Override
    public void roleAssumed(String roleArn, DiagnosisCode code, Duration duration) {
        for (XacctSecretsListener listener : all) {
            listener.roleAssumed(roleArn, code, duration);
        }
    }

    @Override
    public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
        for (XacctSecretsListener listener : all) {
            listener.refreshFailed(secret, diagnosis);
        }
    }
}
