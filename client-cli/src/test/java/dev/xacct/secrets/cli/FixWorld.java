package dev.xacct.secrets.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xacct.secrets.testkit.AccessKey;
import dev.xacct.secrets.testkit.Account;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.Breakage;
import dev.xacct.secrets.testkit.CrossAccountScenario;
import dev.xacct.secrets.testkit.IamUser;
import dev.xacct.secrets.testkit.Policies;
import dev.xacct.secrets.testkit.Restriction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the CLI in-process against the emulator as one identity or another: the application (verify) and each
 * account's administrator (fix). The scenario gives no owner credentials, so an administrator user is created in
 * each account through the world's API, allowed Secrets Manager, KMS and IAM by its identity policy (the key policies
 * delegate to the account, as AWS's default key policy does).
 */
final class FixWorld {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsEmulator aws;
    private final CrossAccountScenario scenario;
    private final List<CrossAccountScenario> more = new ArrayList<>();
    private final Path dir;

    FixWorld(AwsEmulator aws, CrossAccountScenario scenario, Path dir) {
        this.aws = aws;
        this.scenario = scenario;
        this.dir = dir;
    }

    /** Adds a second secret (with its own key) of the same owner, read by the same app, with other breakages. */
    CrossAccountScenario also(String secretName, Breakage... breakages) {
        CrossAccountScenario other = CrossAccountScenario.builder()
                .world(scenario.world())
                .ownerAccount(scenario.owner().id())
                .appAccount(scenario.app().id())
                .appCredentials(scenario.appCredentials())
                .secretName(secretName)
                .breakages(breakages)
                .build();
        more.add(other);
        return other;
    }

    /** The restrictions lost in any of the scenarios. */
    List<Restriction> lostRestrictions() {
        List<Restriction> lost = new ArrayList<>(scenario.lostRestrictions());
        more.forEach(other -> lost.addAll(other.lostRestrictions()));
        return lost;
    }

    CrossAccountScenario scenario() {
        return scenario;
    }

    /** The administrator of an account: a user allowed every call fix makes there. */
    static AccessKey admin(Account account) {
        IamUser admin = account.user("fix-admin").orElseGet(() -> account.createUser("fix-admin"));
        admin.putPolicy("admin", Policies.allow("*", "secretsmanager:*", "kms:*", "iam:*"));
        return admin.createAccessKey();
    }

    /** {@code verify --format json} as the application; the report is saved to a file. */
    Path verify() {
        List<String> args = new ArrayList<>(List.of(
                "verify",
                "--format",
                "json",
                "--secret",
                scenario.secretId(),
                "--endpoint-url",
                aws.endpoint().toString(),
                "--region",
                scenario.region()));
        more.forEach(other -> args.addAll(List.of("--secret", other.secretId())));
        scenario.role().ifPresent(role -> {
            if (scenario.appIdentity() == CrossAccountScenario.AppIdentity.USER_ASSUMING_ROLE) {
                args.addAll(List.of("--role-arn", role.arn()));
            }
        });
        scenario.externalId().ifPresent(id -> args.addAll(List.of("--external-id", id)));
        CliRun run = as(scenario.appCredentials(), args.toArray(String[]::new));
        try {
            Path report = Files.createTempFile(dir, "report", ".json");
            Files.writeString(report, run.out(), StandardCharsets.UTF_8);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The codes of a saved report. */
    static List<String> codes(Path report) {
        List<String> codes = new ArrayList<>();
        json(report)
                .get("results")
                .forEach(result -> codes.add(result.get("code").asText()));
        return codes;
    }

    /** The accounts that a report's fixes with an action name. */
    static Set<String> actingAccounts(Path report) {
        Set<String> accounts = new LinkedHashSet<>();
        json(report)
                .get("results")
                .forEach(result -> result.get("fixes").forEach(fix -> {
                    if (!fix.get("action").isNull() && !fix.get("account").isNull()) {
                        accounts.add(fix.get("account").asText());
                    }
                }));
        return accounts;
    }

    static JsonNode json(Path report) {
        try {
            return JSON.readTree(Files.readString(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code fix} as the administrator of {@code account}. */
    CliRun fix(String account, Path report, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "fix",
                "--report",
                report.toString(),
                "--endpoint-url",
                aws.endpoint().toString(),
                "--region",
                scenario.region()));
        args.addAll(List.of(extra));
        return as(admin(scenario.world().account(account)), args.toArray(String[]::new));
    }

    /** Runs the CLI with {@code key} as the credentials the standard chain finds first. */
    static CliRun as(AccessKey key, String... args) {
        return as(key, () -> CliRun.of(args));
    }

    /** Runs {@code action} with {@code key} as the credentials the standard chain finds first. */
    static <T> T as(AccessKey key, Supplier<T> action) {
        System.setProperty("aws.accessKeyId", key.accessKeyId());
        System.setProperty("aws.secretAccessKey", key.secretAccessKey());
        if (key.sessionToken() != null) {
            System.setProperty("aws.sessionToken", key.sessionToken());
        }
        try {
            return action.get();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.sessionToken");
        }
    }
}
