package dev.xacct.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.internal.diagnosis.TrustReading;
import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.AwsRefusedException;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.CrossAccountScenario.AppIdentity;
import dev.xacct.secrets.testkit.OwnerAction;
import dev.xacct.secrets.testkit.Restriction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * The fix loop: for every named {@link Breakage} and every pair of them (and every single one again under an
 * organization condition and with the client's external id), build the world, read, apply every fix's
 * action exactly as AWS would store it (the testkit's world operations), and read again, up to {@value #ROUNDS}
 * rounds. Worlds whose breakages a program can repair end readable; the others end with the exact code, policy and
 * account, and fixes left to a person; every restriction the starting world had still holds.
 *
 * <p>The role has a path ({@code /service/}), so a fix that loses it cannot be stored. The app assumes the role as a
 * user, or runs as a session of the role when a breakage lives in the session policy (the client passes no session
 * policy itself). The app may simulate its own policies and read its role, as the README recommends.
 */
class FixLoopTest {

    private static final int ROUNDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = CrossAccountScenario.OWNER_ACCOUNT;
    private static final String APP = CrossAccountScenario.APP_ACCOUNT;

    /** What a world that no program may repair ends with: the code, the policy and the account that must act. */
    record Named(DiagnosisCode code, PolicyKind policy, String account) {}

    /**
     * The breakages that fixes must not repair on their own: a Deny or guardrail is its owner's decision, the AWS managed
     * key needs a new key, a session policy and an external id are the client's configuration (an applier refuses to
     * add a trust statement without the owner's sts:ExternalId), and an ARN that names no secret is the caller's.
     * Everything else must end readable, a trust policy without the caller included.
     */
    private static final Map<Breakage, Named> LEFT_TO_A_PERSON_FIRST = Map.ofEntries(
            Map.entry(Breakage.AWS_MANAGED_KEY, new Named(DiagnosisCode.AWS_MANAGED_KEY, PolicyKind.KEY_POLICY, OWNER)),
            Map.entry(
                    Breakage.EXPLICIT_DENY_IN_RESOURCE_POLICY,
                    new Named(DiagnosisCode.EXPLICIT_DENY, PolicyKind.SECRET_RESOURCE_POLICY, OWNER)),
            Map.entry(
                    Breakage.EXPLICIT_DENY_IN_KEY_POLICY,
                    new Named(DiagnosisCode.EXPLICIT_DENY, PolicyKind.KEY_POLICY, OWNER)),
            Map.entry(
                    Breakage.EXPLICIT_DENY_IN_IDENTITY_POLICY,
                    new Named(DiagnosisCode.EXPLICIT_DENY, PolicyKind.IDENTITY_POLICY, APP)),
            Map.entry(
                    Breakage.EXPLICIT_DENY_IN_PERMISSIONS_BOUNDARY,
                    new Named(DiagnosisCode.EXPLICIT_DENY, PolicyKind.PERMISSIONS_BOUNDARY, APP)),
            Map.entry(
                    Breakage.EXPLICIT_DENY_IN_SESSION_POLICY,
                    new Named(DiagnosisCode.EXPLICIT_DENY, PolicyKind.SESSION_POLICY, APP)),
            Map.entry(Breakage.EXPLICIT_DENY_IN_TRUST_POLICY, new Named(DiagnosisCode.ASSUME_ROLE_DENIED, null, APP)),
            Map.entry(
                    Breakage.SCP_DENY, new Named(DiagnosisCode.EXPLICIT_DENY, PolicyKind.SERVICE_CONTROL_POLICY, null)),
            Map.entry(
                    Breakage.RCP_DENY,
                    new Named(DiagnosisCode.EXPLICIT_DENY, PolicyKind.RESOURCE_CONTROL_POLICY, null)),
            Map.entry(
                    Breakage.PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT,
                    new Named(DiagnosisCode.POLICY_GUARDRAIL, PolicyKind.PERMISSIONS_BOUNDARY, APP)),
            Map.entry(
                    Breakage.SESSION_POLICY_WITHOUT_SECRET,
                    new Named(DiagnosisCode.POLICY_GUARDRAIL, PolicyKind.SESSION_POLICY, APP)),
            Map.entry(
                    Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID, new Named(DiagnosisCode.ASSUME_ROLE_DENIED, null, APP)),
            // From another account AWS answers a secret that is not there like a missing resource-policy statement:
            // the policy stays unnamed, and the ARN is a candidate.
            Map.entry(Breakage.STALE_SUFFIX, new Named(DiagnosisCode.SECRET_RESOURCE_POLICY, null, OWNER)),
            Map.entry(
                    Breakage.PARTIAL_ARN_NAME_LIKE_SUFFIX,
                    new Named(DiagnosisCode.SECRET_RESOURCE_POLICY, null, OWNER)),
            Map.entry(Breakage.WRONG_REGION, new Named(DiagnosisCode.SECRET_RESOURCE_POLICY, null, OWNER)),
            Map.entry(
                    Breakage.WRONG_ACCOUNT,
                    new Named(DiagnosisCode.SECRET_RESOURCE_POLICY, null, CrossAccountScenario.WRONG_ACCOUNT)),
            // The owner's policies still name the deleted role (by its unique id), which AWS refuses to store again:
            // the owner must remove that statement, which no fix can do for them.
            Map.entry(Breakage.ROLE_RECREATED, new Named(DiagnosisCode.SECRET_RESOURCE_POLICY, null, OWNER)));

    /** Other outcomes that are as exact, when two breakages meet. */
    private static final Map<Breakage, List<Named>> ALSO = Map.of(
            // Once the resource policy is repaired, the key policy's statement for the deleted role blocks next.
            Breakage.ROLE_RECREATED, List.of(new Named(DiagnosisCode.KEY_POLICY, PolicyKind.KEY_POLICY, OWNER)),
            // The owner's VersionStage condition covers DescribeSecret as well, so the key's ARN cannot be learnt:
            // KMS failures stay unattributed, and the diagnosis asks for kmsKeyArn or DescribeSecret.
            Breakage.VERSION_STAGE_RESOURCE_POLICY, List.of(new Named(DiagnosisCode.KMS_ACCESS_DENIED, null, null)),
            // The emulator's simulation carries no permissions-boundary detail and it has no iam:GetRole, so a
            // boundary that lacks kms:Decrypt is told from the identity policy only by a direct probe that reaches it.
            Breakage.PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT,
                    List.of(new Named(DiagnosisCode.KMS_ACCESS_DENIED, null, null)));

    private static final Map<Breakage, List<Named>> LEFT_TO_A_PERSON = LEFT_TO_A_PERSON_FIRST.entrySet().stream()
            .collect(Collectors.toMap(
                    Map.Entry::getKey,
                    e -> ALSO.containsKey(e.getKey())
                            ? concat(e.getValue(), ALSO.get(e.getKey()))
                            : List.of(e.getValue())));

    private static List<Named> concat(Named first, List<Named> more) {
        List<Named> all = new ArrayList<>(List.of(first));
        all.addAll(more);
        return all;
    }

    /**
     * The breakages that need the key's ARN configured ({@code kmsKeyArn}) when the owner's VersionStage condition
     * hides DescribeSecret: a person follows that instruction; the loop applies policy actions only.
     */
    private static boolean keyArnUnknowable(Set<Breakage> breakages) {
        return breakages.contains(Breakage.VERSION_STAGE_RESOURCE_POLICY)
                && (breakages.contains(Breakage.NO_KEY_POLICY_STATEMENT)
                        || breakages.contains(Breakage.NO_IDENTITY_GRANT_FOR_KEY)
                        || breakages.contains(Breakage.EXPLICIT_DENY_IN_KEY_POLICY)
                        || breakages.contains(Breakage.PERMISSIONS_BOUNDARY_WITHOUT_KMS_DECRYPT));
    }

    /** The outcomes a world may end with when no program may repair it; empty when it must end readable. */
    private static List<Named> expected(Set<Breakage> breakages) {
        List<Named> expected = new ArrayList<>();
        breakages.stream().filter(LEFT_TO_A_PERSON::containsKey).forEach(b -> expected.addAll(LEFT_TO_A_PERSON.get(b)));
        if (keyArnUnknowable(breakages)) {
            expected.addAll(ALSO.get(Breakage.VERSION_STAGE_RESOURCE_POLICY));
        }
        return expected;
    }

    /** One world's run. */
    record Row(
            Set<Breakage> breakages,
            Option option,
            int rounds,
            Diagnosis last,
            List<Restriction> lost,
            List<String> refused) {

        boolean readable() {
            return last == null;
        }

        String outcome() {
            return readable() ? "readable" : last.code() + " " + last.policy() + " " + last.account();
        }
    }

    @Test
    void everyBreakageAndEveryPairEndsReadableOrNamedExactly() {
        List<Set<Breakage>> worlds = new ArrayList<>();
        Breakage[] all = Breakage.values();
        for (int i = 0; i < all.length; i++) {
            worlds.add(EnumSet.of(all[i]));
        }
        for (int i = 0; i < all.length; i++) {
            for (int j = i + 1; j < all.length; j++) {
                if (buildable(EnumSet.of(all[i], all[j]))) {
                    worlds.add(EnumSet.of(all[i], all[j]));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        long seed = 1;
        for (Set<Breakage> breakages : worlds) {
            rows.add(run(breakages, seed++, Option.NONE));
        }
        // Every single breakage again where the owners set an organization condition, and the client an external id.
        for (Option option : List.of(Option.ORGANIZATION, Option.EXTERNAL_ID)) {
            for (Breakage breakage : all) {
                if (option != Option.EXTERNAL_ID || !needsSessionPolicy(breakage)) {
                    rows.add(run(EnumSet.of(breakage), seed++, option));
                }
            }
        }
        print(rows);

        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            List<Named> expected = expected(row.breakages());
            if (!row.lost().isEmpty()) {
                problems.add(row.breakages() + " " + row.option() + ": lost " + row.lost());
            }
            if (!row.refused().isEmpty() && !row.breakages().contains(Breakage.ROLE_RECREATED)) {
                problems.add(row.breakages() + ": AWS refused " + row.refused());
            }
            if (expected.isEmpty() && !row.readable()) {
                problems.add(row.breakages() + " " + row.option() + ": repairable but ended " + row.outcome()
                        + " after " + row.rounds() + " rounds: " + row.last().summary());
            }
            if (row.breakages().contains(Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID)
                    && !row.readable()
                    && row.last().code() == DiagnosisCode.ASSUME_ROLE_DENIED
                    && row.last().fixes().stream()
                            .noneMatch(fix ->
                                    fix.action() == null && fix.instruction().contains("externalId"))) {
                problems.add(row.breakages() + " " + row.option() + ": no client-side externalId instruction");
            }
            if (!expected.isEmpty()) {
                if (row.readable()) {
                    problems.add(row.breakages() + ": fixes repaired what only a person may decide");
                } else if (expected.stream()
                        .noneMatch(named -> named.code() == row.last().code()
                                && named.policy() == row.last().policy()
                                && java.util.Objects.equals(
                                        named.account(), row.last().account()))) {
                    problems.add(
                            row.breakages() + " " + row.option() + ": ended " + row.outcome() + ", expected one of "
                                    + expected + ": " + row.last().summary());
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    private static boolean buildable(Set<Breakage> breakages) {
        boolean assumes = breakages.stream().anyMatch(FixLoopTest::needsAssumeRole);
        boolean session = breakages.stream().anyMatch(FixLoopTest::needsSessionPolicy);
        return !(assumes && session);
    }

    private static boolean needsAssumeRole(Breakage b) {
        return b == Breakage.EXPLICIT_DENY_IN_TRUST_POLICY
                || b == Breakage.TRUST_POLICY_WITHOUT_CALLER
                || b == Breakage.TRUST_POLICY_REQUIRES_EXTERNAL_ID;
    }

    private static boolean needsSessionPolicy(Breakage b) {
        return b == Breakage.EXPLICIT_DENY_IN_SESSION_POLICY || b == Breakage.SESSION_POLICY_WITHOUT_SECRET;
    }

    /** A restriction the owners set on top of the breakages. */
    enum Option {
        NONE,
        ORGANIZATION,
        EXTERNAL_ID
    }

    private static Row run(Set<Breakage> breakages, long seed, Option option) {
        boolean session = breakages.stream().anyMatch(FixLoopTest::needsSessionPolicy);
        CrossAccountScenario.Builder builder = CrossAccountScenario.builder()
                .seed(seed)
                .role("/service/", "ApplicationRole")
                .appIdentity(session ? AppIdentity.ROLE_SESSION : AppIdentity.USER_ASSUMING_ROLE)
                .allowSelfSimulation()
                .breakages(breakages);
        if (option == Option.ORGANIZATION) {
            builder.organization(CrossAccountScenario.ORGANIZATION_ID);
        } else if (option == Option.EXTERNAL_ID) {
            builder.externalId("client-external-id");
        }
        CrossAccountScenario scenario = builder.build();
        List<String> refused = new ArrayList<>();
        // By hand, not EmulatorExtension: one test runs the loop over hundreds of worlds, one emulator each.
        try (AwsEmulator aws = AwsEmulator.start(scenario.world())) {
            Diagnosis last = null;
            int round = 0;
            while (true) {
                round++;
                last = read(scenario, aws);
                if (last == null || round > ROUNDS) {
                    break;
                }
                if (!applyAll(scenario, last, refused)) {
                    break;
                }
            }
            return new Row(breakages, option, round, last, scenario.lostRestrictions(), refused);
        }
    }

    /** Reads once with a new client; {@code null} when the read works, else the diagnosis. */
    private static Diagnosis read(CrossAccountScenario scenario, AwsEmulator aws) {
        AccessKey key = scenario.appCredentials();
        AwsCredentials credentials = key.sessionToken() == null
                ? AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())
                : AwsSessionCredentials.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
        XacctSecretsClientBuilder builder = XacctSecretsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(scenario.region())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (scenario.appIdentity() == AppIdentity.USER_ASSUMING_ROLE) {
            builder.roleArn(scenario.roleArn()).sessionName(scenario.sessionName());
            scenario.externalId().ifPresent(builder::externalId);
        }
        try (XacctSecretsClient client = builder.build()) {
            client.get(SecretRef.parse(scenario.secretId()));
            return null;
        } catch (SecretAccessException e) {
            return e.diagnosis();
        }
    }

    /** Applies every fix's action as AWS would; whether anything changed. */
    private static boolean applyAll(CrossAccountScenario scenario, Diagnosis diagnosis, List<String> refused) {
        boolean changed = false;
        for (Fix fix : diagnosis.fixes()) {
            if (bypassesACondition(scenario, fix.action())) {
                // As fix does: the owner's Condition is what blocks, and the fix is on the client's side.
                continue;
            }
            OwnerAction action = ownerAction(scenario, fix.action());
            if (action == null) {
                continue;
            }
            try {
                changed |= scenario.world().apply(action);
            } catch (AwsRefusedException e) {
                // A target that does not exist is what the diagnosis warned of; a policy AWS will not store is a bug.
                if (!e.errorCode().contains("NotFound") && !e.errorCode().equals("NoSuchEntity")) {
                    refused.add(e.errorCode() + " " + e.getMessage());
                }
            }
        }
        return changed;
    }

    /**
     * Whether an action would add to a trust policy a statement without a Condition for a caller that the policy
     * already names only under one, or where it asks an {@code sts:ExternalId} of every principal: what an applier
     * must refuse, as {@code fix} does.
     */
    static boolean bypassesACondition(CrossAccountScenario scenario, Fix.Action action) {
        if (!(action instanceof Fix.MergeStatement merge) || merge.policy() != PolicyKind.TRUST_POLICY) {
            return false;
        }
        try {
            JsonNode statement = JSON.readTree(merge.statement());
            if (statement.has("Condition")) {
                return false;
            }
            String trust = scenario.world()
                    .account(Arn.fromString(merge.targetArn()).accountId().orElseThrow())
                    .role(merge.targetArn().substring(merge.targetArn().lastIndexOf('/') + 1))
                    .map(role -> role.trustPolicy())
                    .orElse(null);
            List<String> principals = new ArrayList<>();
            JsonNode aws = statement.path("Principal").path("AWS");
            (aws.isArray() ? aws : JSON.createArrayNode().add(aws)).forEach(p -> principals.add(p.asText()));
            return principals.stream()
                    .map(p -> TrustReading.of(trust, p))
                    .anyMatch(reading -> reading != null && reading.unconditionedStatementBypasses());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static OwnerAction ownerAction(CrossAccountScenario scenario, Fix.Action action) {
        if (action instanceof Fix.MergeStatement merge) {
            return new OwnerAction.MergeStatement(
                    dev.xacct.secrets.testkit.PolicyKind.valueOf(merge.policy().name()),
                    merge.targetArn(),
                    merge.statement());
        }
        if (action instanceof Fix.AttachIdentityPolicy attach) {
            // As put-role-policy does: the account and the name find the role, whatever its path.
            var account = scenario.world().account(attach.principalArn().split(":", -1)[4]);
            String arn = (attach.isRole()
                            ? account.role(attach.principalName()).map(r -> r.arn())
                            : account.user(attach.principalName()).map(u -> u.arn()))
                    .orElse(attach.principalArn());
            return new OwnerAction.PutIdentityPolicy(arn, attach.policyName(), attach.document());
        }
        if (action instanceof Fix.RunCommand run) {
            List<String> words = run.command();
            String operation = words.get(1) + " " + words.get(2);
            return switch (operation) {
                case "kms enable-key" ->
                    new OwnerAction.RunCommand(OwnerAction.Command.ENABLE_KEY, run.targetArn(), null);
                case "kms cancel-key-deletion" ->
                    new OwnerAction.RunCommand(OwnerAction.Command.CANCEL_KEY_DELETION, run.targetArn(), null);
                case "secretsmanager restore-secret" ->
                    new OwnerAction.RunCommand(OwnerAction.Command.RESTORE_SECRET, run.targetArn(), null);
                case "secretsmanager update-secret" ->
                    new OwnerAction.RunCommand(
                            OwnerAction.Command.UPDATE_SECRET_KMS_KEY_ID,
                            run.targetArn(),
                            words.get(words.indexOf("--kms-key-id") + 1));
                default -> throw new AssertionError("a command the world cannot run: " + run.commandLine());
            };
        }
        return null;
    }

    private static void print(List<Row> rows) {
        StringBuilder table = new StringBuilder("\nFix loop: breakages | rounds | outcome\n");
        for (Row row : rows) {
            table.append(row.breakages().stream().map(Breakage::toString).collect(Collectors.joining(" + ")))
                    .append(
                            row.option() == Option.NONE
                                    ? ""
                                    : " (" + row.option().name().toLowerCase(Locale.ROOT) + ")")
                    .append(" | ")
                    .append(row.rounds())
                    .append(" | ")
                    .append(row.outcome())
                    .append(row.lost().isEmpty() ? "" : " | LOST " + row.lost())
                    .append('\n');
        }
        long repairable =
                rows.stream().filter(r -> expected(r.breakages()).isEmpty()).count();
        long repaired = rows.stream()
                .filter(r -> expected(r.breakages()).isEmpty() && r.readable())
                .count();
        long lost = rows.stream().mapToLong(r -> r.lost().size()).sum();
        table.append("Totals: ")
                .append(rows.size())
                .append(" worlds; ")
                .append(repaired)
                .append(" of ")
                .append(repairable)
                .append(" repairable ones readable; ")
                .append(rows.size() - repairable)
                .append(" left to a person; ")
                .append(lost)
                .append(" restrictions lost\n");
        System.out.println(table);
    }
}
