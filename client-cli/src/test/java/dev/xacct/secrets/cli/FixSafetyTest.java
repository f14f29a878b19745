package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.LoggedRequest;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.World;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What {@code fix} refuses, and that it never overwrites a policy someone changed after the diff was shown. */
class FixSafetyTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(() -> World.create());

    @TempDir
    Path dir;

    private FixWorld world(AwsEmulator aws, Breakage... breakages) {
        int n = ACCOUNTS.getAndIncrement();
        return new FixWorld(
                aws,
                CrossAccountScenario.builder()
                        .world(aws.world())
                        .ownerAccount("3000000000" + n)
                        .appAccount("4000000000" + n)
                        .breakages(breakages)
                        .build(),
                dir);
    }

    @Test
    void aPolicyChangedBetweenTheDiffAndTheWriteIsNotOverwritten(AwsEmulator aws) throws Exception {
        FixWorld world = world(aws, Breakage.NO_KEY_POLICY_STATEMENT);
        CrossAccountScenario scenario = world.scenario();
        Path report = world.verify();
        String colleagues = Policies.withStatement(
                scenario.keyPolicy(),
                Policies.statement("Allow", scenario.owner().rootArn(), "*", "kms:DescribeKey"));
        FixRequest request = new FixRequest(
                report.toString(), true, FixRequest.Format.TEXT, null, aws.endpoint(), scenario.region());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        aws.requestLog().clear();

        // A colleague changes the key policy after fix has read it and shown the diff.
        int exit = FixWorld.as(
                FixWorld.admin(scenario.owner()),
                () -> FixCommand.run(
                        request,
                        InputStream.nullInputStream(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err,
                        target -> scenario.key().keyPolicy(colleagues)));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isEqualTo(1);
        assertThat(text).contains("refused: the policy changed since it was read; nothing written");
        assertThat(scenario.key().keyPolicy()).isEqualTo(colleagues);
        assertThat(aws.requestLog().entries())
                .extracting(LoggedRequest::operation)
                .doesNotContain("PutKeyPolicy");
    }

    @Test
    void aStatementGrantingEveryoneIsRefusedWithOneLine(AwsEmulator aws) throws Exception {
        FixWorld world = world(aws, Breakage.NO_RESOURCE_POLICY_STATEMENT);
        Path report = edit(world.verify(), action -> ((ObjectNode) action.get("statement")).put("Principal", "*"));
        String before = world.scenario().secret().resourcePolicy().orElse(null);

        CliRun run = world.fix(world.scenario().owner().id(), report, "--apply");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out().lines().filter(line -> line.startsWith("refused:")).toList())
                .containsExactly("refused: the statement for the resource policy of secret "
                        + world.scenario().secretArn()
                        + " would grant access to everyone (Principal \"*\" without a condition)");
        assertThat(world.scenario().secret().resourcePolicy().orElse(null)).isEqualTo(before);
    }

    @Test
    void aFixWhoseTargetIsInAnotherAccountIsRefusedWithOneLine(AwsEmulator aws) throws Exception {
        FixWorld world = world(aws, Breakage.NO_KEY_POLICY_STATEMENT);
        FixWorld elsewhere = world(aws, Breakage.NO_KEY_POLICY_STATEMENT);
        String otherKey = elsewhere.scenario().keyArn();
        Path report = edit(world.verify(), action -> action.put("target", otherKey));
        String otherPolicy = elsewhere.scenario().key().keyPolicy();

        CliRun run = world.fix(world.scenario().owner().id(), report, "--apply");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("refused: a fix for another account: it is given for account "
                        + world.scenario().owner().id() + " but changes the key policy of " + otherKey + " of account "
                        + elsewhere.scenario().owner().id());
        assertThat(elsewhere.scenario().key().keyPolicy()).isEqualTo(otherPolicy);
    }

    @Test
    void aPolicyNamingADeletedRoleIsLeftToAPersonWithTheReason(AwsEmulator aws) {
        FixWorld world = world(aws, Breakage.ROLE_RECREATED);
        Path report = world.verify();
        String before = world.scenario().secret().resourcePolicy().orElseThrow();
        aws.requestLog().clear();

        CliRun run = world.fix(world.scenario().owner().id(), report, "--apply");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("left undone: the policy names a deleted role or user by its unique id "
                        + "\\(AROA[A-Z0-9]+\\), which AWS refuses to store again");
        assertThat(world.scenario().secret().resourcePolicy()).contains(before);
        assertThat(aws.requestLog().entries())
                .extracting(LoggedRequest::operation)
                .doesNotContain("PutResourcePolicy");
    }

    @Test
    void anUnreadableReportIsOneLineAndExitTwo(AwsEmulator aws) throws Exception {
        FixWorld world = world(aws, Breakage.NO_KEY_POLICY_STATEMENT);
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "Caller: not json");
        Path wrongShape = Files.writeString(dir.resolve("wrong.json"), "{\"secrets\": []}");
        aws.requestLog().clear();

        for (Path report : List.of(garbage, wrongShape, dir.resolve("missing.json"))) {
            CliRun run = world.fix(world.scenario().owner().id(), report, "--apply");

            assertThat(run.exit()).as(report.toString()).isEqualTo(2);
            assertThat(run.errLines()).hasSize(1);
            assertThat(run.err()).startsWith("error: --report: ");
            assertThat(run.out()).isEmpty();
        }
        assertThat(aws.requestLog().entries()).isEmpty();
    }

    @Test
    void credentialsThatNameNoOneAreOneErrorLine(AwsEmulator aws) throws Exception {
        FixWorld world = world(aws, Breakage.NO_KEY_POLICY_STATEMENT);
        Path report = world.verify();

        CliRun run = CliRun.of(
                "fix",
                "--report",
                report.toString(),
                "--profile",
                "no-such-profile-xacct",
                "--endpoint-url",
                aws.endpoint().toString(),
                "--region",
                "us-east-1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("error: cannot tell who the caller is (STS GetCallerIdentity): ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theReportCanComeFromStandardInput(AwsEmulator aws) throws Exception {
        FixWorld world = world(aws, Breakage.NO_KEY_POLICY_STATEMENT);
        byte[] report = Files.readAllBytes(world.verify());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = FixWorld.as(
                FixWorld.admin(world.scenario().owner()),
                () -> Main.run(
                        new String[] {
                            "fix",
                            "--report",
                            "-",
                            "--endpoint-url",
                            aws.endpoint().toString(),
                            "--region",
                            world.scenario().region()
                        },
                        new ByteArrayInputStream(report),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Policy: the key policy of " + world.scenario().keyArn())
                .contains("would write it");
    }

    @Test
    void secretValuesAreNeverPrinted(AwsEmulator aws) {
        FixWorld world = world(aws, Breakage.NO_RESOURCE_POLICY_STATEMENT);
        world.also("app/deleted", Breakage.SECRET_DELETED);
        Path report = world.verify();

        CliRun dry = world.fix(world.scenario().owner().id(), report);
        CliRun applied = world.fix(world.scenario().owner().id(), report, "--apply");
        CliRun terraform = CliRun.of("fix", "--report", report.toString(), "--format", "terraform");
        CliRun cli = CliRun.of("fix", "--report", report.toString(), "--format", "cli");

        // The scenarios' secret values hold "scenario-password".
        assertThat(String.join(
                        "\n",
                        dry.out(),
                        dry.err(),
                        applied.out(),
                        applied.err(),
                        terraform.out(),
                        terraform.err(),
                        cli.out(),
                        cli.err()))
                .doesNotContain("scenario-password");
        assertThat(applied.exit()).as(applied.out()).isZero();
    }

    /** A copy of a report whose first fix's action is edited, as a tampered or hand-written report would be. */
    private Path edit(Path report, java.util.function.Consumer<ObjectNode> change) throws Exception {
        JsonNode root = JSON.readTree(Files.readString(report));
        JsonNode result = root.get("results").get(0);
        change.accept((ObjectNode) result.get("fixes").get(0).get("action"));
        ((ObjectNode) result).remove("fix");
        return Files.writeString(dir.resolve("edited-" + System.nanoTime() + ".json"), root.toString());
    }
}
