package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.xacct.secrets.testkit.AwsEmulator;
import dev.xacct.secrets.testkit.DemoWorld;
import dev.xacct.secrets.testkit.DemoWorld.DemoSecret;
import dev.xacct.secrets.testkit.EmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code verify}, run in-process against the emulator serving the demo world, as the demo user assuming the role. */
@ExtendWith(DemoCredentials.class)
class VerifyAgainstEmulatorTest {

    private static final DemoWorld DEMO = DemoWorld.create();

    @RegisterExtension
    static final EmulatorExtension AWS = EmulatorExtension.of(DEMO::world);

    /** Fails on anything after the first JSON value, so one parse proves stdout is exactly one object. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final String SESSION_PREFIX =
            "arn:aws:sts::" + DemoWorld.APP_ACCOUNT + ":assumed-role/" + DemoWorld.ROLE_NAME + "/";

    static Stream<DemoSecret> demoSecrets() {
        return DEMO.secrets().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoSecrets")
    void jsonGivesTheDocumentedCodeForEachDemoSecret(DemoSecret secret) throws Exception {
        CliRun run = verify(List.of(secret), "--format", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(secret.expectedCode().equals("OK") ? 0 : 1);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("caller").asText()).startsWith(SESSION_PREFIX);
        assertThat(report.get("results")).hasSize(1);
        JsonNode result = report.get("results").get(0);
        assertThat(result.get("secret").asText()).isEqualTo(secret.arn());
        assertThat(result.get("code").asText()).isEqualTo(secret.expectedCode());
        if (secret.expectedCode().equals("OK")) {
            assertThat(result.get("account").isNull()).isTrue();
            assertThat(result.get("fix").isNull()).isTrue();
            return;
        }
        assertThat(result.get("account").asText()).isEqualTo(accountThatFixes(secret.expectedCode()));
        JsonNode fix = result.get("fix");
        assertThat(fix.isObject()).as("fix of %s", secret.name()).isTrue();
        assertThat(fix.get("instruction").asText()).isNotBlank();
        if (!secret.expectedCode().equals("EXPLICIT_DENY")) {
            // The fix for an explicit deny is a removal: there is nothing to paste.
            assertThat(fix.get("statement").isObject())
                    .as("statement of %s", secret.name())
                    .isTrue();
        }
        assertThat(result.get("requestId").asText()).isNotBlank();
    }

    @Test
    void allSevenInOneCallExitOneWithSevenResultsInOrder() throws Exception {
        CliRun run = verify(DEMO.secrets(), "--format", "json");

        assertThat(run.exit()).isEqualTo(1);
        JsonNode results = JSON.readTree(run.out()).get("results");
        List<String> secrets = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        results.forEach(result -> {
            secrets.add(result.get("secret").asText());
            codes.add(result.get("code").asText());
        });
        assertThat(secrets)
                .containsExactlyElementsOf(
                        DEMO.secrets().stream().map(DemoSecret::arn).toList());
        assertThat(codes)
                .containsExactlyElementsOf(
                        DEMO.secrets().stream().map(DemoSecret::expectedCode).toList());
    }

    @Test
    void jsonCarriesEachFixsActionAsAProgramWouldApplyIt() throws Exception {
        CliRun run = verify(
                List.of(
                        DEMO.secret("demo/no-key-policy"),
                        DEMO.secret("demo/no-identity-secret"),
                        DEMO.secret("demo/explicit-deny")),
                "--format",
                "json");

        JsonNode results = JSON.readTree(run.out()).get("results");
        JsonNode keyAction = results.get(0).get("fix").get("action");
        assertThat(keyAction.get("type").asText()).isEqualTo("merge-statement");
        assertThat(keyAction.get("policy").asText()).isEqualTo("KEY_POLICY");
        assertThat(keyAction.get("target").asText())
                .startsWith("arn:aws:kms:" + DemoWorld.REGION + ":" + DemoWorld.OWNER_ACCOUNT + ":key/");
        JsonNode conditions = keyAction.get("statement").get("Condition").get("StringEquals");
        assertThat(conditions.get("kms:ViaService").asText())
                .isEqualTo("secretsmanager." + DemoWorld.REGION + ".amazonaws.com");
        assertThat(conditions.get("kms:CallerAccount").asText()).isEqualTo(DemoWorld.APP_ACCOUNT);
        JsonNode identityAction = results.get(1).get("fix").get("action");
        assertThat(identityAction.get("type").asText()).isEqualTo("attach-identity-policy");
        assertThat(identityAction.get("principal").asText()).isEqualTo(DemoWorld.ROLE_ARN);
        assertThat(identityAction.get("policyName").asText()).isEqualTo("xacct-secrets-read-demo-no-identity-secret");
        assertThat(identityAction
                        .get("document")
                        .get("Statement")
                        .get(0)
                        .get("Resource")
                        .asText())
                .isEqualTo(DEMO.secret("demo/no-identity-secret").arn());
        // Removing a Deny is the owner's decision: no action a program could apply.
        assertThat(results.get(2).get("fix").get("action").isNull()).isTrue();
    }

    @Test
    void jsonStdoutIsExactlyTheOneObject() throws Exception {
        CliRun run = verify(DEMO.secrets(), "--format", "json");

        String out = run.out();
        assertThat(out).startsWith("{").endsWith("}\n");
        assertThat(out.lines()).hasSize(1);
        assertThat(JSON.readTree(out).isObject()).isTrue();
    }

    @Test
    void textNamesTheCallerEachCodeAndTheStatementToPaste() {
        CliRun run = verify(DEMO.secrets());

        assertThat(run.exit()).isEqualTo(1);
        String text = run.out();
        assertThat(text.lines().findFirst())
                .hasValueSatisfying(line -> assertThat(line).startsWith("Caller: " + SESSION_PREFIX));
        for (DemoSecret secret : DEMO.secrets()) {
            assertThat(text).containsPattern("(?m)^" + secret.expectedCode() + " +" + secret.arn());
        }
        assertThat(text).contains("1 of 7 secrets readable.");
        assertThat(text).contains("    Account:    " + DemoWorld.OWNER_ACCOUNT);
        assertThat(text).contains("    Policy:     the KMS key policy");
        assertThat(text).contains("    Action:     merge the statement into the KEY_POLICY of arn:aws:kms:");
        assertThat(text).contains("    Statement:");
        assertThat(text).contains("          \"AWS\": \"" + DemoWorld.ROLE_ARN + "\"");
    }

    @Test
    void textOfAReadableSecretIsOneOkLine() {
        CliRun run = verify(List.of(DEMO.secret("demo/readable")));

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .containsPattern("(?m)^OK  " + DEMO.secret("demo/readable").arn() + "$");
        assertThat(run.out()).contains("1 of 1 secrets readable.").doesNotContain("Fix");
    }

    @Test
    void secretValuesAreNeverPrinted() {
        CliRun text = verify(DEMO.secrets());
        CliRun json = verify(DEMO.secrets(), "--format", "json");

        // Every demo secret's value holds "demo-password-N".
        assertThat(text.out() + text.err() + json.out() + json.err()).doesNotContain("demo-password");
    }

    @Test
    void withoutTheRoleTheCallerIsTheDemoUser() throws Exception {
        CliRun run = CliRun.of(
                "verify",
                "--secret",
                DEMO.secret("demo/readable").arn(),
                "--endpoint-url",
                AWS.emulator().endpoint().toString(),
                "--region",
                DemoWorld.REGION,
                "--format",
                "json");

        assertThat(run.exit()).isEqualTo(1);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("caller").asText())
                .isEqualTo("arn:aws:iam::" + DemoWorld.APP_ACCOUNT + ":user/" + DemoWorld.USER_NAME);
        assertThat(report.get("results").get(0).get("code").asText()).isEqualTo("SECRET_RESOURCE_POLICY");
    }

    @Test
    void anUnreachableEndpointIsAServiceErrorNotACrash() {
        // A port that was free a moment ago and is closed now: the connection is refused at once. Started and closed
        // by hand because the extension's emulator stays open for the whole test.
        AwsEmulator closed = AwsEmulator.start(DemoWorld.create().world(), 0);
        closed.close();

        CliRun run = CliRun.of(
                "verify",
                "--secret",
                DEMO.secret("demo/readable").arn(),
                "--endpoint-url",
                closed.endpoint().toString(),
                "--region",
                DemoWorld.REGION);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .startsWith("Caller: unknown")
                .contains("SERVICE_ERROR")
                .contains(closed.endpoint().toString())
                // A one-shot check keeps nothing: its words never speak of a cache.
                .doesNotContainIgnoringCase("cache");
    }

    private static String accountThatFixes(String code) {
        return code.equals("IDENTITY_POLICY") ? DemoWorld.APP_ACCOUNT : DemoWorld.OWNER_ACCOUNT;
    }

    private static CliRun verify(List<DemoSecret> secrets, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "verify",
                "--endpoint-url",
                AWS.emulator().endpoint().toString(),
                "--region",
                DemoWorld.REGION,
                "--role-arn",
                DemoWorld.ROLE_ARN));
        secrets.forEach(secret -> {
            args.add("--secret");
            args.add(secret.arn());
        });
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }
}
