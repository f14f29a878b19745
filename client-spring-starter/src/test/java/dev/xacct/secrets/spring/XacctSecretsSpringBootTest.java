package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.SecretRef;
import dev.xacct.secrets.XacctSecretsClient;
import dev.xacct.secrets.micrometer.XacctSecretsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

/**
 * A whole application, as {@code @SpringBootTest} starts it: imports in its properties, Actuator's health endpoint
 * and meter registry, against the emulator ({@code ${xacct.test.*}} are system properties {@link TestAws} sets).
 */
@SpringBootTest(
        classes = TestApp.class,
        properties = {
            "spring.config.import=xacct-secrets:${xacct.test.password-arn}?property=spring.datasource.password,"
                    + "xacct-secrets:${xacct.test.config-arn}?prefix=app.db",
            "xacct.secrets.endpoint=${xacct.test.endpoint}",
            "xacct.secrets.region=us-east-1",
            "xacct.secrets.role-arn=arn:aws:iam::222222222222:role/ApplicationRole",
            "management.endpoint.health.show-details=always",
            "logging.level.dev.xacct=trace"
        })
@ExtendWith(OutputCaptureExtension.class)
class XacctSecretsSpringBootTest {

    static {
        // The placeholders above need the emulator's system properties before the context loads.
        TestAws.get();
    }

    @Value("${spring.datasource.password}")
    String password;

    @Value("${app.db.username}")
    String username;

    @Value("${app.db.hosts[1]}")
    String secondHost;

    @Autowired
    XacctSecretsClient client;

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry registry;

    @Test
    void importedSecrets_areProperties() {
        assertThat(password).isEqualTo(TestAws.PASSWORD_VALUE);
        assertThat(username).isEqualTo("app");
        assertThat(secondHost).isEqualTo("db2.internal");
    }

    @Test
    void theHealthEndpoint_showsEachSecretsLastOutcome_andNoValue() {
        TestHealth.View secrets = TestHealth.endpoint(context, "xacctSecrets");

        assertThat(secrets.status()).isEqualTo("UP");
        assertThat(secrets.details().get("secrets"))
                .isEqualTo(Map.of(
                        System.getProperty("xacct.test.password-arn"), "OK",
                        System.getProperty("xacct.test.config-arn"), "OK"));
        assertThat(secrets.details().toString()).doesNotContain(TestAws.CANARY);
    }

    @Test
    void theClientBean_reportsToActuatorsMeterRegistry() {
        client.get(SecretRef.parse(System.getProperty("xacct.test.config-arn")));

        assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
        // Startup verification read both imported secrets: the fetch timer counted them.
        assertThat(registry.get(XacctSecretsMetrics.FETCH)
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(2);
        assertThat(registry.get(XacctSecretsMetrics.FETCH)
                        .tag("code", "OK")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void noLogLine_containsASecretValue(CapturedOutput output) {
        client.get(SecretRef.parse(System.getProperty("xacct.test.config-arn")));

        assertThat(output).doesNotContain(TestAws.CANARY);
    }
}
