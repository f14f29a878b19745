package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DemoWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop the README walks, on the {@code emulator} command's demo world: {@code verify} as the application,
 * {@code fix} as the owner of Account1, {@code fix} as the IAM administrator of Account2, {@code verify} again.
 */
class FixDemoLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AccessKey DEMO_USER =
            new AccessKey(DemoWorld.ACCESS_KEY_ID, DemoWorld.SECRET_ACCESS_KEY, null);
    private static final AccessKey OWNER_ADMIN =
            new AccessKey(EmulatorCommand.OWNER_ADMIN_KEY_ID, EmulatorCommand.OWNER_ADMIN_SECRET, null);
    private static final AccessKey APP_ADMIN =
            new AccessKey(EmulatorCommand.APP_ADMIN_KEY_ID, EmulatorCommand.APP_ADMIN_SECRET, null);

    @TempDir
    Path dir;

    @Test
    void theReadmeLoopRepairsEveryDemoSecretThatPoliciesCanRepair() throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        // The README loop runs against the `emulator` command's world (its admin keys), so the command starts it.
        try (AwsEmulator emulator = EmulatorCommand.start(0, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            assertThat(banner.toString(StandardCharsets.UTF_8))
                    .contains(
                            EmulatorCommand.OWNER_ADMIN_KEY_ID + " / " + EmulatorCommand.OWNER_ADMIN_SECRET,
                            EmulatorCommand.APP_ADMIN_KEY_ID + " / " + EmulatorCommand.APP_ADMIN_SECRET);
            String endpoint = emulator.endpoint().toString();
            DemoWorld demo = DemoWorld.create();
            Path report = dir.resolve("report.json");
            Files.writeString(report, verify(demo, endpoint).out());
            assertThat(codes(report))
                    .containsExactly(
                            "OK",
                            "SECRET_RESOURCE_POLICY",
                            "KEY_POLICY",
                            "IDENTITY_POLICY",
                            "IDENTITY_POLICY",
                            "AWS_MANAGED_KEY",
                            "EXPLICIT_DENY");

            CliRun owner = FixWorld.as(
                    OWNER_ADMIN,
                    "fix",
                    "--report",
                    report.toString(),
                    "--apply",
                    "--endpoint-url",
                    endpoint,
                    "--region",
                    DemoWorld.REGION);
            CliRun app = FixWorld.as(
                    APP_ADMIN,
                    "fix",
                    "--report",
                    report.toString(),
                    "--apply",
                    "--endpoint-url",
                    endpoint,
                    "--region",
                    DemoWorld.REGION);
            CliRun again = verify(demo, endpoint);
            CliRun ownerTwice = FixWorld.as(
                    OWNER_ADMIN,
                    "fix",
                    "--report",
                    report.toString(),
                    "--apply",
                    "--endpoint-url",
                    endpoint,
                    "--region",
                    DemoWorld.REGION);

            // The AWS managed key and the Deny are decisions for a person: listed, left undone, exit 1.
            assertThat(owner.exit()).as(owner.out()).isEqualTo(1);
            assertThat(owner.out())
                    .contains(
                            "2 changes applied; 2 left undone",
                            "Left to a person of this account",
                            "AWS_MANAGED_KEY ",
                            "EXPLICIT_DENY ",
                            "Left for other accounts");
            // The app's half of the AWS managed key fix waits for the owner's new key.
            assertThat(app.exit()).as(app.out()).isEqualTo(1);
            assertThat(app.out()).contains("2 changes applied; 1 left undone");
            Path after = Files.writeString(dir.resolve("after.json"), again.out());
            assertThat(codes(after)).containsExactly("OK", "OK", "OK", "OK", "OK", "AWS_MANAGED_KEY", "EXPLICIT_DENY");
            assertThat(ownerTwice.out()).contains("0 changes applied; 2 left undone");
        }
    }

    private static CliRun verify(DemoWorld demo, String endpoint) {
        List<String> args = new ArrayList<>(List.of(
                "verify",
                "--format",
                "json",
                "--role-arn",
                DemoWorld.ROLE_ARN,
                "--endpoint-url",
                endpoint,
                "--region",
                DemoWorld.REGION));
        demo.secrets().forEach(secret -> args.addAll(List.of("--secret", secret.arn())));
        return FixWorld.as(DEMO_USER, args.toArray(String[]::new));
    }

    private static List<String> codes(Path report) throws Exception {
        List<String> codes = new ArrayList<>();
        JsonNode results = JSON.readTree(Files.readString(report)).get("results");
        results.forEach(result -> codes.add(result.get("code").asText()));
        return codes;
    }
}
