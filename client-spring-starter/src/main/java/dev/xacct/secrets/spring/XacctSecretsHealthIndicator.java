package dev.xacct.secrets.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of secret access on Spring Boot 4 ({@code spring-boot-health}); on Spring Boot 3.5 the same report comes
 * from an indicator of Actuator's own type. Per secret, the code of its last read ({@code OK} or the diagnosis code,
 * such as {@code KEY_POLICY}), and the diagnosis of each failing one, never a value. {@code DOWN} while a secret in
 * use cannot be read for a reason other than a transient one (throttling, a server error: the cache serves the last
 * good value meanwhile); skipped {@code optional:} imports are listed but do not count. Asks AWS nothing: it reports
 * what the clients saw.
 *
 * <pre>
 * "xacctSecrets": {
 *   "status": "DOWN",
 *   "details": {
 *     "secrets": {
 *       "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbC123": "OK",
 *       "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/api-key-XyZ789": "KEY_POLICY"
 *     },
 *     "problems": {
 *       "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/api-key-XyZ789": "The KMS key policy in ..."
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
        XacctSecretsReadOutcomes.Summary summary = outcomes.summary();
        return (summary.up() ? Health.up() : Health.down())
                .withDetails(summary.details())
                .build();
    }
}
