package dev.xacct.secrets.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of secret access: per secret, the code of its last read ({@code OK} or the diagnosis code, such as
 * {@code KEY_POLICY}), never a value. {@code DOWN} while a secret in use cannot be read for a reason other than a
 * transient one (throttling, a server error: the cache serves the last good value meanwhile); skipped
 * {@code optional:} imports are listed but do not count. Asks AWS nothing: it reports what the client saw.
 *
 * <pre>
 * "xacctSecrets": {
 *   "status": "DOWN",
 *   "details": {
 *     "secrets": {
 *       "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123": "OK",
 *       "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/api-key-XyZ789": "KEY_POLICY"
 *     }
 *   }
 * }
 * </pre>
 */
public final class XacctSecretsHealthIndicator implements HealthIndicator {

    private final XacctSecretsReadOutcomes outcomes;

    /**
     * Creates the indicator.
     *
     * @param outcomes the last read outcomes
     */
    public XacctSecretsHealthIndicator(XacctSecretsReadOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public Health health() {
        Map<String, XacctSecretsReadOutcomes.Outcome> snapshot = outcomes.snapshot();
        Map<String, String> secrets = new LinkedHashMap<>();
        snapshot.forEach((secret, outcome) -> secrets.put(secret, outcome.code().name()));
        boolean failing = snapshot.values().stream().anyMatch(XacctSecretsReadOutcomes.Outcome::isFailure);
        return (failing ? Health.down() : Health.up()).withDetail("secrets", secrets).build();
    }
}
