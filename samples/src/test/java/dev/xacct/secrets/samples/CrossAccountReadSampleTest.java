package dev.xacct.secrets.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.DemoWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The sample, run as the README's demo command runs it. */
class CrossAccountReadSampleTest {

    @Test
    void demo_readsTheGoodSecret_thenDiagnosesEachBrokenOne_withoutPrintingAPassword() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = CrossAccountReadSample.runDemo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(status).isZero();
        assertThat(output)
                .contains("Caller: arn:aws:sts::222222222222:assumed-role/ApplicationRole/")
                .contains("OK  " + DemoWorld.create().secret("demo/readable").arn())
                .contains("username = ******** (3 characters)")
                .contains("password = ********");
        DemoWorld.create().secrets().stream()
                .skip(1)
                .forEach(secret -> assertThat(output).contains(secret.arn()).contains(secret.expectedCode()));
        assertThat(output).contains("\"kms:Decrypt\"").doesNotContain("demo-password");
    }
}
