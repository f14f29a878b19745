package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.Secret;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A secret rotated while the application runs: the {@code Environment} sees the new value after
 * {@code refresh-after}, and with Spring Cloud Context the {@code @ConfigurationProperties} and {@code @RefreshScope}
 * beans get it too. Time is the tests' ticker, moved by hand.
 */
@ExtendWith(OutputCaptureExtension.class)
class RotationTest {

    private static final TestAws AWS = TestAws.get();
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);
    private static int secrets;

    private ConfigurableApplicationContext context;

    @BeforeEach
    void startTestTime() {
        TestTime.start();
    }

    @AfterEach
    void close(CapturedOutput output) {
        if (context != null) {
            context.close();
        }
        TestTime.stop();
        assertThat(output).doesNotContain(TestAws.CANARY);
    }

    /** The database settings, bound once at startup: only a rebind gives them a rotated value. */
    @ConfigurationProperties("app.db")
    public static class DbSettings {

        private String username;
        private String password;

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** A bean made from the password: in the refresh scope, made again after a refresh. */
    public static class Connector {

        private final String password;

        Connector(String password) {
            this.password = password;
        }

        public String password() {
            return password;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties(DbSettings.class)
    static class App {

        @Bean
        @RefreshScope
        Connector connector(@Value("${app.db.password}") String password) {
            return new Connector(password);
        }
    }

    private static String credentials(String password) {
        return "{\"username\":\"app\",\"password\":\"" + password + "\"}";
    }

    private Secret start(String firstPassword) {
        Secret secret = AWS.rotatingSecret("rotation-test-" + ++secrets, credentials(firstPassword));
        context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(AWS.properties())
                .run(
                        "--spring.config.import=xacct-secrets:" + secret.arn() + "?prefix=app.db",
                        "--xacct.secrets.cache.refresh-after=" + REFRESH_AFTER.toMinutes() + "m",
                        "--xacct.secrets.rotation.check-interval=1d");
        return secret;
    }

    /**
     * Runs the rotation check as its schedule would, twice: the first read after refresh-after starts the refresh and
     * is answered with the current value (the cache's contract); the next one sees the new value.
     */
    private Set<String> check() {
        XacctSecretsRotation rotation = context.getBean(XacctSecretsRotation.class);
        Set<String> changed = new LinkedHashSet<>(rotation.checkNow());
        changed.addAll(rotation.checkNow());
        return changed;
    }

    @Test
    void environment_seesTheRotatedValue_onceRefreshAfterHasPassed() {
        Secret secret = start("first-" + TestAws.CANARY);
        Environment environment = context.getEnvironment();
        assertThat(environment.getProperty("app.db.password")).isEqualTo("first-" + TestAws.CANARY);

        secret.rotate(credentials("second-" + TestAws.CANARY));
        TestTime.advance(REFRESH_AFTER.minusMinutes(1));
        assertThat(environment.getProperty("app.db.password")).isEqualTo("first-" + TestAws.CANARY);

        TestTime.advance(Duration.ofMinutes(2));
        environment.getProperty("app.db.password");
        assertThat(environment.getProperty("app.db.password")).isEqualTo("second-" + TestAws.CANARY);
    }

    @Test
    void withSpringCloudContext_aRotationRebindsConfigurationPropertiesAndTheRefreshScope() {
        Secret secret = start("first-" + TestAws.CANARY);
        assertThat(context.getBean(DbSettings.class).getPassword()).isEqualTo("first-" + TestAws.CANARY);
        assertThat(context.getBean(Connector.class).password()).isEqualTo("first-" + TestAws.CANARY);

        secret.rotate(credentials("second-" + TestAws.CANARY));
        TestTime.advance(REFRESH_AFTER.plusMinutes(1));

        assertThat(check()).containsExactly("app.db.password");
        assertThat(context.getBean(DbSettings.class).getPassword()).isEqualTo("second-" + TestAws.CANARY);
        assertThat(context.getBean(Connector.class).password()).isEqualTo("second-" + TestAws.CANARY);
        assertThat(context.getBean(DbSettings.class).getUsername()).isEqualTo("app");
    }

    @Test
    void aSpringCloudRefresh_keepsTheImportedValues_andReadsThemAgainWithTheSameSettings() {
        Secret secret = start("first-" + TestAws.CANARY);
        secret.rotate(credentials("second-" + TestAws.CANARY));

        // What /actuator/refresh does: the configuration is read again, the import among it.
        context.getBean(ContextRefresher.class).refresh();

        assertThat(context.getEnvironment().getProperty("app.db.password")).isEqualTo("second-" + TestAws.CANARY);
        assertThat(context.getBean(DbSettings.class).getPassword()).isEqualTo("second-" + TestAws.CANARY);
        assertThat(context.getBean(DbSettings.class).getUsername()).isEqualTo("app");
    }

    @Test
    void withoutAChange_nothingIsPublished() {
        start("first-" + TestAws.CANARY);
        TestTime.advance(REFRESH_AFTER.plusMinutes(1));

        assertThat(check()).isEmpty();
    }

    @Test
    void aRotatedSecretThatCannotBeRead_keepsItsLastValue_andTurnsHealthDownWithTheDiagnosis() {
        Secret secret = start("first-" + TestAws.CANARY);
        assertThat(TestHealth.indicator(context).status()).isEqualTo("UP");

        // The owner moves the secret to a key whose policy does not name the role, and rotates it.
        secret.kmsKey(AWS.keyWithoutRole);
        secret.rotate(credentials("second-" + TestAws.CANARY));
        TestTime.advance(REFRESH_AFTER.plusMinutes(1));
        assertThat(check()).isEmpty();

        assertThat(context.getEnvironment().getProperty("app.db.password")).isEqualTo("first-" + TestAws.CANARY);
        TestHealth.View health = TestHealth.indicator(context);
        assertThat(health.status()).isEqualTo("DOWN");
        assertThat(health.details().get("secrets")).isEqualTo(Map.of(secret.arn(), "KEY_POLICY"));
        @SuppressWarnings("unchecked")
        Map<String, Object> problems = (Map<String, Object>) health.details().get("problems");
        assertThat(problems)
                .hasEntrySatisfying(
                        secret.arn(),
                        problem -> assertThat(problem.toString())
                                .startsWith("The KMS key policy in account " + TestAws.OWNER + " does not allow "
                                        + TestAws.ROLE_ARN + " to call kms:Decrypt"));
    }
}
