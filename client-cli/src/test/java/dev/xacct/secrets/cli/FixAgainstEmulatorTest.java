package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.EmulatorExtension;
import dev.xacct.secrets.testkit.LoggedRequest;
import dev.xacct.secrets.testkit.Restriction;
import dev.xacct.secrets.testkit.World;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole loop, as the issue asks, with the real {@code Main} against the emulator: {@code verify} as the
 * application, {@code fix --apply} as each account that must act (with its own credentials), {@code verify} again.
 */
class FixAgainstEmulatorTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger(10);

    /** The writes fix can make; a dry run makes none of them. */
    private static final Set<String> WRITES = Set.of(
            "PutResourcePolicy",
            "PutKeyPolicy",
            "PutRolePolicy",
            "UpdateAssumeRolePolicy",
            "EnableKey",
            "CancelKeyDeletion",
            "RestoreSecret",
            "UpdateSecret",
            "PutUserPolicy");

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(() -> World.create());

    @TempDir
    Path dir;

    private FixWorld world(AwsEmulator aws, UnaryOperator<CrossAccountScenario.Builder> options) {
        int n = ACCOUNTS.getAndIncrement();
        CrossAccountScenario scenario = options.apply(CrossAccountScenario.builder()
                        .world(aws.world())
                        .ownerAccount("1000000000" + n)
                        .appAccount("2000000000" + n))
                .build();
        return new FixWorld(aws, scenario, dir);
    }

    /** verify, then fix --apply in each account the fixes name, until verify says OK (a fix can reveal another). */
    private static List<String> loop(FixWorld world) {
        for (int round = 0; round < 3; round++) {
            Path report = world.verify();
            if (FixWorld.codes(report).stream().allMatch("OK"::equals)) {
                return FixWorld.codes(report);
            }
            for (String account : FixWorld.actingAccounts(report)) {
                CliRun run = world.fix(account, report, "--apply");
                assertThat(run.err()).as(run.out()).isEmpty();
            }
        }
        return FixWorld.codes(world.verify());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            names = {
                "NO_RESOURCE_POLICY_STATEMENT",
                "RESOURCE_POLICY_NAMES_ACCOUNT_WITHOUT_IDENTITY_GRANT",
                "NO_KEY_POLICY_STATEMENT",
                "NO_IDENTITY_GRANT_FOR_SECRET",
                "NO_IDENTITY_GRANT_FOR_KEY",
                "IDENTITY_RESOURCE_WITHOUT_SUFFIX",
                "KEY_DISABLED",
                "KEY_PENDING_DELETION",
                "SECRET_DELETED",
                "KEY_POLICY_VIA_SERVICE_ONLY",
                "VERSION_STAGE_RESOURCE_POLICY",
                "TRUST_POLICY_WITHOUT_CALLER"
            })
    void eachRepairableBreakageIsRepairedByTheAccountsThatMustAct(Breakage breakage, AwsEmulator aws) {
        FixWorld world = world(aws, b -> b.breakages(breakage));

        assertThat(loop(world)).containsExactly("OK");
        assertThat(world.lostRestrictions()).isEmpty();
    }

    @Test
    void severalSecretsBrokenInBothAccountsAreRepairedAndEveryRestrictionKept(AwsEmulator aws) {
        FixWorld world = world(
                aws, b -> b.breakages(Breakage.NO_RESOURCE_POLICY_STATEMENT, Breakage.KEY_POLICY_VIA_SERVICE_ONLY));
        world.also("app/second", Breakage.NO_IDENTITY_GRANT_FOR_SECRET, Breakage.VERSION_STAGE_RESOURCE_POLICY);
        world.also("app/third", Breakage.KEY_PENDING_DELETION);
        world.also("app/fourth", Breakage.NO_KEY_POLICY_STATEMENT, Breakage.NO_IDENTITY_GRANT_FOR_KEY);
        assertThat(world.scenario().restrictions()).isNotEmpty();
        assertThat(world.lostRestrictions()).isEmpty();

        assertThat(loop(world)).containsExactly("OK", "OK", "OK", "OK");
        assertThat(world.lostRestrictions()).isEmpty();
    }

    @Test
    void theTrustPolicysExternalIdIsKeptWhileTheOtherPoliciesAreRepaired(AwsEmulator aws) {
        FixWorld world = world(
                aws,
                b -> b.externalId("ext-1")
                        .breakages(Breakage.NO_RESOURCE_POLICY_STATEMENT, Breakage.NO_IDENTITY_GRANT_FOR_KEY));
        assertThat(world.scenario().restrictions())
                .extracting(Restriction::kind)
                .containsExactly(Restriction.Kind.EXTERNAL_ID);

        assertThat(loop(world)).containsExactly("OK");
        assertThat(world.lostRestrictions()).isEmpty();
    }

    @Test
    void aTrustPolicyThatRequiresAnExternalIdKeepsItAndTheFixIsTheClients(AwsEmulator aws) {
        FixWorld world = world(aws, b -> b.breakages(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID));
        String trustBefore = world.scenario().role().orElseThrow().trustPolicy();
        Path report = world.verify();
        assertThat(FixWorld.codes(report)).containsExactly("ASSUME_ROLE_DENIED");
        aws.requestLog().clear();

        CliRun run = world.fix(world.scenario().app().id(), report, "--apply");

        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out())
                .containsOnlyOnce("left undone: the trust policy allows sts:AssumeRole only under the "
                        + "owner's Condition (sts:ExternalId), which a statement for "
                        + world.scenario().appUser().orElseThrow().arn() + " without it would bypass")
                .contains("the fix is on the client's side: configure the external id the role's owner gives");
        assertThat(aws.requestLog().entries())
                .extracting(LoggedRequest::operation)
                .doesNotContain("UpdateAssumeRolePolicy");
        assertThat(world.scenario().role().orElseThrow().trustPolicy()).isEqualTo(trustBefore);
        Path again = world.verify();
        assertThat(FixWorld.codes(again)).containsExactly("ASSUME_ROLE_DENIED");
        assertThat(FixWorld.json(again).get("results").get(0).get("fixes").findValuesAsText("instruction"))
                .anySatisfy(instruction -> assertThat(instruction).contains("external id the role's owner gives"));
        assertThat(world.lostRestrictions()).isEmpty();
    }

    @Test
    void aDryRunShowsTheDiffAndWritesNothing(AwsEmulator aws) {
        FixWorld world = world(aws, b -> b.breakages(Breakage.NO_KEY_POLICY_STATEMENT));
        world.also("app/disabled", Breakage.KEY_DISABLED);
        Path report = world.verify();
        String keyPolicyBefore = world.scenario().key().keyPolicy();
        aws.requestLog().clear();

        CliRun run = world.fix(world.scenario().owner().id(), report);

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("Dry run")
                .contains("Policy: the key policy of " + world.scenario().keyArn())
                .containsPattern("(?m)^  \\+ +\"AWS\": \"" + world.scenario().roleArn() + "\"$")
                .contains("would write it")
                .contains("aws kms enable-key")
                .contains("would run");
        assertThat(aws.requestLog().entries())
                .extracting(LoggedRequest::operation)
                .doesNotContainAnyElementsOf(WRITES)
                .contains("GetKeyPolicy");
        assertThat(world.scenario().key().keyPolicy()).isEqualTo(keyPolicyBefore);
    }

    @Test
    void aSecondApplyChangesNothing(AwsEmulator aws) {
        FixWorld world = world(aws, b -> b.breakages(Breakage.NO_RESOURCE_POLICY_STATEMENT));
        world.also("app/key", Breakage.NO_KEY_POLICY_STATEMENT);
        world.also("app/disabled", Breakage.KEY_DISABLED);
        Path report = world.verify();
        String owner = world.scenario().owner().id();
        CliRun first = world.fix(owner, report, "--apply");
        assertThat(first.exit()).as(first.out()).isZero();
        aws.requestLog().clear();

        CliRun second = world.fix(owner, report, "--apply");

        assertThat(second.exit()).as(second.out()).isZero();
        assertThat(second.out())
                .contains("already in place")
                .contains("already done")
                .contains("Nothing to do");
        assertThat(aws.requestLog().entries())
                .extracting(LoggedRequest::operation)
                .doesNotContainAnyElementsOf(WRITES);
    }

    @Test
    void fixesForAnotherAccountAreListedWithWhoActsThereAndNotTouched(AwsEmulator aws) {
        FixWorld world = world(aws, b -> b.breakages(Breakage.NO_IDENTITY_GRANT_FOR_SECRET));
        Path report = world.verify();
        aws.requestLog().clear();

        CliRun run = world.fix(world.scenario().owner().id(), report, "--apply");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("Left for other accounts")
                .contains("for account " + world.scenario().app().id() + " (the IAM administrator of "
                        + world.scenario().roleArn() + ")")
                .contains("Nothing to do")
                .doesNotContain("Policy:");
        assertThat(aws.requestLog().entries())
                .extracting(LoggedRequest::operation)
                .containsExactly("GetCallerIdentity");
    }
}
