package dev.xacct.secrets.spring;

import dev.xacct.secrets.Diagnosis;
import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last read outcome of each secret, OK or a diagnosis code, for the health indicator. A listener of the
 * application's client (the auto-configured client has it; a client of your own gets it with
 * {@code builder.addListener(outcomes)}), seeded with the outcomes of {@code spring.config.import}. Holds codes only,
 * never values.
 */
public final class XacctSecretsReadOutcomes implements XacctSecretsListener {

    /**
     * The last outcome for one secret.
     *
     * @param code OK, or why the last read failed
     * @param skippedOptionalImport whether this is an {@code optional:} import that was skipped and not read since:
     *     the application started without it, so it does not make the health DOWN
     * @param problem the diagnosis's summary, when the client gave one (never a value); else {@code null}
     */
    public record Outcome(
            DiagnosisCode code,
            boolean skippedOptionalImport,
            @Nullable String problem) {

        Outcome(DiagnosisCode code, boolean skippedOptionalImport) {
            this(code, skippedOptionalImport, null);
        }

        /** {@return whether this outcome means the application is missing a secret it uses} */
        public boolean isFailure() {
            return !code.isOk() && !code.isTransient() && !skippedOptionalImport;
        }
    }

    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

    /** Records the outcomes of the imports: each secret's code, with skipped optional imports marked. */
    void seed(ImportedSecrets imports) {
        for (ImportedSecrets.Import i : imports.all()) {
            outcomes.putIfAbsent(
                    i.secret().toString(),
                    new Outcome(i.code(), i.optional() && !i.code().isOk()));
        }
    }

    @Override
    public void fetched(SecretRef secret, DiagnosisCode code, Duration duration) {
        // A failed refresh reports its diagnosis next (refreshFailed): keep the one already known meanwhile.
        outcomes.compute(
                secret.toString(),
                (key, last) -> last != null && last.code() == code && !code.isOk() ? last : new Outcome(code, false));
    }

    @Override
    public void refreshFailed(SecretRef secret, Diagnosis diagnosis) {
        outcomes.put(secret.toString(), new Outcome(diagnosis.code(), false, diagnosis.summary()));
    }

    /**
     * The health of secret access, the same on every Spring Boot line: DOWN while a secret in use cannot be read.
     *
     * @return whether it is up, each secret's code, and the diagnosis of each failing one
     */
    public Summary summary() {
        Map<String, Outcome> snapshot = snapshot();
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        snapshot.forEach((secret, outcome) -> {
            secrets.put(secret, outcome.code().name());
            if (outcome.problem() != null && !outcome.code().isOk()) {
                problems.put(secret, outcome.problem());
            }
        });
        boolean up = snapshot.values().stream().noneMatch(Outcome::isFailure);
        return new Summary(up, secrets, problems);
    }

    /**
     * The health of secret access.
     *
     * @param up whether no secret in use is failing for a reason that will not pass by itself
     * @param secrets per secret, OK or the diagnosis code of its last read
     * @param problems per failing secret whose diagnosis is known, its summary
     */
    public record Summary(boolean up, Map<String, String> secrets, Map<String, String> problems) {

        /** {@return the health details: {@code secrets}, and {@code problems} when there are any} */
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("secrets", secrets);
            if (!problems.isEmpty()) {
                details.put("problems", problems);
            }
            return details;
        }
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
