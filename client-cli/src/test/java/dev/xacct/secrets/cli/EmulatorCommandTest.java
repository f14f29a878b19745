package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DemoWorld;
import dev.xacct.secrets.testkit.EmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code emulator} command's start-up, without its wait: started on a free port, checked, closed. */
@ExtendWith(DemoCredentials.class)
class EmulatorCommandTest {

    private static final DemoWorld DEMO = DemoWorld.create();

    /** Serves only to hold a port, for the command to find it taken. */
    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(DEMO::world);

    @Test
    void printsTheEnvironmentEveryDemoSecretWithItsCodeAndAnExample() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // The command under test starts this emulator itself: the extension cannot stand in for it.
        try (AwsEmulator emulator = EmulatorCommand.start(0, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            String out = bytes.toString(StandardCharsets.UTF_8);

            assertThat(emulator.port()).isPositive();
            assertThat(out)
                    .contains(
                            "export AWS_ENDPOINT_URL=" + emulator.endpoint(),
                            "export AWS_ACCESS_KEY_ID=" + DemoWorld.ACCESS_KEY_ID,
                            "export AWS_SECRET_ACCESS_KEY=" + DemoWorld.SECRET_ACCESS_KEY,
                            "export AWS_REGION=" + DemoWorld.REGION);
            for (DemoWorld.DemoSecret secret : DEMO.secrets()) {
                assertThat(out)
                        .containsPattern("(?m)^ +" + secret.expectedCode() + " +" + Pattern.quote(secret.arn()) + "$");
            }
            assertThat(out)
                    .contains(
                            "verify --role-arn " + DemoWorld.ROLE_ARN,
                            "--secret " + DEMO.secrets().get(0).arn(),
                            "--secret " + DEMO.secrets().get(1).arn());
            // How to stop comes last, after the administrators' keys and the example.
            assertThat(out.strip()).endsWith("Stop with Ctrl-C.");
            assertThat(out).containsOnlyOnce("Stop with Ctrl-C.");
        }
    }

    @Test
    void theExampleCommandGivesTheCodesTheBannerPromises() {
        // The banner's promise is about the world the command starts, so the command starts the emulator.
        try (AwsEmulator emulator =
                EmulatorCommand.start(0, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            CliRun run = CliRun.of(
                    "verify",
                    "--role-arn",
                    DemoWorld.ROLE_ARN,
                    "--secret",
                    DEMO.secrets().get(0).arn(),
                    "--secret",
                    DEMO.secrets().get(1).arn(),
                    "--endpoint-url",
                    emulator.endpoint().toString(),
                    "--region",
                    DemoWorld.REGION);

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out())
                    .contains(
                            DEMO.secrets().get(0).expectedCode() + " ",
                            DEMO.secrets().get(1).expectedCode() + " ");
        }
    }

    @Test
    void aTakenPortIsABadPort(AwsEmulator taken) {
        CliRun run = CliRun.of("emulator", "--port", String.valueOf(taken.port()));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("error: --port: cannot listen on 127.0.0.1:" + taken.port());
    }
}
