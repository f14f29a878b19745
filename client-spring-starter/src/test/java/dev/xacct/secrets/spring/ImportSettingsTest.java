package dev.xacct.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretAccessException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.StandardEnvironment;

/**
 * The imports are read with the settings the application has, wherever they are: profile-specific files and profile
 * groups, environment variables, command-line arguments, with the import itself declared in any of those. Without the
 * role, the user the tests run as may read nothing, so a successful read shows the role was used.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImportSettingsTest {

    private static final TestAws AWS = TestAws.get();
    private static final String SETTINGS = "--spring.config.additional-location=classpath:/cases/settings/";

    private ConfigurableApplicationContext context;

    @BeforeEach
    void clearRequestLog() {
        AWS.emulator.requestLog().clear();
    }

    @AfterEach
    void close(CapturedOutput output) {
        if (context != null) {
            context.close();
        }
        assertThat(output).doesNotContain(TestAws.CANARY);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @PropertySource("classpath:cases/property-source/session.properties")
    static class AppWithPropertySource {}

    private static SpringApplicationBuilder app(Class<?> type) {
        return new SpringApplicationBuilder(type).web(WebApplicationType.NONE);
    }

    /** An environment whose variables are the process's and {@code variables}, read as Spring reads variables. */
    private static StandardEnvironment withVariables(Map<String, String> variables) {
        return new StandardEnvironment() {
            @Override
            public Map<String, Object> getSystemEnvironment() {
                Map<String, Object> all = new HashMap<>(super.getSystemEnvironment());
                all.putAll(variables);
                return all;
            }
        };
    }

    @Test
    void roleInAProfileSpecificFile_isUsed_whenTheProfileIsActive() {
        context = app(App.class)
                .run("--spring.config.additional-location=classpath:/cases/profile/", "--spring.profiles.active=prod");

        assertThat(context.getEnvironment().getProperty("app.db.username")).isEqualTo("app");
        assertThat(AWS.emulator.requestLog().count("AssumeRole")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void roleInAProfileSpecificFile_isUsed_whenAProfileGroupActivatesIt() {
        context = app(App.class)
                .run(
                        "--spring.config.additional-location=classpath:/cases/profile/",
                        "--spring.profiles.active=production");

        assertThat(context.getEnvironment().getProperty("app.db.username")).isEqualTo("app");
    }

    @Test
    void withoutTheProfile_theImportIsReadWithoutTheRole_andTheReportNamesTheUser() {
        SecretAccessException failure = catchThrowableOfType(
                SecretAccessException.class,
                () -> app(App.class).run("--spring.config.additional-location=classpath:/cases/profile/"));

        // Consistent with the application's own settings: no role, so the base user reads, and the secret's resource
        // policy (which names the role) refuses it.
        assertThat(failure.code()).isEqualTo(DiagnosisCode.SECRET_RESOURCE_POLICY);
        assertThat(failure.diagnosis().summary()).contains("user/starter-test");
    }

    @Test
    void importOnTheCommandLine_usesTheSettingsOfApplicationProperties() {
        context = app(App.class)
                .run(SETTINGS, "--spring.config.import=xacct-secrets:" + AWS.config.arn() + "?prefix=app.db");

        assertThat(context.getEnvironment().getProperty("app.db.username")).isEqualTo("app");
    }

    @Test
    void importInAnEnvironmentVariable_usesTheSettingsOfApplicationProperties() {
        context = app(App.class)
                .environment(withVariables(
                        Map.of("SPRING_CONFIG_IMPORT", "xacct-secrets:" + AWS.config.arn() + "?prefix=app.db")))
                .run(SETTINGS);

        assertThat(context.getEnvironment().getProperty("app.db.username")).isEqualTo("app");
    }

    @Test
    void roleInAnEnvironmentVariable_isUsed() {
        context = app(App.class)
                .environment(withVariables(Map.of(
                        "XACCT_SECRETS_ROLE_ARN",
                        TestAws.ROLE_ARN,
                        "XACCT_SECRETS_ENDPOINT",
                        AWS.emulator.endpoint().toString(),
                        "XACCT_SECRETS_REGION",
                        TestAws.REGION)))
                .run("--spring.config.import=xacct-secrets:" + AWS.password.arn() + "?property=app.password");

        assertThat(context.getEnvironment().getProperty("app.password")).isEqualTo(TestAws.PASSWORD_VALUE);
    }

    @Test
    void expectedOwnerAccount_isApplied_toTheImports() {
        SecretAccessException failure = catchThrowableOfType(
                SecretAccessException.class,
                () -> app(App.class)
                        .run(
                                SETTINGS,
                                "--xacct.secrets.expected-owner-account=333333333333",
                                "--spring.config.import=xacct-secrets:" + AWS.config.arn() + "?prefix=app.db"));

        assertThat(failure.diagnosis().summary()).contains("333333333333").contains(TestAws.OWNER);

        context = app(App.class)
                .run(
                        SETTINGS,
                        "--xacct.secrets.expected-owner-account=" + TestAws.OWNER,
                        "--spring.config.import=xacct-secrets:" + AWS.config.arn() + "?prefix=app.db");
        assertThat(context.getEnvironment().getProperty("app.db.username")).isEqualTo("app");
    }

    @Test
    void settingInAPropertySourceAnnotation_failsStartup_namingTheSettingAndWhereToPutIt() {
        Throwable failure = catchThrowable(() -> app(AppWithPropertySource.class)
                .run(SETTINGS, "--spring.config.import=xacct-secrets:" + AWS.config.arn() + "?prefix=app.db"));

        // Found when the beans are made, wrapped in their creation exceptions.
        assertThat(failure).rootCause().isInstanceOf(ImportSettingsException.class);
        assertThat(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
                .startsWith("xacct.secrets.session-name is set where spring.config.import cannot see it (a "
                        + "@PropertySource")
                .contains("put xacct.secrets.session-name in application.properties")
                .contains("an environment variable, a system property or a command-line argument")
                .doesNotContain("from-property-source");
    }

    @Test
    void settingInsideAnImportedSecret_failsStartup_namingTheSettingAndWhereToPutIt() {
        ImportSettingsException failure = catchThrowableOfType(
                ImportSettingsException.class,
                () -> app(App.class)
                        .run(SETTINGS, "--spring.config.import=xacct-secrets:" + AWS.settingsInSecret.arn()));

        assertThat(failure.getMessage())
                .startsWith("xacct.secrets.session-name is in the imported secret xacct-secrets:"
                        + AWS.settingsInSecret.arn())
                .contains("put xacct.secrets.session-name in application.properties")
                .doesNotContain("from-secret");
    }
}
