package dev.xacct.secrets.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xacct.secrets.DiagnosisCode;
import dev.xacct.secrets.SecretAccessException;
import dev.xacct.secrets.testkit.DemoWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample as a user runs it: against the demo world, first the readable secret, then one it cannot read. */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTest {

    /** The password of demo/readable in the demo world. */
    private static final String DEMO_PASSWORD = "demo-password-0";

    @Test
    void startsAgainstTheDemoWorld_andSeesThePassword(CapturedOutput output) {
        try (ConfigurableApplicationContext context = SampleApplication.run()) {
            DatabaseSettings database = context.getBean(DatabaseSettings.class);

            assertThat(database.username()).isEqualTo("app");
            assertThat(database.password()).isEqualTo(DEMO_PASSWORD);
            assertThat(database).hasToString("DatabaseSettings[username=redacted, password=redacted]");
        }
        assertThat(output)
                .contains("Started with app.db.username and app.db.password set (15 characters; values "
                        + "are never printed)")
                .doesNotContain(DEMO_PASSWORD);
    }

    @Test
    void failsToStart_whenTheKeyPolicyLacksTheRole_withAReportNamingTheFix(CapturedOutput output) {
        SecretAccessException failure = catchThrowableOfType(
                SecretAccessException.class, () -> SampleApplication.run("--demo-secret=demo/no-key-policy"));

        assertThat(failure.code()).isEqualTo(DiagnosisCode.KEY_POLICY);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("cannot be read: KEY_POLICY")
                .contains("Problem: The KMS key policy in account " + DemoWorld.OWNER_ACCOUNT + " does not allow "
                        + DemoWorld.ROLE_ARN + " to call kms:Decrypt")
                .contains("In account " + DemoWorld.OWNER_ACCOUNT + ", change the KMS key policy on arn:aws:kms:")
                .contains("\"AWS\": \"" + DemoWorld.ROLE_ARN + "\"")
                .contains("\"kms:Decrypt\"")
                .doesNotContain("Started with app.db.password")
                .doesNotContain("demo-password-");
    }
}
