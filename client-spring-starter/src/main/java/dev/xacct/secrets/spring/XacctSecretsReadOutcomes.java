package dev.xacct.secrets.spring;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsListener;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last read outcome of each secret, OK or a diagnosis code, for the health indicator. A listener of the
 * application's client (the auto-configured client has it; a client of your own gets it with
 * {@code builder.listener(outcomes)}), seeded with the outcomes of {@code spring.config.import}. Holds codes only,
 * never values.
 */
public final class XacctSecretsReadOutcomes implements XacctSecretsListener {

    /**
     * The last outcome for one secret.
     *
     * @param code OK, or why the last read failed
     * @param skippedOptionalImport whether this is an {@code optional:} import that was skipped and not read since:
     *     the application started without it, so it does not make the health DOWN
     */
    public record Outcome(DiagnosisCode code, boolean skippedOptionalImport) {

        /** Whether this outcome means the application is missing a secret it uses. */
        public boolean isFailure() {
            return !code.isOk() && !code.isTransient() && !skippedOptionalImport;
        }
    }

    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

    /** Records the outcomes of the imports: each secret's code, with skipped optional imports marked. */
    void seed(ImportedSecrets imports) {
        for (ImportedSecrets.Import i : imports.all()) {
            outcomes.putIfAbsent(i.secret().toString(), new Outcome(i.code(), i.optional() && !i.code().isOk()));
        }
    }

    @Override
    public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
        outcomes.put(secret.toString(), new Outcome(code, false));
    }

    @Override
    public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
        outcomes.put(secret.toString(), new Outcome(diagnosis.code(), false));
    }

    /**
     * The last outcome per secret.
     *
     * @return a sorted copy, keyed by the secret's ARN (with {@code @STAGE} or {@code @VERSION} when one was asked)
     */
    public Map<String, Outcome> snapshot() {
        return new TreeMap<>(outcomes);
    }

    @Override
    public String toString() {
        return "XacctSecretsReadOutcomes" + snapshot();
    }
}
