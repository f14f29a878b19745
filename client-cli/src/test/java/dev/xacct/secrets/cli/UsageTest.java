package dev.xacct.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Help and bad command lines: usage on stdout with status 0 when asked for; otherwise one {@code error: } line on
 * stderr naming the argument, status 2, and no call to AWS (every case here fails before the network).
 */
class UsageTest {

    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:111111111111:secret:demo/readable-AbC123";

    @Test
    void globalHelpGoesToStdout() {
        for (String flag : new String[] {"--help", "-h"}) {
            CliRun run = CliRun.of(flag);

            assertThat(run.exit()).isZero();
            assertThat(run.out())
                    .startsWith("usage: java -jar xacct-secrets-cli.jar <command>")
                    .contains("verify", "emulator", "Exit status: 0");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void verifyHelpListsEveryOption() {
        CliRun run = CliRun.of("verify", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .startsWith("usage: java -jar xacct-secrets-cli.jar verify --secret ARN")
                .contains(
                        "--secret ARN",
                        "--role-arn ARN",
                        "--external-id ID",
                        "--kms-key-arn ARN",
                        "--region REGION",
                        "--endpoint-url URL",
                        "--format text|json",
                        "-h, --help");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void helpWinsOverOtherMistakesOnTheLine() {
        CliRun run = CliRun.of("verify", "--foo", "-h");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("usage: java -jar xacct-secrets-cli.jar verify");
    }

    @Test
    void fixHelpListsEveryOptionAndTheExitStatuses() {
        CliRun run = CliRun.of("fix", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        for (String option : new String[] {
            "--report FILE|-",
            "--apply",
            "--format text|terraform|cli",
            "--profile NAME",
            "--region REGION",
            "--endpoint-url URL"
        }) {
            assertThat(run.out()).contains(option);
        }
        assertThat(run.out()).contains("Exit status: 0 every fix for this account applied or already in place; 1");
        assertThat(CliRun.of("--help").out()).contains("fix        apply a verify report's fixes");
    }

    @Test
    void emulatorHelp() {
        CliRun run = CliRun.of("emulator", "-h");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .startsWith("usage: java -jar xacct-secrets-cli.jar emulator [--port PORT]")
                .contains("default: 4566");
    }

    @Test
    void noCommandPrintsTheUsageOnStderr() {
        CliRun run = CliRun.of();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("usage: java -jar xacct-secrets-cli.jar <command>");
    }

    @Test
    void anUnknownCommandIsNamedThenTheUsage() {
        CliRun run = CliRun.of("verfy", "--secret", SECRET);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()[0]).isEqualTo("error: unknown command 'verfy'");
        assertThat(run.err()).contains("usage: java -jar xacct-secrets-cli.jar <command>");
    }

    @Test
    void aMalformedArnIsOneLineNamingSecret() {
        CliRun run =
                CliRun.of("verify", "--region", "us-east-1", "--secret", "arn:aws:kms:us-east-1:111111111111:key/1234");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("error: --secret: 'arn:aws:kms:us-east-1:111111111111:key/1234' is a kms ARN");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            verify --region us-east-1                                | error: verify needs at least one --secret ARN
            verify --foo bar --secret SECRET                         | error: unknown option '--foo' for verify
            verify --secret SECRET --region us-east-1 stray          | error: unexpected argument 'stray' for verify
            verify --secret                                          | error: --secret needs a value
            verify --secret --region us-east-1                       | error: --secret needs a value
            verify --secret SECRET --format xml                      | error: --format must be text or json, was 'xml'
            verify --secret SECRET --region us-east-1 --role-arn bad | error: --role-arn: roleArn must be a role ARN
            verify --secret SECRET --region us-east-1 --kms-key-arn arn:aws:kms:us-east-1:1:key/x | error: --kms-key-arn: kmsKeyArn must be a KMS key ARN
            verify --secret SECRET --region Mars                     | error: --region: region must be a region id
            verify --secret SECRET --region us-east-1 --region eu-west-1 | error: --region may be given only once
            verify --secret SECRET --region us-east-1 --endpoint-url ftp://host | error: --endpoint-url: endpointOverride must be an absolute http(s) URI
            verify --secret SECRET --region us-east-1 --endpoint-url http://a^b | error: --endpoint-url: Illegal character
            verify --secret SECRET --region us-east-1 --external-id x --role-arn arn:aws:iam::222222222222:role/R | error: --external-id: externalId must be 2-1224 characters
            verify --secret SECRET --region us-east-1 --external-id abc | error: --external-id needs --role-arn
            verify --secret=SECRET --region us-east-1 --format=yaml  | error: --format must be text or json, was 'yaml'
            verify --secret=                                         | error: --secret: a secret reference must be
            emulator --port abc                                      | error: --port: must be a number from 0 (any free port) to 65535, was 'abc'
            emulator --port 65536                                    | error: --port: must be a number from 0 (any free port) to 65535, was '65536'
            emulator --port                                          | error: --port needs a value
            emulator --verbose                                       | error: unknown option '--verbose' for emulator
            emulator 4566                                            | error: unexpected argument '4566' for emulator
            fix                                                      | error: fix needs --report FILE
            fix --report r.json --format yaml                        | error: --format must be text, terraform or cli, was 'yaml'
            fix --report r.json --format terraform --apply           | error: --apply writes the policies itself; --format terraform only prints them as code
            fix --report r.json --apply=yes                          | error: --apply takes no value
            fix --report r.json --report s.json                      | error: --report may be given only once
            fix --report r.json --endpoint-url nohost                | error: --endpoint-url must be a URL
            fix --report r.json --dry-run                            | error: unknown option '--dry-run' for fix
            """)
    void eachBadArgumentIsOneErrorLine(String line, String message) {
        String[] args = line.replace("SECRET", SECRET).split(" +");

        CliRun run = CliRun.of(args);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().startsWith(message);
    }
}
